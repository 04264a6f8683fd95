package dev.verisim.provenance.watermark;

import java.awt.image.BufferedImage;

/** A luminance plane in floats, row-major, with the few operations the watermark needs. */
final class LumaPlane {
  final int width;
  final int height;
  final float[] values;

  LumaPlane(int width, int height, float[] values) {
    this.width = width;
    this.height = height;
    this.values = values;
  }

  static LumaPlane of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = image.getRGB(0, 0, w, h, null, 0, w);
    float[] y = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      y[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
    }
    return new LumaPlane(w, h, y);
  }

  /** This plane plus a delta per value (same size). */
  LumaPlane plus(float[] delta) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i] + delta[i];
    }
    return new LumaPlane(width, height, out);
  }

  /** Averages factor x factor blocks (a box filter, so nothing aliases into the mark's band). */
  LumaPlane shrink(int factor) {
    if (factor == 1) {
      return this;
    }
    int w = width / factor;
    int h = height / factor;
    float[] out = new float[w * h];
    float norm = 1f / (factor * factor);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float s = 0;
        for (int dy = 0; dy < factor; dy++) {
          int row = (y * factor + dy) * width + x * factor;
          for (int dx = 0; dx < factor; dx++) {
            s += values[row + dx];
          }
        }
        out[y * w + x] = s * norm;
      }
    }
    return new LumaPlane(w, h, out);
  }

  /**
   * The four-neighbour Laplacian (edges clamped). It removes the strong low frequencies of photos
   * that would otherwise leak into the mark's band when a non-periodic image is folded; the band
   * itself is then whitened phase by phase.
   */
  LumaPlane highPass() {
    float[] out = new float[values.length];
    for (int y = 0; y < height; y++) {
      int up = Math.max(0, y - 1) * width;
      int down = Math.min(height - 1, y + 1) * width;
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int left = Math.max(0, x - 1);
        int right = Math.min(width - 1, x + 1);
        out[row + x] =
            4 * values[row + x]
                - values[row + left]
                - values[row + right]
                - values[up + x]
                - values[down + x];
      }
    }
    return new LumaPlane(width, height, out);
  }

  /**
   * A perceptual mask: the local standard deviation of luminance over a 5 x 5 window, so the mark
   * is stronger in texture (where the eye and JPEG's quantiser both tolerate it) and weaker in flat
   * areas. Returned unnormalised.
   */
  float[] activity() {
    int r = 2;
    float[] out = new float[values.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (int dy = -r; dy <= r; dy++) {
          int yy = Math.min(height - 1, Math.max(0, y + dy));
          for (int dx = -r; dx <= r; dx++) {
            int xx = Math.min(width - 1, Math.max(0, x + dx));
            float p = values[yy * width + xx];
            s += p;
            s2 += p * p;
            n++;
          }
        }
        double mean = s / n;
        out[y * width + x] = (float) Math.sqrt(Math.max(0, s2 / n - mean * mean));
      }
    }
    return out;
  }

  /** Bilinear sample; NaN outside the plane. */
  float sample(double x, double y) {
    if (x < 0 || y < 0 || x > width - 1 || y > height - 1) {
      return Float.NaN;
    }
    int x0 = Math.min((int) x, width - 2);
    int y0 = Math.min((int) y, height - 2);
    if (x0 < 0 || y0 < 0) {
      return values[0];
    }
    float fx = (float) (x - x0);
    float fy = (float) (y - y0);
    int i = y0 * width + x0;
    float top = values[i] + fx * (values[i + 1] - values[i]);
    float bottom = values[i + width] + fx * (values[i + width + 1] - values[i + width]);
    return top + fy * (bottom - top);
  }
}
