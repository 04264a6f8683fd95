package dev.verisim.core.verdict;

/**
 * The band of probabilities for which verisim says "uncertain" instead of guessing. A calibrated
 * {@code p_fake} below {@code low} is real, above {@code high} fake, anything in between (bounds
 * included) uncertain.
 */
public record UncertainBand(double low, double high) {
  /** The default band; wide on purpose, since the cues alone are weak evidence. */
  public static final UncertainBand DEFAULT = new UncertainBand(0.35, 0.65);

  public UncertainBand {
    if (!(0 <= low && low <= high && high <= 1)) {
      throw new IllegalArgumentException(
          "uncertain band needs 0 <= low <= high <= 1, got [" + low + ", " + high + "]");
    }
  }

  /**
   * Parses {@code "0.35,0.65"}.
   *
   * @throws IllegalArgumentException naming the text when it is not two numbers in order
   */
  public static UncertainBand parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "uncertain band must be LOW,HIGH (for example 0.35,0.65), got '" + text + "'");
    }
    try {
      return new UncertainBand(
          Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "uncertain band must be two numbers LOW,HIGH, got '" + text + "'", e);
    }
  }

  /**
   * The narrowest band, on a 0.01 grid around 0.5, outside which labelled validation data are
   * called correctly at least {@code 1 - maxError} of the time: {@code high} is the smallest
   * threshold whose "fake" calls ({@code p > high}) are at most {@code maxError} real images, and
   * {@code low} the largest whose "real" calls ({@code p < low}) are at most {@code maxError}
   * fakes. A side no threshold satisfies goes to 0.99 (or 0.01): the model then rarely commits to
   * that label. The error rates depend on the validation data's share of fakes; say what it was.
   *
   * @param p calibrated probabilities of fake
   * @param y labels, 1 fake, 0 real
   * @param maxError the largest share of wrong calls accepted on each side, in (0, 0.5)
   */
  public static UncertainBand fromValidation(double[] p, int[] y, double maxError) {
    if (p.length != y.length || p.length == 0) {
      throw new IllegalArgumentException(
          "need as many labels as probabilities, and some: " + p.length + " vs " + y.length);
    }
    if (!(maxError > 0 && maxError < 0.5)) {
      throw new IllegalArgumentException("maxError must be in (0, 0.5), got " + maxError);
    }
    double high = 0.99;
    for (int t = 50; t <= 99; t++) {
      if (errorShare(p, y, t / 100.0, true) <= maxError) {
        high = t / 100.0;
        break;
      }
    }
    double low = 0.01;
    for (int t = 50; t >= 1; t--) {
      if (errorShare(p, y, t / 100.0, false) <= maxError) {
        low = t / 100.0;
        break;
      }
    }
    return new UncertainBand(Math.min(low, high), high);
  }

  /** The share of wrong calls among those above (fake) or below (real) a threshold; 0 if none. */
  private static double errorShare(double[] p, int[] y, double t, boolean fakeSide) {
    int calls = 0;
    int wrong = 0;
    for (int i = 0; i < p.length; i++) {
      if (fakeSide ? p[i] > t : p[i] < t) {
        calls++;
        wrong += (fakeSide ? y[i] == 0 : y[i] == 1) ? 1 : 0;
      }
    }
    return calls == 0 ? 0 : (double) wrong / calls;
  }

  public Label classify(double pFake) {
    if (pFake < low) {
      return Label.REAL;
    }
    if (pFake > high) {
      return Label.FAKE;
    }
    return Label.UNCERTAIN;
  }
}
