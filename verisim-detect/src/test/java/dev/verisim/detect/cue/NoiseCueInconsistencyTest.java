package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pasted region with louder noise, or with its noise blurred away, is found and located. */
class NoiseCueInconsistencyTest {
  private static final int W = 480;
  private static final int H = 360;
  // About 1/6 of the area.
  private static final int RX = 160;
  private static final int RY = 100;
  private static final int RW = 200;
  private static final int RH = 144;

  private final NoiseCue cue = new NoiseCue();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void louderAndBlurredPastesScoreHigherAndAreLocated(long seed) {
    BufferedImage texture = SyntheticImages.blurred(SyntheticImages.naturalTexture(W, H, seed), 1);
    BufferedImage even = SyntheticImages.withNoise(texture, 4, seed + 100);
    BufferedImage louder = SyntheticImages.withNoise(texture, 12, seed + 200);
    BufferedImage pastedLoud = SyntheticImages.paste(even, louder, RX, RY, RW, RH);
    BufferedImage pastedBlur =
        SyntheticImages.paste(even, SyntheticImages.blurred(even, 2), RX, RY, RW, RH);

    CueEvidence clean = cue.analyse(CueImages.png(even));
    assertEquals(4.0, clean.features().get(NoiseCue.LEVEL), 0.6);
    // Measured: clean score about 0.0001, pasted 0.9 (louder) and 0.99 (blurred).
    assertTrue(clean.score() < 0.2, clean.toString());
    for (BufferedImage forged : new BufferedImage[] {pastedLoud, pastedBlur}) {
      CueEvidence evidence = cue.analyse(CueImages.png(forged));
      assertTrue(evidence.score() > clean.score() + 0.5, evidence + " vs " + clean);
      assertTrue(
          evidence.features().get(NoiseCue.INCONSISTENCY)
              > clean.features().get(NoiseCue.INCONSISTENCY) + 2);
      Heatmap map = evidence.heatmap().orElseThrow();
      int best = 0;
      float[] values = map.values();
      for (int i = 1; i < values.length; i++) {
        if (values[i] > values[best]) {
          best = i;
        }
      }
      assertTrue(
          CueImages.cellCentreInside(
              map, best % map.width(), best / map.width(), W, H, RX, RY, RW, RH),
          "heatmap maximum at cell " + best % map.width() + "," + best / map.width());
    }
  }
}
