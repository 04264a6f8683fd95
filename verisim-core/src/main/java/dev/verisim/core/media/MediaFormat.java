package dev.verisim.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Still-image formats verisim reads. The format is always sniffed from the bytes, never the name.
 */
public enum MediaFormat {
  JPEG("image/jpeg"),
  PNG("image/png"),
  WEBP("image/webp"),
  BMP("image/bmp"),
  TIFF("image/tiff"),
  GIF("image/gif");

  private final String mimeType;

  MediaFormat(String mimeType) {
    this.mimeType = mimeType;
  }

  public String mimeType() {
    return mimeType;
  }

  /** Number of leading bytes {@link #sniff} needs to decide. */
  public static final int SNIFF_BYTES = 12;

  /**
   * Identifies the format from the magic bytes at the start of a file.
   *
   * @param head the first bytes of the file (at least {@link #SNIFF_BYTES} to recognise every
   *     format)
   * @return the format, or empty when the bytes are not a format verisim reads
   */
  public static Optional<MediaFormat> sniff(byte[] head) {
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, 0, 'B', 'M') && head.length >= 6) {
      return Optional.of(BMP);
    }
    if (startsWith(head, 0, 'I', 'I', 42, 0) || startsWith(head, 0, 'M', 'M', 0, 42)) {
      return Optional.of(TIFF);
    }
    if (head.length >= 6) {
      String sig = new String(head, 0, 6, StandardCharsets.US_ASCII);
      if (sig.equals("GIF87a") || sig.equals("GIF89a")) {
        return Optional.of(GIF);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, int... magic) {
    if (bytes.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
