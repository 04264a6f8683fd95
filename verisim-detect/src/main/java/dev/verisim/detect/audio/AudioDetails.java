package dev.verisim.detect.audio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.verdict.MediaDetails;
import java.util.List;
import java.util.Objects;

/**
 * The audio fields of a verdict, written after the common ones:
 *
 * <pre>
 * "duration_s": 9.62, "sample_rate": 16000,
 * "segments": [{"start_s": 0.0, "end_s": 4.0, "p_fake": 0.91}, ...],
 * "audio_source": {"format": "mp3", "codec": "mp3float", "sample_rate": 44100, "channels": 2}
 * </pre>
 *
 * {@code sample_rate} is the rate verisim analysed at (always 16000); {@code audio_source} says
 * what the file held before resampling and the downmix to mono.
 *
 * @param durationSeconds the decoded duration
 * @param segments each segment's calibrated probability of synthetic speech, in time order
 * @param format the container as FFmpeg names it
 * @param codec the audio codec as FFmpeg names it
 * @param sourceSampleRate the stream's own sample rate
 * @param sourceChannels the stream's own channel count
 */
public record AudioDetails(
    double durationSeconds,
    List<Segment> segments,
    String format,
    String codec,
    int sourceSampleRate,
    int sourceChannels)
    implements MediaDetails {

  /** One stretch of the clip and its calibrated probability of synthetic speech. */
  public record Segment(double startSeconds, double endSeconds, double pFake) {
    public Segment {
      if (!(endSeconds >= startSeconds) || !(pFake >= 0 && pFake <= 1)) {
        throw new IllegalArgumentException(
            "bad segment " + startSeconds + "-" + endSeconds + " p=" + pFake);
      }
    }
  }

  public AudioDetails {
    segments = List.copyOf(segments);
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(codec, "codec");
  }

  @Override
  public String media() {
    return "audio";
  }

  @Override
  public void writeJson(ObjectNode verdict) {
    verdict.put("duration_s", round(durationSeconds, 1000));
    verdict.put("sample_rate", AudioDecoder.SAMPLE_RATE);
    ArrayNode segs = verdict.putArray("segments");
    for (Segment s : segments) {
      segs.addObject()
          .put("start_s", round(s.startSeconds(), 1000))
          .put("end_s", round(s.endSeconds(), 1000))
          .put("p_fake", round(s.pFake(), 1000));
    }
    verdict
        .putObject("audio_source")
        .put("format", format)
        .put("codec", codec)
        .put("sample_rate", sourceSampleRate)
        .put("channels", sourceChannels);
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
