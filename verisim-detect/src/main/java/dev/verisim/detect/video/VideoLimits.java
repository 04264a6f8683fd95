package dev.verisim.detect.video;

/**
 * Limits checked before a video is decoded: the file size first, then the duration, the frame size
 * and the frame count declared by the container. Decoding enforces them again, because a header can
 * understate what follows it.
 *
 * @param maxBytes largest accepted file, in bytes
 * @param maxDurationSeconds longest accepted duration, in seconds
 * @param maxWidth widest accepted frame, in pixels
 * @param maxHeight tallest accepted frame, in pixels
 * @param maxFrames most video frames accepted
 */
public record VideoLimits(
    long maxBytes, double maxDurationSeconds, int maxWidth, int maxHeight, long maxFrames) {
  /**
   * 2 GiB, 10 minutes, 3840x2160 (either orientation) and 100 000 frames: a phone's 4K clip of a
   * few minutes passes, a decompression bomb or an hour-long stream does not.
   */
  public static final VideoLimits DEFAULT = new VideoLimits(2L << 30, 600, 3840, 2160, 100_000);

  public VideoLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (!(maxDurationSeconds > 0)) {
      throw new IllegalArgumentException(
          "maxDurationSeconds must be positive, got " + maxDurationSeconds);
    }
    if (maxWidth <= 0 || maxHeight <= 0) {
      throw new IllegalArgumentException(
          "maxWidth and maxHeight must be positive, got " + maxWidth + "x" + maxHeight);
    }
    if (maxFrames <= 0) {
      throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
    }
  }

  /** This limit with another duration, in seconds. */
  public VideoLimits withMaxDuration(double seconds) {
    return new VideoLimits(maxBytes, seconds, maxWidth, maxHeight, maxFrames);
  }

  /** This limit with another byte limit. */
  public VideoLimits withMaxBytes(long bytes) {
    return new VideoLimits(bytes, maxDurationSeconds, maxWidth, maxHeight, maxFrames);
  }

  /**
   * Whether a frame of this size fits; portrait video counts too, so 2160x3840 passes the default.
   */
  public boolean fits(int width, int height) {
    int longSide = Math.max(width, height);
    int shortSide = Math.min(width, height);
    return longSide <= Math.max(maxWidth, maxHeight) && shortSide <= Math.min(maxWidth, maxHeight);
  }
}
