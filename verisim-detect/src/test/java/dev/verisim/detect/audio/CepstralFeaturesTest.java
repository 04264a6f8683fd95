package dev.verisim.detect.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CepstralFeaturesTest {
  private static final int RATE = AudioDecoder.SAMPLE_RATE;

  @Test
  void framingIs25msEvery10ms() {
    assertEquals(98, CepstralFeatures.frames(RATE)); // 1 + (16000 - 400) / 160
    assertEquals(1, CepstralFeatures.frames(100));
    assertEquals(98, CepstralFeatures.lfcc().compute(new float[RATE]).length);
    assertEquals(60, CepstralFeatures.lfcc().dimension());
    assertEquals(60, CepstralFeatures.mfcc().dimension());
  }

  @Test
  void aToneLandsInTheFilterOverItsFrequency() {
    for (FilterBank.Scale scale : FilterBank.Scale.values()) {
      FilterBank bank = new FilterBank(scale, 24, CepstralFeatures.FFT, RATE, 0, 8000);
      for (double hz : new double[] {300, 1000, 2500, 6000}) {
        float[] x = AudioFixtures.tone(hz, 0.5, RATE, 1)[0];
        double[][] e = CepstralFeatures.logFilterEnergies(x, bank);
        int bin = (int) Math.round(hz * CepstralFeatures.FFT / RATE);
        int expected = 0;
        for (int m = 1; m < bank.size(); m++) {
          if (bank.weight(m, bin) > bank.weight(expected, bin)) {
            expected = m;
          }
        }
        double[] mid = e[e.length / 2];
        int loudest = 0;
        for (int m = 1; m < mid.length; m++) {
          if (mid[m] > mid[loudest]) {
            loudest = m;
          }
        }
        assertEquals(expected, loudest, scale + " " + hz + " Hz");
        // and far from the tone there is little energy (the Hamming window's side lobes)
        int far = loudest < bank.size() / 2 ? bank.size() - 1 : 0;
        assertTrue(mid[loudest] - mid[far] > Math.log(1e3), scale + " " + hz + " Hz leaks");
      }
    }
  }

  @Test
  void melFiltersNarrowTowardsLowFrequenciesLinearOnesDoNot() {
    FilterBank mel = new FilterBank(FilterBank.Scale.MEL, 40, 512, RATE, 0, 8000);
    FilterBank lin = new FilterBank(FilterBank.Scale.LINEAR, 40, 512, RATE, 0, 8000);
    assertTrue(width(mel, 2) * 3 < width(mel, 37));
    assertEquals(width(lin, 2), width(lin, 37), 1);
  }

  private static int width(FilterBank b, int m) {
    int n = 0;
    for (int k = 0; k <= 256; k++) {
      n += b.weight(m, k) > 0 ? 1 : 0;
    }
    return n;
  }

  @Test
  void theDctIsOrthonormal() {
    double[][] d = CepstralFeatures.dctMatrix(20, 20);
    for (int i = 0; i < 20; i++) {
      for (int j = 0; j < 20; j++) {
        double s = 0;
        for (int k = 0; k < 20; k++) {
          s += d[i][k] * d[j][k];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-12);
      }
    }
  }

  @Test
  void aGainMovesOnlyC0() {
    // Scaling by g adds 2 ln g to every log energy: the orthonormal DCT of that constant is
    // 2 ln g sqrt(filters) in c0 and zero in every other coefficient.
    float[] x = AudioFixtures.voiced(0.5, RATE, 1);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 0.25f * x[i];
    }
    float[][] fx = CepstralFeatures.lfcc().compute(x);
    float[][] fy = CepstralFeatures.lfcc().compute(y);
    for (int t = 0; t < fx.length; t++) {
      assertEquals(2 * Math.log(0.25) * Math.sqrt(20), fy[t][0] - fx[t][0], 1e-3);
      for (int c = 1; c < 60; c++) {
        assertEquals(fx[t][c], fy[t][c], 1e-3, "c" + c);
      }
    }
  }

  @Test
  void deltasOfARampAreItsSlope() {
    double[][] ramp = new double[10][1];
    for (int t = 0; t < 10; t++) {
      ramp[t][0] = 3 * t;
    }
    double[][] d = CepstralFeatures.delta(ramp);
    for (int t = 2; t < 8; t++) {
      assertEquals(3, d[t][0], 1e-12);
    }
    double[][] dd = CepstralFeatures.delta(d);
    assertEquals(0, dd[5][0], 1e-12);
  }

  @Test
  void silenceGivesFiniteFeatures() {
    for (float[] row : CepstralFeatures.mfcc().compute(new float[RATE / 2])) {
      for (float v : row) {
        assertTrue(Float.isFinite(v));
      }
    }
  }

  @Test
  void matchesANumpyReference() {
    // Computed offline with numpy (see the test's comment block) for a 0.1 s signal
    // x[i] = 0.3 sin(2 pi 440 i / 16000) + 0.1 sin(2 pi 3000 i / 16000): LFCC c0..c4 of frame 3.
    float[] x = new float[1600];
    for (int i = 0; i < x.length; i++) {
      x[i] =
          (float)
              (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0)
                  + 0.1 * Math.sin(2 * Math.PI * 3000 * i / 16000.0));
    }
    float[][] f =
        new CepstralFeatures(
                new FilterBank(FilterBank.Scale.LINEAR, 20, 512, RATE, 0, 8000), 20, false)
            .compute(x);
    double[] expected = NumpyReference.LFCC_FRAME3;
    for (int c = 0; c < expected.length; c++) {
      assertEquals(expected[c], f[3][c], 1e-3 * Math.max(1, Math.abs(expected[c])), "c" + c);
    }
  }
}
