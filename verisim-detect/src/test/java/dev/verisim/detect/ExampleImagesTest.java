package dev.verisim.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.testkit.ExampleImages;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What examples/README.md promises: each planted trace is noticed by its cue. */
class ExampleImagesTest {
  private static final ForensicDetector DETECTOR = ForensicDetector.createBaseline();

  @TempDir static Path dir;

  @BeforeAll
  static void write() throws IOException {
    ExampleImages.write(dir);
  }

  private static Verdict detect(String name) {
    Verdict v = DETECTOR.detect(dir.resolve(name), name);
    assertTrue(v.error().isEmpty(), name + ": " + v.error());
    return v;
  }

  private static double score(Verdict v, String cue) {
    return v.cue(cue).orElseThrow().score();
  }

  @Test
  void eachPlantedTraceIsNoticedByItsCue() {
    assertTrue(score(detect("upsampled-2x.png"), "spectrum") > 0.9);
    assertTrue(score(detect("spliced.jpg"), "noise") > 0.5);
    assertTrue(score(detect("double-compressed.jpg"), "jpeg") > 0.5);
    assertEquals(Label.FAKE, detect("declared-ai.jpg").label());
  }

  @Test
  void thePhotoLikeExampleTriggersNoPixelCue() {
    Verdict v = detect("photo-like.jpg");
    assertTrue(score(v, "spectrum") < 0.5, v.cues().toString());
    assertTrue(score(v, "jpeg") < 0.5, v.cues().toString());
    assertTrue(score(v, "noise") < 0.5, v.cues().toString());
    assertTrue(v.label() != Label.FAKE, "photo-like is " + v.label());
  }

  @Test
  void theDefaultModelBoxesBothDrawnFaces() {
    try (ForensicDetector detector = ForensicDetector.createDefault()) {
      Verdict v = detector.detect(dir.resolve("two-faces.jpg"), "two-faces.jpg");
      assertTrue(v.error().isEmpty(), v.error().toString());
      assertEquals(2, v.cue("cnn").orElseThrow().faces().size(), v.toString());
      assertTrue(v.cue("cnn").orElseThrow().faces().stream().noneMatch(f -> f.wholeImage()));
    }
  }
}
