package dev.verisim.detect.learned;

/**
 * Temperature scaling: {@code p = sigmoid(logit / T)} with the one T that minimises the log loss on
 * held-out logits. It changes confidence, never the ranking, so AUC is unchanged.
 */
final class Calibration {
  private Calibration() {}

  static double probability(double logit, double temperature) {
    return 1 / (1 + Math.exp(-logit / temperature));
  }

  /** The temperature in [0.05, 20] with the least log loss, by golden-section search on log T. */
  static double temperature(double[] logits, int[] labels) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nll(logits, labels, Math.exp(a));
    double fb = nll(logits, labels, Math.exp(b));
    for (int i = 0; i < 60; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nll(logits, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nll(logits, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  static double nll(double[] logits, int[] labels, double t) {
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      double z = logits[i] / t;
      // log(1 + e^-|z|) + max(z, 0) - z*y, stable for large |z|
      s += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - z * labels[i];
    }
    return s / logits.length;
  }
}
