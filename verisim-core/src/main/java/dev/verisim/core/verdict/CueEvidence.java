package dev.verisim.core.verdict;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cue saw in one input.
 *
 * @param name the cue's stable name, for example "spectrum"
 * @param score suspicion in [0,1]: 0 looks camera-made, 1 looks generated or manipulated; not a
 *     calibrated probability on its own
 * @param explanation one or two plain sentences a non-expert can read
 * @param features the numbers behind the score, by stable name, for fusion and research
 * @param heatmap where in the image the cue looked suspicious, when the cue is spatial
 * @param faces the faces the cue scored one by one, most suspicious first; empty for a cue that
 *     does not look at faces
 */
public record CueEvidence(
    String name,
    double score,
    String explanation,
    Map<String, Double> features,
    Optional<Heatmap> heatmap,
    List<FaceRegion> faces) {

  public CueEvidence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(heatmap, "heatmap");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("cue '" + name + "' score must be in [0,1], got " + score);
    }
    features = Map.copyOf(features);
    faces = List.copyOf(faces);
  }

  public CueEvidence(
      String name,
      double score,
      String explanation,
      Map<String, Double> features,
      Optional<Heatmap> heatmap) {
    this(name, score, explanation, features, heatmap, List.of());
  }

  public CueEvidence(String name, double score, String explanation, Map<String, Double> features) {
    this(name, score, explanation, features, Optional.empty(), List.of());
  }
}
