package dev.verisim.core.media;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded still image: the original bytes (for metadata and compression forensics) and the pixels
 * as 8-bit sRGB, EXIF orientation applied.
 *
 * <p>The byte array and the image are shared, not copied, for speed; treat both as read-only.
 *
 * @param name the input's name as the user gave it (a path or an upload's file name)
 * @param format the format sniffed from the bytes
 * @param bytes the file's bytes, unchanged
 * @param rgb the pixels, {@link BufferedImage#TYPE_INT_RGB}, upright
 * @param exifOrientation the EXIF orientation tag that was applied (1 when absent)
 * @param sourceDescription how the source pixels were stored, for example "8-bit YCbCr" or "16-bit
 *     grey, ICC profile converted to sRGB"; for people, not for parsing
 */
public record StillImage(
    String name,
    MediaFormat format,
    byte[] bytes,
    BufferedImage rgb,
    int exifOrientation,
    String sourceDescription) {

  public StillImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(rgb, "rgb");
    Objects.requireNonNull(sourceDescription, "sourceDescription");
    if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("rgb must be TYPE_INT_RGB, got type " + rgb.getType());
    }
  }

  public int width() {
    return rgb.getWidth();
  }

  public int height() {
    return rgb.getHeight();
  }
}
