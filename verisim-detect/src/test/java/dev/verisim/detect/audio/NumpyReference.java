package dev.verisim.detect.audio;

/**
 * Constants computed offline with Debian's python3 and numpy 1.x, independently of the Java code:
 *
 * <pre>
 * x = (0.3 sin(2 pi 440 i/16000) + 0.1 sin(2 pi 3000 i/16000)) as float32, i = 0..1599
 * pre-emphasis y[i] = x[i] - 0.97 x[i-1] (x[-1] = 0); frame 3 = y[480:880] * hamming(400)
 * P = |rfft(frame, 512)|^2; 20 triangular filters, edges linspace(0, 8000, 22)
 * E = log(W P + 1e-10); c = orthonormal DCT-II(E)
 * </pre>
 */
final class NumpyReference {
  private NumpyReference() {}

  static final double[] LFCC_FRAME3 = {
    -20.315225, 13.301097, -0.860838, -2.697747, 3.348939, 8.922591, 7.950714, 2.046546
  };
}
