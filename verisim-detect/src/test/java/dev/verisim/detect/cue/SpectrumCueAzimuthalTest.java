package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.testkit.SyntheticImages;
import org.junit.jupiter.api.Test;

/** The public 1D spectrum puts a sinusoid's energy at its frequency bin. */
class SpectrumCueAzimuthalTest {
  @Test
  void horizontalSinusoidPeaksAtItsFrequency() {
    double[] spectrum =
        SpectrumCue.azimuthalSpectrum(CueImages.png(SyntheticImages.stripes(256, 256, 16)).luma());
    assertEquals(129, spectrum.length, "bins 0..Nyquist for a 256-pixel crop");
    // Period 16 pixels = 1/16 cycles per pixel = bin 256/16 = 16.
    assertEquals(16, argmaxAfterDc(spectrum));
  }

  @Test
  void peakMovesWithThePeriod() {
    double[] spectrum =
        SpectrumCue.azimuthalSpectrum(CueImages.png(SyntheticImages.stripes(300, 200, 5)).luma());
    // The crop is 300x200, so bins are 1/200 cycles per pixel apart; period 5 = bin 40.
    assertEquals(101, spectrum.length);
    assertEquals(40, argmaxAfterDc(spectrum));
  }

  @Test
  void tinyImageGivesASingleNeutralBin() {
    double[] spectrum =
        SpectrumCue.azimuthalSpectrum(CueImages.png(SyntheticImages.constant(8, 8, 90)).luma());
    assertEquals(1, spectrum.length);
  }

  private static int argmaxAfterDc(double[] spectrum) {
    int best = 1;
    for (int i = 2; i < spectrum.length; i++) {
      if (spectrum[i] > spectrum[best]) {
        best = i;
      }
    }
    return best;
  }
}
