package dev.verisim.provenance.watermark;

import java.awt.image.BufferedImage;

/** Peak signal-to-noise ratio of 8-bit RGB images, over the three channels. */
public final class Psnr {
  private Psnr() {}

  /**
   * PSNR in dB of {@code b} against {@code a} (same size); infinite when they are equal.
   *
   * @throws IllegalArgumentException when the sizes differ
   */
  public static double of(BufferedImage a, BufferedImage b) {
    int w = a.getWidth();
    int h = a.getHeight();
    if (b.getWidth() != w || b.getHeight() != h) {
      throw new IllegalArgumentException(
          "PSNR needs images of one size, got "
              + w
              + "x"
              + h
              + " and "
              + b.getWidth()
              + "x"
              + b.getHeight());
    }
    int[] p = a.getRGB(0, 0, w, h, null, 0, w);
    int[] q = b.getRGB(0, 0, w, h, null, 0, w);
    long squared = 0;
    for (int i = 0; i < p.length; i++) {
      for (int shift = 16; shift >= 0; shift -= 8) {
        int d = ((p[i] >> shift) & 0xFF) - ((q[i] >> shift) & 0xFF);
        squared += (long) d * d;
      }
    }
    return fromSquaredError(squared, 3L * p.length);
  }

  static double fromSquaredError(long squared, long samples) {
    if (squared == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double mse = (double) squared / samples;
    return 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
