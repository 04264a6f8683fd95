package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.SyntheticImages;
import org.junit.jupiter.api.Test;

/** Non-JPEG inputs get neutral JPEG features and an explanation saying why. */
class JpegNotApplicableTest {
  @Test
  void pngGetsNeutralFeatures() {
    CueEvidence evidence =
        new JpegCue().analyse(CueImages.png(SyntheticImages.naturalTexture(64, 64, 1)));
    assertEquals(0.0, evidence.score());
    assertEquals(0.0, evidence.features().get(JpegCue.IS_JPEG));
    assertEquals(100.0, evidence.features().get(JpegCue.QUALITY));
    assertTrue(evidence.explanation().contains("not a JPEG"), evidence.explanation());
    assertTrue(evidence.heatmap().isEmpty());
  }
}
