package dev.verisim.core.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns whatever a reader returned into 8-bit sRGB {@link BufferedImage#TYPE_INT_RGB}, and says in
 * words what the source was. Transparent pixels are composited on white, the colour most viewers
 * show behind them.
 */
final class SrgbConverter {
  private SrgbConverter() {}

  record Result(BufferedImage rgb, String description) {}

  static Result toSrgb(BufferedImage source, MediaFormat format, FormatStructure structure) {
    ColorModel model = source.getColorModel();
    ColorSpace space = model.getColorSpace();
    boolean alpha = model.hasAlpha();
    int bits = model.getComponentSize(0);
    StringBuilder description = new StringBuilder();
    BufferedImage argb;

    // The PNG reader ignores iCCP: its image claims sRGB, so the profile is applied here.
    ICC_Profile pngProfile =
        format == MediaFormat.PNG
                && structure.iccProfile() != null
                && structure.iccProfile().getColorSpaceType() == ColorSpace.TYPE_RGB
                && !isSrgb(structure.iccProfile())
            ? structure.iccProfile()
            : null;

    if (model instanceof IndexColorModel palette) {
      description.append(palette.getMapSize() <= 256 ? "8-bit palette" : "palette");
      argb = viaGetRgb(source);
    } else if (space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
      description.append(bits).append("-bit grey");
      argb = grey(source);
    } else if (space.getType() == ColorSpace.TYPE_CMYK) {
      description.append("CMYK, converted to sRGB");
      argb = convert(source);
    } else if (isSrgb(space)) {
      description.append(bits).append("-bit RGB");
      argb = viaGetRgb(source);
    } else {
      description.append(bits).append("-bit ").append(spaceName(space));
      String profileName = space instanceof ICC_ColorSpace icc ? name(icc.getProfile()) : null;
      description
          .append(profileName == null ? "" : ", ICC profile '" + profileName + "'")
          .append(" converted to sRGB");
      argb = convert(source);
    }

    if (pngProfile != null) {
      argb = applyProfile(argb, pngProfile);
      description.append(", ICC profile '").append(name(pngProfile)).append("' converted to sRGB");
    }
    if (format == MediaFormat.JPEG) {
      description.setLength(0);
      description.append(jpegDescription(structure));
    }
    if (alpha) {
      description.append(", transparency composited on white");
    }
    return new Result(onWhite(argb), description.toString());
  }

  /**
   * JPEG readers hide the stored colour model (TwelveMonkeys returns CMYK and ICC-tagged JPEGs
   * already converted), so the description comes from the frame header instead.
   */
  private static String jpegDescription(FormatStructure structure) {
    String bits = structure.jpegPrecision() > 0 ? structure.jpegPrecision() + "-bit " : "";
    String stored =
        switch (structure.jpegComponents()) {
          case 1 -> bits + "grey";
          case 3 -> structure.adobeTransform() == 0 ? bits + "RGB" : bits + "YCbCr";
          case 4 -> structure.adobeTransform() == 2 ? "YCCK" : "CMYK";
          default -> bits + structure.jpegComponents() + "-component";
        };
    ICC_Profile profile = structure.iccProfile();
    if (profile != null && !isSrgb(profile)) {
      return stored + ", ICC profile '" + name(profile) + "' converted to sRGB";
    }
    return structure.jpegComponents() == 4 ? stored + ", converted to sRGB" : stored;
  }

  /** Grey samples are gamma-encoded like sRGB; Java's CS_GRAY is linear, so it is bypassed. */
  private static BufferedImage grey(BufferedImage source) {
    int width = source.getWidth();
    int height = source.getHeight();
    Raster raster = source.getRaster();
    ColorModel model = source.getColorModel();
    int greyMax = (1 << model.getComponentSize(0)) - 1;
    boolean alpha = model.hasAlpha();
    int alphaMax = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
    BufferedImage argb = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] greyRow = new int[width];
    int[] alphaRow = new int[width];
    int[] out = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, greyRow);
      if (alpha) {
        raster.getSamples(0, y, width, 1, 1, alphaRow);
      }
      for (int x = 0; x < width; x++) {
        int v = scale(greyRow[x], greyMax);
        int a = alpha ? scale(alphaRow[x], alphaMax) : 255;
        out[x] = a << 24 | v << 16 | v << 8 | v;
      }
      argb.setRGB(0, y, width, 1, out, 0, width);
    }
    return argb;
  }

  private static int scale(int sample, int max) {
    return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
  }

  /** For sources already in sRGB: the colour model's own conversion to 8-bit ARGB. */
  private static BufferedImage viaGetRgb(BufferedImage source) {
    int width = source.getWidth();
    int height = source.getHeight();
    BufferedImage argb = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      source.getRGB(0, y, width, 1, row, 0, width);
      argb.setRGB(0, y, width, 1, row, 0, width);
    }
    return argb;
  }

  /** Colour-managed conversion from the source's colour space (ICC, CMYK) to sRGB. */
  private static BufferedImage convert(BufferedImage source) {
    int type =
        source.getColorModel().hasAlpha()
            ? BufferedImage.TYPE_INT_ARGB
            : BufferedImage.TYPE_INT_RGB;
    BufferedImage converted = new BufferedImage(source.getWidth(), source.getHeight(), type);
    new ColorConvertOp(null).filter(source, converted);
    return converted;
  }

  /** Reinterprets 8-bit ARGB values as being in {@code profile} and converts them to sRGB. */
  private static BufferedImage applyProfile(BufferedImage argb, ICC_Profile profile) {
    DirectColorModel tagged =
        new DirectColorModel(
            new ICC_ColorSpace(profile),
            32,
            0x00FF0000,
            0x0000FF00,
            0x000000FF,
            0xFF000000,
            false,
            DataBuffer.TYPE_INT);
    BufferedImage source = new BufferedImage(tagged, argb.getRaster(), false, null);
    BufferedImage converted =
        new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_ARGB);
    new ColorConvertOp(null).filter(source, converted);
    return converted;
  }

  /** Draws the image on white: composites any alpha, and yields TYPE_INT_RGB either way. */
  private static BufferedImage onWhite(BufferedImage argb) {
    BufferedImage rgb =
        new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(argb, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static boolean isSrgb(ColorSpace space) {
    return space.isCS_sRGB() || (space instanceof ICC_ColorSpace icc && isSrgb(icc.getProfile()));
  }

  /**
   * Embedded sRGB profiles ("sRGB IEC61966-2.1" and friends) are not the JDK's built-in instance
   * but mean the same; converting through them would only cost time and add rounding.
   */
  private static boolean isSrgb(ICC_Profile profile) {
    String name = name(profile);
    return name != null && name.toLowerCase(Locale.ROOT).startsWith("srgb");
  }

  private static String spaceName(ColorSpace space) {
    return switch (space.getType()) {
      case ColorSpace.TYPE_RGB -> "RGB";
      case ColorSpace.TYPE_GRAY -> "grey";
      case ColorSpace.TYPE_YCbCr -> "YCbCr";
      case ColorSpace.TYPE_Lab -> "Lab";
      default -> space.getNumComponents() + "-component colour";
    };
  }

  /** The profile's description tag ('desc' in ICC v2, 'mluc' in v4), or null. */
  static String name(ICC_Profile profile) {
    byte[] tag;
    try {
      tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
    } catch (RuntimeException e) {
      return null;
    }
    if (tag == null || tag.length < 12) {
      return null;
    }
    String type = new String(tag, 0, 4, StandardCharsets.ISO_8859_1);
    if (type.equals("desc")) {
      int count = readInt(tag, 8);
      int length = Math.max(0, Math.min(count, tag.length - 12));
      return clean(new String(tag, 12, length, StandardCharsets.ISO_8859_1));
    }
    if (type.equals("mluc") && tag.length >= 28) {
      int length = readInt(tag, 20);
      int offset = readInt(tag, 24);
      if (offset >= 0 && length >= 0 && offset + length <= tag.length) {
        return clean(new String(tag, offset, length, StandardCharsets.UTF_16BE));
      }
    }
    return null;
  }

  private static String clean(String s) {
    String trimmed = s.replace("\0", "").trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static int readInt(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 24)
        | ((b[pos + 1] & 0xFF) << 16)
        | ((b[pos + 2] & 0xFF) << 8)
        | (b[pos + 3] & 0xFF);
  }
}
