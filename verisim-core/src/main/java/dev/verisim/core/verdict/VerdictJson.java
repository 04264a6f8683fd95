package dev.verisim.core.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Verdict} as the JSON object of DESIGN.md's contract. The field order is fixed and
 * written by hand, so the contract never drifts with a refactoring of the records.
 */
public final class VerdictJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VerdictJson() {}

  /**
   * The verdict as a JSON tree.
   *
   * @param withHeatmaps include each cue's heatmap grid (large; off for JSON Lines by default)
   */
  public static ObjectNode toTree(Verdict v, boolean withHeatmaps) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("path", v.path());
    o.put("media", v.media());
    o.put("verdict", v.label().id());
    if (v.pFake().isPresent()) {
      o.put("p_fake", round(v.pFake().getAsDouble()));
    } else {
      o.putNull("p_fake");
    }
    o.putArray("uncertain_band").add(v.band().low()).add(v.band().high());
    ArrayNode cues = o.putArray("cues");
    for (CueEvidence c : v.cues()) {
      ObjectNode cue = cues.addObject();
      cue.put("name", c.name());
      cue.put("score", round(c.score()));
      cue.put("explanation", c.explanation());
      if (withHeatmaps && c.heatmap().isPresent()) {
        Heatmap h = c.heatmap().get();
        ObjectNode hm = cue.putObject("heatmap");
        hm.put("what", h.what());
        hm.put("width", h.width());
        hm.put("height", h.height());
        ArrayNode values = hm.putArray("values");
        for (float f : h.values()) {
          values.add(round(f));
        }
      }
    }
    // The faces a face-aware cue scored, most suspicious first: the first one decided its score.
    ArrayNode faces = o.putArray("faces");
    for (CueEvidence c : v.cues()) {
      for (FaceRegion f : c.faces()) {
        ObjectNode face = faces.addObject();
        face.putArray("box").add(f.x()).add(f.y()).add(f.width()).add(f.height());
        face.put("p_fake", round(f.pFake()));
        face.put("whole_image", f.wholeImage());
      }
    }
    ObjectNode prov = o.putObject("provenance");
    prov.put("c2pa", v.provenance().c2pa());
    if (v.provenance().watermark() == null) {
      prov.putNull("watermark");
    } else {
      prov.put("watermark", v.provenance().watermark());
    }
    ProvenanceSummary ps = v.provenance();
    if (!ps.c2paReasons().isEmpty()) {
      ArrayNode reasons = prov.putArray("c2pa_reasons");
      ps.c2paReasons().forEach(reasons::add);
    }
    if (ps.digitalSourceType() != null) {
      prov.put("digital_source_type", ps.digitalSourceType());
    }
    if (ps.signer() != null) {
      prov.put("signer", ps.signer());
    }
    if (ps.watermarkFalsePositive() != null) {
      prov.put("watermark_false_positive_probability", ps.watermarkFalsePositive());
    }
    if (ps.explanation() != null) {
      prov.put("explanation", ps.explanation());
    }
    ObjectNode model = o.putObject("model");
    model.put("id", v.model().id());
    model.put("version", v.model().version());
    o.put("elapsed_ms", v.elapsedMs());
    if (v.error().isPresent()) {
      ObjectNode err = o.putObject("error");
      err.put("code", v.error().get().code().id());
      err.put("message", v.error().get().message());
    } else {
      o.putNull("error");
    }
    // Media-specific fields come last: the common ones above never move.
    v.details().ifPresent(d -> d.writeJson(o));
    return o;
  }

  /** The verdict as one line of JSON (JSON Lines). */
  public static String toLine(Verdict v, boolean withHeatmaps) {
    try {
      return MAPPER.writeValueAsString(toTree(v, withHeatmaps));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise verdict for " + v.path(), e);
    }
  }

  /** Four decimals: enough for a probability, stable in golden files. */
  static double round(double x) {
    return Math.round(x * 10_000.0) / 10_000.0;
  }
}
