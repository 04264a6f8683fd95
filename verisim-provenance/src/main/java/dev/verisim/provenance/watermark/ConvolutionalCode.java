package dev.verisim.provenance.watermark;

/**
 * The rate-1/2, constraint-length-7 convolutional code (generators 133 and 171 octal, the one of
 * Voyager and 802.11), terminated with six zero tail bits, decoded by a soft-decision Viterbi
 * decoder.
 *
 * <p>Written here rather than taken from a library: Maven Central has no maintained Java FEC
 * library with soft-decision decoding (zxing has hard-decision Reed-Solomon only), and soft
 * decisions are worth about 2 dB here, where each code bit is read from a few noisy Fourier phases.
 * The code is 80 lines and its properties are textbook.
 */
final class ConvolutionalCode {
  static final int CONSTRAINT = 7;
  private static final int STATES = 1 << (CONSTRAINT - 1);
  private static final int G0 = 0133;
  private static final int G1 = 0171;

  private ConvolutionalCode() {}

  /** The number of code bits for {@code infoBits} information bits (tail included). */
  static int codeLength(int infoBits) {
    return 2 * (infoBits + CONSTRAINT - 1);
  }

  /** Encodes bits (0 or 1 each) into {@link #codeLength} code bits. */
  static boolean[] encode(boolean[] info) {
    boolean[] out = new boolean[codeLength(info.length)];
    int reg = 0;
    for (int i = 0; i < info.length + CONSTRAINT - 1; i++) {
      int bit = i < info.length && info[i] ? 1 : 0;
      reg = ((reg << 1) | bit) & 0x7F;
      out[2 * i] = Integer.bitCount(reg & G0) % 2 == 1;
      out[2 * i + 1] = Integer.bitCount(reg & G1) % 2 == 1;
    }
    return out;
  }

  /**
   * Maximum-likelihood decoding from soft values: {@code soft[j] > 0} says code bit j is more
   * likely 1, its size how sure; any positive scale works (the metric is a correlation).
   */
  static boolean[] decode(double[] soft, int infoBits) {
    int steps = infoBits + CONSTRAINT - 1;
    if (soft.length != 2 * steps) {
      throw new IllegalArgumentException(
          "expected " + 2 * steps + " soft values, got " + soft.length);
    }
    double[] metric = new double[STATES];
    double[] next = new double[STATES];
    java.util.Arrays.fill(metric, Double.NEGATIVE_INFINITY);
    metric[0] = 0;
    // survivor[i][s]: the input bit that led to state s at step i, and the previous state.
    int[][] previous = new int[steps][STATES];
    for (int i = 0; i < steps; i++) {
      java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
      int maxBit = i < infoBits ? 1 : 0;
      for (int s = 0; s < STATES; s++) {
        if (metric[s] == Double.NEGATIVE_INFINITY) {
          continue;
        }
        for (int bit = 0; bit <= maxBit; bit++) {
          int reg = ((s << 1) | bit) & 0x7F;
          double m = metric[s];
          m += (Integer.bitCount(reg & G0) % 2 == 1) ? soft[2 * i] : -soft[2 * i];
          m += (Integer.bitCount(reg & G1) % 2 == 1) ? soft[2 * i + 1] : -soft[2 * i + 1];
          int t = reg & (STATES - 1);
          if (m > next[t]) {
            next[t] = m;
            previous[i][t] = s;
          }
        }
      }
      double[] swap = metric;
      metric = next;
      next = swap;
    }
    boolean[] info = new boolean[infoBits];
    int state = 0; // the tail drives the encoder back to state 0
    for (int i = steps - 1; i >= 0; i--) {
      if (i < infoBits) {
        info[i] = (state & 1) == 1;
      }
      state = previous[i][state];
    }
    return info;
  }
}
