package dev.verisim.core.media;

/**
 * Limits checked before an image is decoded: the file size, then the pixel count read from the
 * header. Both guard memory: a decoded image takes 4 bytes a pixel.
 *
 * @param maxBytes largest accepted file, in bytes
 * @param maxPixels largest accepted width times height
 */
public record ImageLimits(long maxBytes, long maxPixels) {
  /**
   * 100 MiB and 64 megapixels: a 24-megapixel camera photo passes, a decompression bomb does not.
   */
  public static final ImageLimits DEFAULT = new ImageLimits(100L << 20, 64_000_000L);

  public ImageLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }
}
