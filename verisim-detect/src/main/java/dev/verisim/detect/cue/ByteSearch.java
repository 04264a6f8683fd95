package dev.verisim.detect.cue;

/** ASCII text search in raw bytes, so a large file is never copied into a String to be searched. */
final class ByteSearch {
  private ByteSearch() {}

  /**
   * The first index in {@code [from, to)} where {@code text} starts, comparing ASCII letters
   * without case, or -1.
   */
  static int indexOfIgnoreCase(byte[] bytes, int from, int to, String text) {
    int n = text.length();
    int last = Math.min(to, bytes.length) - n;
    for (int i = Math.max(0, from); i <= last; i++) {
      if (matchesAt(bytes, i, text)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesAt(byte[] bytes, int at, String text) {
    for (int j = 0; j < text.length(); j++) {
      if (lower(bytes[at + j] & 0xFF) != lower(text.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
