package dev.verisim.gan.quality;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** The red, green and blue planes of an image as floats in 0..255, row-major. */
final class Planes {
  private Planes() {}

  static float[][] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    float[][] planes = new float[3][w * h];
    for (int i = 0; i < argb.length; i++) {
      planes[0][i] = (argb[i] >>> 16) & 0xff;
      planes[1][i] = (argb[i] >>> 8) & 0xff;
      planes[2][i] = argb[i] & 0xff;
    }
    return planes;
  }

  /** The common side of square images, or an exception naming the first one that differs. */
  static int commonSide(List<BufferedImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images");
    }
    int side = images.get(0).getWidth();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = images.get(i);
      if (image.getWidth() != side || image.getHeight() != side) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "image %d is %dx%d, expected %dx%d",
                i,
                image.getWidth(),
                image.getHeight(),
                side,
                side));
      }
    }
    return side;
  }
}
