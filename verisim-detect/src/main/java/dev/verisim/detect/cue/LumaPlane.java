package dev.verisim.detect.cue;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Luminance (ITU-R BT.601 Y, 0..255) of a rectangular window of an upright image, as floats,
 * row-major.
 *
 * @param originX the window's left edge in the upright image
 * @param originY the window's top edge in the upright image
 */
public record LumaPlane(int width, int height, float[] y, int originX, int originY) {
  public LumaPlane {
    Objects.requireNonNull(y, "y");
    if (width <= 0 || height <= 0 || y.length != width * height) {
      throw new IllegalArgumentException("luma plane " + width + "x" + height + " size mismatch");
    }
  }

  public float at(int x, int yy) {
    return y[yy * width + x];
  }

  /** The luminance of a window of an RGB image. */
  public static LumaPlane of(BufferedImage rgb, int x0, int y0, int w, int h) {
    int[] argb = rgb.getRGB(x0, y0, w, h, null, 0, w);
    float[] y = new float[w * h];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
    }
    return new LumaPlane(w, h, y, x0, y0);
  }
}
