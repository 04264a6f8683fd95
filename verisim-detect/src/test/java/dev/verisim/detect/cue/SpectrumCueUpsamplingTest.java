package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.SyntheticImages;
import dev.verisim.testkit.SyntheticImages.Interpolation;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An image enlarged 2x leaves a periodic spectral peak that a camera-like texture does not. */
class SpectrumCueUpsamplingTest {
  private final SpectrumCue cue = new SpectrumCue();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void upsampledTwiceScoresClearlyHigherThanNativeTexture(long seed) {
    CueEvidence natural =
        cue.analyse(CueImages.png(SyntheticImages.naturalTexture(512, 512, seed)));
    BufferedImage half = SyntheticImages.naturalTexture(256, 256, seed);
    for (Interpolation interpolation : Interpolation.values()) {
      CueEvidence enlarged =
          cue.analyse(CueImages.png(SyntheticImages.upsampled(half, 2, interpolation)));
      double naturalPeak = natural.features().get(SpectrumCue.PEAK_RATIO);
      double enlargedPeak = enlarged.features().get(SpectrumCue.PEAK_RATIO);
      // Measured: natural 3.2-3.8, enlarged 9.4-11.9 (log of peak over neighbourhood).
      assertTrue(
          enlargedPeak > naturalPeak + 3,
          interpolation + " seed " + seed + ": " + enlargedPeak + " vs " + naturalPeak);
      assertTrue(natural.score() < 0.3, "natural score " + natural.score());
      assertTrue(enlarged.score() > 0.8, interpolation + " score " + enlarged.score());
      assertTrue(enlarged.explanation().contains("2.0 pixels"), enlarged.explanation());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void mildNoiseAfterUpsamplingDoesNotHideThePeak(long seed) {
    BufferedImage enlarged =
        SyntheticImages.upsampled(
            SyntheticImages.naturalTexture(256, 256, seed), 2, Interpolation.BILINEAR);
    CueEvidence noisy = cue.analyse(CueImages.png(SyntheticImages.withNoise(enlarged, 2, seed)));
    assertTrue(noisy.features().get(SpectrumCue.PEAK_RATIO) > 5.5, noisy.toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22})
  void fourTimesUpsamplingIsFoundToo(long seed) {
    BufferedImage enlarged =
        SyntheticImages.upsampled(
            SyntheticImages.naturalTexture(128, 128, seed), 4, Interpolation.BILINEAR);
    CueEvidence evidence = cue.analyse(CueImages.png(enlarged));
    assertTrue(evidence.score() > 0.7, evidence.toString());
  }
}
