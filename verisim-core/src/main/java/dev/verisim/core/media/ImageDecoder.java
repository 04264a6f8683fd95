package dev.verisim.core.media;

import dev.verisim.core.MediaException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decodes still images safely: format sniffed from the bytes, byte and pixel limits checked before
 * the full decode, EXIF orientation applied, colour converted to 8-bit sRGB. Thread-safe.
 *
 * <pre>{@code
 * ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
 * StillImage img = decoder.decode(Path.of("photo.jpg"), "photo.jpg");
 * }</pre>
 */
public final class ImageDecoder {
  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Reads and decodes a file.
   *
   * @param file the file to read
   * @param name the name to report (the path as the user gave it)
   * @throws MediaException naming the reason when the file is missing, unreadable, empty, too
   *     large, not an image, truncated or corrupt
   */
  public StillImage decode(Path file, String name) throws MediaException {
    throw new UnsupportedOperationException("TODO");
  }

  /** Decodes bytes already in memory (an upload). */
  public StillImage decode(byte[] bytes, String name) throws MediaException {
    throw new UnsupportedOperationException("TODO");
  }
}
