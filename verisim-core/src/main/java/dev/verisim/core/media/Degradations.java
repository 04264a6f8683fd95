package dev.verisim.core.media;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The re-encodings media goes through on its way across the internet: rescaling and JPEG
 * re-compression. Used to launder training data (so models do not learn file formats) and to
 * measure robustness.
 */
public final class Degradations {
  private Degradations() {}

  /** Baseline JPEG at a quality in [1,100], with the JDK's encoder (IJG tables, 4:2:0). */
  public static byte[] jpeg(BufferedImage image, int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be in [1,100], got " + quality);
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(image, null, null), param);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
  }

  /** Lossless PNG, for copies that must lose no further detail. */
  public static byte[] png(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    }
  }

  /** Rescales by a factor with bilinear interpolation (what most web pipelines use). */
  public static BufferedImage scale(BufferedImage rgb, double factor) {
    int w = Math.max(1, (int) Math.round(rgb.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(rgb.getHeight() * factor));
    return resize(rgb, w, h);
  }

  /** Rescales so the longer side is {@code side} pixels. */
  public static BufferedImage fitLongSide(BufferedImage rgb, int side) {
    return scale(rgb, (double) side / Math.max(rgb.getWidth(), rgb.getHeight()));
  }

  /** Rescales to an exact size with bilinear interpolation; the result is TYPE_INT_RGB. */
  public static BufferedImage resize(BufferedImage rgb, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(rgb, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** A box blur of the given radius on each channel (edges clamped); the result is TYPE_INT_RGB. */
  public static BufferedImage blur(BufferedImage rgb, int radius) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] src = rgb.getRGB(0, 0, w, h, null, 0, w);
    int[] tmp = new int[src.length];
    int[] dst = new int[src.length];
    boxPass(src, tmp, w, h, radius, true);
    boxPass(tmp, dst, w, h, radius, false);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, dst, 0, w);
    return out;
  }

  private static void boxPass(int[] src, int[] dst, int w, int h, int r, boolean horizontal) {
    int n = 2 * r + 1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sr = 0;
        int sg = 0;
        int sb = 0;
        for (int k = -r; k <= r; k++) {
          int xx = horizontal ? Math.min(w - 1, Math.max(0, x + k)) : x;
          int yy = horizontal ? y : Math.min(h - 1, Math.max(0, y + k));
          int p = src[yy * w + xx];
          sr += (p >> 16) & 0xFF;
          sg += (p >> 8) & 0xFF;
          sb += p & 0xFF;
        }
        dst[y * w + x] = ((sr / n) << 16) | ((sg / n) << 8) | (sb / n);
      }
    }
  }

  /** Adds zero-mean Gaussian noise of the given sigma (grey levels) to each channel, seeded. */
  public static BufferedImage noise(BufferedImage rgb, double sigma, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      int r = clamp(((p >> 16) & 0xFF) + sigma * random.nextGaussian());
      int g = clamp(((p >> 8) & 0xFF) + sigma * random.nextGaussian());
      int b = clamp((p & 0xFF) + sigma * random.nextGaussian());
      px[i] = (r << 16) | (g << 8) | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
