package dev.verisim.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bytes of broken or hostile files, for decoder and CLI error-path tests. */
public final class BadFiles {
  private BadFiles() {}

  /** A zero-byte file. */
  public static byte[] empty() {
    return new byte[0];
  }

  /** A plain-text file (as if someone renamed notes.txt to photo.jpg). */
  public static byte[] text() {
    return "These are my holiday notes, not a photo.\nDay 1: beach.\n"
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A JPEG cut in the middle of its scan data: the headers are complete, the EOI marker is gone.
   * ImageIO's JPEG readers decode such a file silently, padding the missing part with grey.
   */
  public static byte[] truncatedJpeg() {
    byte[] jpeg = ImageFiles.jpeg(ImageFiles.pattern(96, 64, 11L), 0.9f);
    int scanStart = startOfScanData(jpeg);
    int cut = scanStart + (jpeg.length - scanStart) / 2;
    return Arrays.copyOf(jpeg, cut);
  }

  /** A PNG of the pattern, cut in the middle of its IDAT chunk. */
  public static byte[] truncatedPng() {
    byte[] png = ImageFiles.encode(ImageFiles.pattern(96, 64, 12L), "png");
    return Arrays.copyOf(png, png.length / 2);
  }

  /** A 30000x30000 PNG: valid, small on disk, 900 megapixels once decoded. */
  public static byte[] bombPng() {
    return ImageFiles.bombPng(30000, 30000);
  }

  /** Offset of the first byte after the first SOS segment's header. */
  static int startOfScanData(byte[] jpeg) {
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int marker = jpeg[pos + 1] & 0xFF;
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      if (marker == 0xDA) {
        return pos + 2 + length;
      }
      pos += 2 + length;
    }
    throw new IllegalArgumentException("no SOS marker in JPEG");
  }
}
