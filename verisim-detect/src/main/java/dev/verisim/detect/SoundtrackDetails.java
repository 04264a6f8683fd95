package dev.verisim.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.MediaDetails;
import dev.verisim.core.verdict.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * A video's details plus the verdict the audio model gave its soundtrack, written as a {@code
 * soundtrack} object: {@code verdict}, {@code p_fake}, {@code cues} and the audio's own fields
 * ({@code segments}, {@code duration_s}...).
 *
 * @param video the video pipeline's details, when it had any
 * @param sound the audio detector's verdict on the same file (analysed, never an error)
 */
public record SoundtrackDetails(Optional<MediaDetails> video, Verdict sound)
    implements MediaDetails {
  public SoundtrackDetails {
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(sound, "sound");
    if (sound.error().isPresent()) {
      throw new IllegalArgumentException("a soundtrack verdict must be analysed, not an error");
    }
  }

  @Override
  public String media() {
    return "video";
  }

  @Override
  public void writeJson(ObjectNode o) {
    video.ifPresent(d -> d.writeJson(o));
    ObjectNode s = o.putObject("soundtrack");
    s.put("verdict", sound.label().id());
    s.put("p_fake", Math.round(sound.pFake().getAsDouble() * 10_000.0) / 10_000.0);
    var cues = s.putArray("cues");
    for (CueEvidence c : sound.cues()) {
      cues.addObject()
          .put("name", c.name())
          .put("score", Math.round(c.score() * 10_000.0) / 10_000.0)
          .put("explanation", c.explanation());
    }
    s.putObject("model").put("id", sound.model().id()).put("version", sound.model().version());
    sound.details().ifPresent(d -> d.writeJson(s));
  }
}
