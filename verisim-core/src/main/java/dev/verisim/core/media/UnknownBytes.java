package dev.verisim.core.media;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Says in words what a file that is not a supported image seems to be, for error messages. */
final class UnknownBytes {
  private UnknownBytes() {}

  private static final int HEX_BYTES = 16;

  static String describe(byte[] b) {
    String looksLike = looksLike(b);
    String hex = HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(b.length, HEX_BYTES));
    return looksLike == null
        ? "it starts with bytes " + hex
        : "it looks like " + looksLike + " (starts with bytes " + hex + ")";
  }

  private static String looksLike(byte[] b) {
    if (ascii(b, 0, "%PDF")) {
      return "a PDF document";
    }
    if (ascii(b, 0, "PK\u0003\u0004")) {
      return "a ZIP archive";
    }
    if (ascii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      return switch (brand) {
        case "heic", "heix", "heim", "heis", "mif1", "msf1" -> "a HEIC/HEIF image";
        case "avif", "avis" -> "an AVIF image";
        default -> "an MP4 or QuickTime file (brand '" + brand.trim() + "')";
      };
    }
    if (ascii(b, 0, "RIFF") && b.length >= 12) {
      return "a RIFF '" + new String(b, 8, 4, StandardCharsets.ISO_8859_1).trim() + "' file";
    }
    if (ascii(b, 0, "ID3") || ascii(b, 0, "OggS") || ascii(b, 0, "fLaC")) {
      return "an audio file";
    }
    if ((b[0] & 0xFF) == 0x1F && b.length > 1 && (b[1] & 0xFF) == 0x8B) {
      return "a gzip archive";
    }
    if (ascii(b, 0, "\u007FELF")) {
      return "a program (ELF executable)";
    }
    if (ascii(b, 0, "8BPS")) {
      return "a Photoshop document";
    }
    if (isText(b)) {
      return "text";
    }
    return null;
  }

  /** No control characters other than whitespace in the first KiB (UTF-8 bytes allowed). */
  private static boolean isText(byte[] b) {
    int n = Math.min(b.length, 1024);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      boolean whitespace = c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if ((c < 0x20 && !whitespace) || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] b, int offset, String magic) {
    if (b.length < offset + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (b[offset + i] != (byte) magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
