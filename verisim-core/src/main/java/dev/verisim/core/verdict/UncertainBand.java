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
