package dev.verisim.core.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Metrics of a binary scorer: labels are 1 for fake, 0 for real; scores are higher for more likely
 * fake. Ties are handled exactly (AUC counts a tie as half a correct ordering).
 */
public final class BinaryMetrics {
  private BinaryMetrics() {}

  /** Area under the ROC curve, by the rank-sum (Mann-Whitney) formula with tie correction. */
  public static double auc(double[] scores, int[] labels) {
    check(scores, labels);
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double meanRank = (i + j) / 2.0 + 1; // 1-based mean rank of the tied run
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositive += meanRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Mean negative log-likelihood of probabilities, clipped away from 0 and 1. */
  public static double logLoss(double[] probabilities, int[] labels) {
    check(probabilities, labels);
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - 1e-12, Math.max(1e-12, probabilities[i]));
      sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

  /** Fraction correct when fake is predicted for probability {@code > threshold}. */
  public static double accuracy(double[] probabilities, int[] labels, double threshold) {
    check(probabilities, labels);
    int correct = 0;
    for (int i = 0; i < probabilities.length; i++) {
      int predicted = probabilities[i] > threshold ? 1 : 0;
      correct += predicted == labels[i] ? 1 : 0;
    }
    return (double) correct / probabilities.length;
  }

  /** Expected calibration error over equal-width probability bins. */
  public static double expectedCalibrationError(double[] probabilities, int[] labels, int bins) {
    check(probabilities, labels);
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < probabilities.length; i++) {
      int b = Math.min(bins - 1, (int) (probabilities[i] * bins));
      sumP[b] += probabilities[i];
      sumY[b] += labels[i];
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sumP[b] - sumY[b]) / probabilities.length;
      }
    }
    return ece;
  }

  private static void check(double[] scores, int[] labels) {
    if (scores.length != labels.length || scores.length == 0) {
      throw new IllegalArgumentException(
          "need as many labels as scores, and at least one: "
              + scores.length
              + " scores, "
              + labels.length
              + " labels");
    }
  }
}
