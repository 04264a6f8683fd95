package dev.verisim.gan;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Conversions between images and the networks' tensors (RGB, CHW, values in [-1, 1]). */
public final class Images {
  private Images() {}

  /** Writes one image into {@code out} at {@code offset}, optionally mirrored left to right. */
  public static void toChw(BufferedImage rgb, float[] out, int offset, boolean flip) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = px[y * w + (flip ? w - 1 - x : x)];
        int i = offset + y * w + x;
        out[i] = ((p >> 16) & 0xff) / 127.5f - 1f;
        out[i + plane] = ((p >> 8) & 0xff) / 127.5f - 1f;
        out[i + 2 * plane] = (p & 0xff) / 127.5f - 1f;
      }
    }
  }

  /** A batch (B, 3, H, W) in [-1, 1] as 8-bit images (values clipped, rounded). */
  public static List<BufferedImage> fromBatch(NDArray batch) {
    int b = Math.toIntExact(batch.getShape().get(0));
    int h = Math.toIntExact(batch.getShape().get(2));
    int w = Math.toIntExact(batch.getShape().get(3));
    float[] v = batch.toFloatArray();
    int plane = w * h;
    List<BufferedImage> out = new ArrayList<>(b);
    for (int n = 0; n < b; n++) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      int[] px = new int[plane];
      int base = n * 3 * plane;
      for (int i = 0; i < plane; i++) {
        px[i] =
            (byte8(v[base + i]) << 16)
                | (byte8(v[base + plane + i]) << 8)
                | byte8(v[base + 2 * plane + i]);
      }
      img.setRGB(0, 0, w, h, px, 0, w);
      out.add(img);
    }
    return out;
  }

  private static int byte8(float x) {
    int q = Math.round((x + 1f) * 127.5f);
    return Math.max(0, Math.min(255, q));
  }

  /** Tiles images (all the same size) into a grid with {@code columns} columns and a 2 px gap. */
  public static BufferedImage grid(List<BufferedImage> images, int columns) {
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    int rows = (images.size() + columns - 1) / columns;
    int gap = 2;
    BufferedImage out =
        new BufferedImage(
            columns * (w + gap) + gap, rows * (h + gap) + gap, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    try {
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < images.size(); i++) {
        g.drawImage(
            images.get(i), gap + (i % columns) * (w + gap), gap + (i / columns) * (h + gap), null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
