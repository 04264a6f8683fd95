package dev.verisim.detect.audio;

import java.util.Objects;

/**
 * Audio decoded to 16 kHz mono floats in [-1, 1].
 *
 * @param name the name to report
 * @param samples the samples at {@link AudioDecoder#SAMPLE_RATE}
 * @param format the container as FFmpeg names it, for example "wav" or "ogg"
 * @param codec the audio codec as FFmpeg names it, for example "pcm_s16le" or "opus"
 * @param sourceSampleRate the sample rate of the stream before resampling
 * @param sourceChannels the channels of the stream before the downmix
 */
public record DecodedAudio(
    String name,
    float[] samples,
    String format,
    String codec,
    int sourceSampleRate,
    int sourceChannels) {
  public DecodedAudio {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(samples, "samples");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(codec, "codec");
  }

  /** The duration in seconds. */
  public double durationSeconds() {
    return samples.length / (double) AudioDecoder.SAMPLE_RATE;
  }
}
