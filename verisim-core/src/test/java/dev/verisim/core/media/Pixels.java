package dev.verisim.core.media;

import java.awt.image.BufferedImage;

/** Pixel comparisons shared by the decoder tests. */
final class Pixels {
  private Pixels() {}

  /** Mean absolute difference per channel, 0..255, of two images of the same size. */
  static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new AssertionError(
          "sizes differ: "
              + a.getWidth()
              + "x"
              + a.getHeight()
              + " vs "
              + b.getWidth()
              + "x"
              + b.getHeight());
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  static int red(int rgb) {
    return (rgb >> 16) & 0xFF;
  }

  static int green(int rgb) {
    return (rgb >> 8) & 0xFF;
  }

  static int blue(int rgb) {
    return rgb & 0xFF;
  }

  /** "r,g,b" for assertion messages. */
  static String show(int rgb) {
    return red(rgb) + "," + green(rgb) + "," + blue(rgb);
  }

  /** True when every channel is within {@code tolerance} of the expected one. */
  static boolean near(int rgb, int r, int g, int b, int tolerance) {
    return Math.abs(red(rgb) - r) <= tolerance
        && Math.abs(green(rgb) - g) <= tolerance
        && Math.abs(blue(rgb) - b) <= tolerance;
  }
}
