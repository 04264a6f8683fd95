package dev.verisim.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
    double ece = 0;
    for (ReliabilityBin b : reliability(probabilities, labels, bins)) {
      if (b.count() == 0) {
        continue;
      }
      ece += b.count() * Math.abs(b.meanProbability() - b.fractionFake()) / probabilities.length;
    }
    return ece;
  }

  /**
   * One bin of a reliability diagram.
   *
   * @param lower the bin's lower edge (included)
   * @param upper the bin's upper edge (excluded, except 1.0 in the last bin)
   * @param count how many probabilities fell in the bin
   * @param meanProbability their mean; NaN for an empty bin
   * @param fractionFake the fraction of them labelled fake; NaN for an empty bin
   */
  public record ReliabilityBin(
      double lower, double upper, long count, double meanProbability, double fractionFake) {}

  /**
   * Reliability diagram: probabilities in {@code bins} equal-width bins over [0,1], each with its
   * mean probability and observed fraction of fakes. A calibrated model has the two equal.
   */
  public static List<ReliabilityBin> reliability(double[] probabilities, int[] labels, int bins) {
    check(probabilities, labels);
    if (bins < 1) {
      throw new IllegalArgumentException("need at least one bin, got " + bins);
    }
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    long[] count = new long[bins];
    for (int i = 0; i < probabilities.length; i++) {
      int b = Math.max(0, Math.min(bins - 1, (int) (probabilities[i] * bins)));
      sumP[b] += probabilities[i];
      sumY[b] += labels[i];
      count[b]++;
    }
    List<ReliabilityBin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      double mean = count[b] == 0 ? Double.NaN : sumP[b] / count[b];
      double fraction = count[b] == 0 ? Double.NaN : sumY[b] / count[b];
      out.add(
          new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count[b], mean, fraction));
    }
    return List.copyOf(out);
  }

  /**
   * Counts of a decision rule "fake when score {@code > threshold}"; fake is the positive class.
   */
  public record Confusion(
      long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
    public long total() {
      return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Fraction of fakes flagged (recall, true-positive rate); NaN without fakes. */
    public double truePositiveRate() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    /** Fraction of reals flagged as fake; NaN without reals. */
    public double falsePositiveRate() {
      return ratio(falsePositives, falsePositives + trueNegatives);
    }

    /** Fraction of reals let through as real; NaN without reals. */
    public double specificity() {
      return ratio(trueNegatives, falsePositives + trueNegatives);
    }

    /** Fraction of flagged inputs that are fake; NaN when nothing is flagged. */
    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    public double accuracy() {
      return ratio(truePositives + trueNegatives, total());
    }

    private static double ratio(long a, long b) {
      return b == 0 ? Double.NaN : (double) a / b;
    }
  }

  /** The confusion matrix of "fake when score {@code > threshold}". */
  public static Confusion confusion(double[] scores, int[] labels, double threshold) {
    check(scores, labels);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean flagged = scores[i] > threshold;
      if (labels[i] == 1) {
        tp += flagged ? 1 : 0;
        fn += flagged ? 0 : 1;
      } else {
        fp += flagged ? 1 : 0;
        tn += flagged ? 0 : 1;
      }
    }
    return new Confusion(tp, fp, tn, fn);
  }

  /**
   * A point of the ROC curve: the rates of the rule "fake when score {@code > threshold}".
   *
   * @param threshold the rule's threshold
   * @param falsePositiveRate the fraction of reals flagged
   * @param truePositiveRate the fraction of fakes flagged
   */
  public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}

  /**
   * The ROC curve: one point per distinct score (flagging everything above it), from (0,0) to
   * (1,1), plus the point that flags everything. Tied scores move the curve diagonally in one step.
   * Empty when only one class is present (the rates are undefined).
   */
  public static List<RocPoint> roc(double[] scores, int[] labels) {
    check(scores, labels);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return List.of();
    }
    List<RocPoint> points = new ArrayList<>();
    for (Sweep s : sweep(scores, labels)) {
      points.add(
          new RocPoint(s.threshold(), (double) s.fp() / negatives, (double) s.tp() / positives));
    }
    return List.copyOf(points);
  }

  /**
   * Average precision: the area under the precision-recall curve as a step function, the sum over
   * distinct thresholds of (recall gained) x (precision there); tied scores enter together. NaN
   * without fakes.
   */
  public static double averagePrecision(double[] scores, int[] labels) {
    check(scores, labels);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    long previousTp = 0;
    for (Sweep s : sweep(scores, labels)) {
      if (s.tp() > previousTp) {
        ap += (double) (s.tp() - previousTp) / positives * s.tp() / (s.tp() + s.fp());
        previousTp = s.tp();
      }
    }
    return ap;
  }

  /**
   * An operating point: a threshold (fake when score {@code > threshold}) and a rate there.
   *
   * @param rate the error rate or accuracy the point was chosen for
   * @param threshold the threshold
   */
  public record OperatingPoint(double rate, double threshold) {}

  /**
   * Equal error rate: the ROC point where the false-positive rate is closest to the false-negative
   * rate (1 - TPR), reported as their mean, with that point's threshold. Of several equally close
   * points the one with the highest threshold wins. NaN (and threshold NaN) with one class only.
   */
  public static OperatingPoint equalErrorRate(double[] scores, int[] labels) {
    OperatingPoint best = new OperatingPoint(Double.NaN, Double.NaN);
    double bestGap = Double.POSITIVE_INFINITY;
    for (RocPoint p : roc(scores, labels)) {
      double fnr = 1 - p.truePositiveRate();
      double gap = Math.abs(p.falsePositiveRate() - fnr);
      if (gap < bestGap) {
        bestGap = gap;
        best = new OperatingPoint((p.falsePositiveRate() + fnr) / 2, p.threshold());
      }
    }
    return best;
  }

  /**
   * The threshold with the highest accuracy among the ROC thresholds (hindsight: an upper bound of
   * what a threshold tuned on this data reaches). Of equal accuracies the highest threshold wins.
   */
  public static OperatingPoint bestAccuracyThreshold(double[] scores, int[] labels) {
    check(scores, labels);
    OperatingPoint best = new OperatingPoint(-1, Double.NaN);
    for (Sweep s : sweep(scores, labels)) {
      long negatives = labels.length - s.positives();
      double accuracy = (double) (s.tp() + negatives - s.fp()) / labels.length;
      if (accuracy > best.rate()) {
        best = new OperatingPoint(accuracy, s.threshold());
      }
    }
    return best;
  }

  /** Cumulative counts flagged by "score > threshold", thresholds from the highest score down. */
  private record Sweep(double threshold, long tp, long fp, long positives) {}

  private static List<Sweep> sweep(double[] scores, int[] labels) {
    int n = scores.length;
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    List<Sweep> out = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    // Nothing is above the highest score.
    out.add(new Sweep(scores[order[0]], 0, 0, positives));
    int i = 0;
    while (i < n) {
      double value = scores[order[i]];
      int j = i;
      while (j < n && scores[order[j]] == value) {
        tp += labels[order[j]] == 1 ? 1 : 0;
        fp += labels[order[j]] == 1 ? 0 : 1;
        j++;
      }
      // Flagging this tied run means the threshold drops to the next lower score (or below all).
      double next = j < n ? scores[order[j]] : Math.nextDown(value);
      out.add(new Sweep(next, tp, fp, positives));
      i = j;
    }
    return out;
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
