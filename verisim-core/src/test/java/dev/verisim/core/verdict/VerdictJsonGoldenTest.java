package dev.verisim.core.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verdict JSON contract of DESIGN.md, pinned by a golden file. */
class VerdictJsonGoldenTest {
  private static final ModelInfo MODEL = new ModelInfo("verisim-forensic-fusion", "1");

  private static List<Verdict> verdicts() {
    Heatmap heatmap = new Heatmap("error level", 2, 1, new float[] {0.25f, 1f});
    return List.of(
        Verdict.analysed(
            "photos/a.jpg",
            0.93,
            UncertainBand.DEFAULT,
            List.of(
                new CueEvidence(
                    "spectrum",
                    0.61234,
                    "Periodic peaks in the spectrum.",
                    Map.of("spectrum.peak_ratio", 2.0),
                    Optional.of(heatmap)),
                new CueEvidence("metadata", 0.5, "No metadata.", Map.of()),
                new CueEvidence(
                    "cnn",
                    0.9,
                    "Of 2 faces, the most suspicious looks generated.",
                    Map.of("cnn.logit", 2.2),
                    Optional.empty(),
                    List.of(
                        new FaceRegion(10, 20, 64, 70, 0.9, false),
                        new FaceRegion(120, 30, 40, 44, 0.123456, false)))),
            ProvenanceSummary.ABSENT,
            MODEL,
            41),
        Verdict.analysed(
            "photos/b.png",
            0.5,
            UncertainBand.DEFAULT,
            List.of(
                new CueEvidence(
                    "cnn",
                    0.5,
                    "No face was found.",
                    Map.of("cnn.logit", 0.0),
                    Optional.empty(),
                    List.of(new FaceRegion(0, 0, 32, 32, 0.5, true)))),
            ProvenanceSummary.ABSENT,
            MODEL,
            3),
        Verdict.failed(
            "photos/c.jpg",
            ErrorCode.TRUNCATED,
            "photos/c.jpg: the JPEG ends before its image data does",
            UncertainBand.DEFAULT,
            MODEL,
            0));
  }

  @Test
  void jsonLinesMatchTheGoldenFile() throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Verdict v : verdicts()) {
      lines.append(VerdictJson.toLine(v, false)).append('\n');
    }
    assertEquals(golden("verdicts.golden.jsonl"), lines.toString());
  }

  @Test
  void heatmapsAreAddedOnlyWhenAskedFor() throws IOException {
    JsonNode with = new ObjectMapper().readTree(VerdictJson.toLine(verdicts().get(0), true));
    JsonNode hm = with.get("cues").get(0).get("heatmap");
    assertEquals(2, hm.get("width").asInt());
    assertEquals(1.0, hm.get("values").get(1).asDouble());
    JsonNode without = new ObjectMapper().readTree(VerdictJson.toLine(verdicts().get(0), false));
    assertFalse(without.get("cues").get(0).has("heatmap"));
  }

  @Test
  void anErrorVerdictCannotCarryAProbability() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Verdict(
                "x",
                "image",
                Label.ERROR,
                java.util.OptionalDouble.of(0.5),
                UncertainBand.DEFAULT,
                List.of(),
                ProvenanceSummary.ABSENT,
                MODEL,
                0,
                Optional.of(new VerdictError(ErrorCode.EMPTY, "empty")),
                Optional.empty()));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = VerdictJsonGoldenTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
