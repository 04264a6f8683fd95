package dev.verisim.core;

import java.util.Locale;

/**
 * Why an input could not be analysed. The {@link #id()} is the stable string that appears as {@code
 * error.code} in the verdict JSON and the HTTP API; never rename one.
 */
public enum ErrorCode {
  /** The path does not exist. */
  NOT_FOUND,
  /** The file could not be read (permissions, I/O failure). */
  IO_ERROR,
  /** The file has zero bytes. */
  EMPTY,
  /** The file is larger than the byte limit. */
  TOO_MANY_BYTES,
  /** The header declares more pixels than the pixel limit; nothing was decoded. */
  TOO_MANY_PIXELS,
  /** The container declares (or decoding reaches) a longer duration than the limit. */
  TOO_LONG,
  /** The bytes are not an image format verisim reads (sniffed from content, not the name). */
  UNSUPPORTED_FORMAT,
  /** The file ends before the image data does. */
  TRUNCATED,
  /** The bytes claim a known format but cannot be decoded. */
  CORRUPT,
  /** An analysis step failed on an input it accepted: a bug to report. */
  INTERNAL;

  /** The stable, lower-case, hyphenated identifier, for example {@code too-many-pixels}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
