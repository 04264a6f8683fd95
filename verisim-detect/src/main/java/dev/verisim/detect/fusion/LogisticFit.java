package dev.verisim.detect.fusion;

import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import java.util.List;

/**
 * Fits a {@link FusionModel}: L2-regularised logistic regression by Newton's method (IRLS) on
 * standardised features with balanced class weights, then Platt scaling on a separate calibration
 * set. Deterministic: the same data give the same model, bit for bit.
 *
 * <p>Written by hand rather than pulled from a library because it is forty lines of well-known
 * numerics over a dozen features, and the model must serialise to our own small JSON.
 */
public final class LogisticFit {
  private LogisticFit() {}

  /**
   * Fits the model.
   *
   * @param fitX feature rows used to fit the weights
   * @param fitY their labels, 1 fake and 0 real
   * @param calX feature rows used only to fit the calibration
   * @param calY their labels
   * @param l2 the ridge penalty on the standardised weights (not on the bias)
   */
  public static FusionModel fit(
      ModelInfo info,
      List<String> features,
      double[][] fitX,
      int[] fitY,
      double[][] calX,
      int[] calY,
      double l2) {
    int d = features.size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    standardisation(fitX, mean, scale);
    double[][] z = new double[fitX.length][];
    for (int i = 0; i < fitX.length; i++) {
      z[i] = new double[d];
      for (int j = 0; j < d; j++) {
        z[i][j] = FusionModel.clip((fitX[i][j] - mean[j]) / scale[j]);
      }
    }
    double[] sampleWeight = balancedWeights(fitY);
    double[] beta = newton(z, fitY, sampleWeight, l2, 50); // beta[0] is the bias
    double[] weights = new double[d];
    System.arraycopy(beta, 1, weights, 0, d);
    FusionModel uncalibrated =
        new FusionModel(
            info, features, mean, scale, weights, beta[0], 1.0, 0.0, UncertainBand.DEFAULT);

    double[][] logits = new double[calX.length][1];
    for (int i = 0; i < calX.length; i++) {
      logits[i][0] = uncalibrated.logit(calX[i]);
    }
    // Platt scaling on the natural class mix of the calibration set: p_fake is then calibrated
    // for that prior, which the model card states.
    double[] ab = newton(logits, calY, null, 1e-6, 50);
    return new FusionModel(
        info, features, mean, scale, weights, beta[0], ab[1], ab[0], UncertainBand.DEFAULT);
  }

  private static void standardisation(double[][] x, double[] mean, double[] scale) {
    int n = x.length;
    int d = mean.length;
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      // A constant feature keeps scale 1 and so gets weight ~0 from the ridge penalty.
      scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1.0;
    }
  }

  private static double[] balancedWeights(int[] y) {
    int positives = 0;
    for (int label : y) {
      positives += label;
    }
    int negatives = y.length - positives;
    double[] w = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      w[i] = y[i] == 1 ? y.length / (2.0 * positives) : y.length / (2.0 * negatives);
    }
    return w;
  }

  /**
   * Newton-Raphson for weighted logistic regression with an intercept; returns {bias, w...}.
   * Iterates until the step is tiny or the budget ends.
   */
  static double[] newton(double[][] x, int[] y, double[] sampleWeight, double l2, int maxIter) {
    int n = x.length;
    int d = x.length == 0 ? 0 : x[0].length;
    int k = d + 1;
    double[] beta = new double[k];
    for (int iter = 0; iter < maxIter; iter++) {
      double[] grad = new double[k];
      double[][] hess = new double[k][k];
      for (int i = 0; i < n; i++) {
        double z = beta[0];
        for (int j = 0; j < d; j++) {
          z += beta[j + 1] * x[i][j];
        }
        double p = FusionModel.sigmoid(z);
        double w = sampleWeight == null ? 1 : sampleWeight[i];
        double r = w * (p - y[i]);
        double h = w * p * (1 - p);
        grad[0] += r;
        hess[0][0] += h;
        for (int a = 0; a < d; a++) {
          grad[a + 1] += r * x[i][a];
          hess[0][a + 1] += h * x[i][a];
          for (int b = 0; b <= a; b++) {
            hess[a + 1][b + 1] += h * x[i][a] * x[i][b];
          }
        }
      }
      for (int a = 1; a < k; a++) {
        hess[a][0] = hess[0][a];
        for (int b = 1; b < a; b++) {
          hess[b][a] = hess[a][b];
        }
        grad[a] += l2 * beta[a];
        hess[a][a] += l2;
      }
      hess[0][0] += 1e-9; // keeps a one-class or separable set solvable
      double[] step = solve(hess, grad);
      double size = 0;
      for (int a = 0; a < k; a++) {
        beta[a] -= step[a];
        size = Math.max(size, Math.abs(step[a]));
      }
      if (size < 1e-10) {
        break;
      }
    }
    return beta;
  }

  /** Solves {@code a x = b} by Gaussian elimination with partial pivoting; a and b are copied. */
  static double[] solve(double[][] a0, double[] b0) {
    int k = b0.length;
    double[][] a = new double[k][];
    for (int i = 0; i < k; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmpRow = a[col];
      a[col] = a[pivot];
      a[pivot] = tmpRow;
      double tmp = b[col];
      b[col] = b[pivot];
      b[pivot] = tmp;
      if (Math.abs(a[col][col]) < 1e-300) {
        throw new ArithmeticException("singular system in logistic fit at column " + col);
      }
      for (int r = col + 1; r < k; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c < k; c++) {
          a[r][c] -= f * a[col][c];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < k; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
