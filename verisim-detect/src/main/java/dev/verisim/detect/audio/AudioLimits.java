package dev.verisim.detect.audio;

/**
 * What an audio input may cost before verisim refuses it: checked before the expensive work, the
 * size from the file system and the duration from the container header (and again while decoding,
 * for streams whose header does not say).
 *
 * @param maxBytes the largest file accepted, in bytes
 * @param maxDurationSeconds the longest audio accepted, in seconds
 */
public record AudioLimits(long maxBytes, double maxDurationSeconds) {
  /** 200 MiB and 10 minutes. */
  public static final AudioLimits DEFAULT = new AudioLimits(200L << 20, 600);

  public AudioLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    if (!(maxDurationSeconds > 0)) {
      throw new IllegalArgumentException(
          "maxDurationSeconds must be positive, got " + maxDurationSeconds);
    }
  }
}
