package dev.verisim.provenance.watermark;

import dev.verisim.core.media.Degradations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The edits a watermark must survive, as the robustness harness applies them: re-compression,
 * resizing, cropping, tone changes and small rotations. Each is deterministic.
 */
public enum WatermarkAttack {
  NONE("none"),
  JPEG_50("jpeg q50"),
  JPEG_70("jpeg q70"),
  JPEG_90("jpeg q90"),
  JPEG_95("jpeg q95"),
  RESIZE_050("resize 0.5x"),
  RESIZE_075("resize 0.75x"),
  RESIZE_150("resize 1.5x"),
  RESIZE_200("resize 2x"),
  CROP_05_CORNER("crop 5% corner"),
  CROP_10_CORNER("crop 10% corner"),
  CROP_05_CENTRE("crop 5% centred"),
  CROP_10_CENTRE("crop 10% centred"),
  BRIGHTER_20("brightness +20%"),
  DARKER_20("brightness -20%"),
  CONTRAST_UP_20("contrast +20%"),
  CONTRAST_DOWN_20("contrast -20%"),
  PNG_TO_JPEG_85("png->jpeg q85"),
  JPEG_TO_PNG("jpeg q90->png"),
  ROTATE_PLUS_1("rotate +1deg"),
  ROTATE_MINUS_1("rotate -1deg"),
  ROTATE_PLUS_2("rotate +2deg"),
  ROTATE_MINUS_2("rotate -2deg");

  private final String label;

  WatermarkAttack(String label) {
    this.label = label;
  }

  /** A short human name, for example {@code jpeg q50}. */
  public String label() {
    return label;
  }

  /** Applies the edit; the result is a new image. */
  public BufferedImage apply(BufferedImage image) {
    return switch (this) {
      case NONE -> image;
      case JPEG_50 -> jpeg(image, 50);
      case JPEG_70 -> jpeg(image, 70);
      case JPEG_90 -> jpeg(image, 90);
      case JPEG_95 -> jpeg(image, 95);
      case RESIZE_050 -> Degradations.scale(image, 0.5);
      case RESIZE_075 -> Degradations.scale(image, 0.75);
      case RESIZE_150 -> Degradations.scale(image, 1.5);
      case RESIZE_200 -> Degradations.scale(image, 2.0);
      case CROP_05_CORNER -> crop(image, 0.05, false);
      case CROP_10_CORNER -> crop(image, 0.10, false);
      case CROP_05_CENTRE -> crop(image, 0.05, true);
      case CROP_10_CENTRE -> crop(image, 0.10, true);
      case BRIGHTER_20 -> tone(image, 1.2, false);
      case DARKER_20 -> tone(image, 0.8, false);
      case CONTRAST_UP_20 -> tone(image, 1.2, true);
      case CONTRAST_DOWN_20 -> tone(image, 0.8, true);
      case PNG_TO_JPEG_85 -> jpeg(decode(Degradations.png(image)), 85);
      // A mark distributed as JPEG and then converted: the PNG keeps the JPEG's losses exactly.
      case JPEG_TO_PNG -> decode(Degradations.png(jpeg(image, 90)));
      case ROTATE_PLUS_1 -> rotate(image, 1);
      case ROTATE_MINUS_1 -> rotate(image, -1);
      case ROTATE_PLUS_2 -> rotate(image, 2);
      case ROTATE_MINUS_2 -> rotate(image, -2);
    };
  }

  private static BufferedImage jpeg(BufferedImage image, int quality) {
    return decode(Degradations.jpeg(image, quality));
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes));
      BufferedImage rgb =
          new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(read, 0, 0, null);
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException("decoding an image encoded in memory failed", e);
    }
  }

  /** Cuts {@code share} of the width and of the height: all off the bottom-right, or centred. */
  private static BufferedImage crop(BufferedImage image, double share, boolean centred) {
    int w = image.getWidth();
    int h = image.getHeight();
    int cw = (int) Math.round(w * share);
    int ch = (int) Math.round(h * share);
    int x = centred ? cw / 2 : cw;
    int y = centred ? ch / 2 : ch;
    return copy(image.getSubimage(x, y, w - cw, h - ch));
  }

  /** Brightness: every channel times the factor; contrast: about the mean grey. Clipped. */
  private static BufferedImage tone(BufferedImage image, double factor, boolean aboutMean) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = image.getRGB(0, 0, w, h, null, 0, w);
    double mean = 0;
    if (aboutMean) {
      for (int p : px) {
        mean += (((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / 3.0;
      }
      mean /= px.length;
    }
    for (int i = 0; i < px.length; i++) {
      int q = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        double c = (px[i] >> shift) & 0xFF;
        long v = Math.round(mean + (c - mean) * factor);
        q |= (int) Math.max(0, Math.min(255, v)) << shift;
      }
      px[i] = q;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  /**
   * Rotates about the centre (bilinear) and keeps the largest centred rectangle of the original
   * size's proportions that has no empty corner, as photo editors' "straighten" does.
   */
  private static BufferedImage rotate(BufferedImage image, double degrees) {
    int w = image.getWidth();
    int h = image.getHeight();
    double a = Math.toRadians(degrees);
    double c = Math.abs(Math.cos(a));
    double s = Math.abs(Math.sin(a));
    // Largest scale k such that a k*w x k*h rectangle rotated by a fits in w x h.
    double k = Math.min(w / (w * c + h * s), h / (w * s + h * c));
    int ow = (int) Math.floor(w * k);
    int oh = (int) Math.floor(h * k);
    int[] src = image.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[ow * oh];
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double dx = x - (ow - 1) / 2.0;
        double dy = y - (oh - 1) / 2.0;
        double sx = (w - 1) / 2.0 + cos * dx + sin * dy;
        double sy = (h - 1) / 2.0 - sin * dx + cos * dy;
        out[y * ow + x] = bilinear(src, w, h, sx, sy);
      }
    }
    BufferedImage result = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
    result.setRGB(0, 0, ow, oh, out, 0, ow);
    return result;
  }

  private static int bilinear(int[] src, int w, int h, double x, double y) {
    x = Math.max(0, Math.min(w - 1.0001, x));
    y = Math.max(0, Math.min(h - 1.0001, y));
    int x0 = (int) x;
    int y0 = (int) y;
    double fx = x - x0;
    double fy = y - y0;
    int q = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double p00 = (src[y0 * w + x0] >> shift) & 0xFF;
      double p01 = (src[y0 * w + x0 + 1] >> shift) & 0xFF;
      double p10 = (src[(y0 + 1) * w + x0] >> shift) & 0xFF;
      double p11 = (src[(y0 + 1) * w + x0 + 1] >> shift) & 0xFF;
      double v = (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy;
      q |= (int) Math.round(v) << shift;
    }
    return q;
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(image, 0, 0, null);
    return out;
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
