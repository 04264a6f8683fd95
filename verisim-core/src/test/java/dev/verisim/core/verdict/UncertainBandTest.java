package dev.verisim.core.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UncertainBandTest {
  @Test
  void classifiesBelowInsideAndAboveTheBand() {
    UncertainBand band = new UncertainBand(0.3, 0.7);
    assertEquals(Label.REAL, band.classify(0.29));
    assertEquals(Label.UNCERTAIN, band.classify(0.3));
    assertEquals(Label.UNCERTAIN, band.classify(0.5));
    assertEquals(Label.UNCERTAIN, band.classify(0.7));
    assertEquals(Label.FAKE, band.classify(0.71));
  }

  @Test
  void anEmptyBandNeverSaysUncertainExceptOnItsPoint() {
    UncertainBand band = UncertainBand.parse("0.5,0.5");
    assertEquals(Label.REAL, band.classify(0.49));
    assertEquals(Label.FAKE, band.classify(0.51));
  }

  @Test
  void parseRejectsBadTextNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UncertainBand.parse("0.7,0.3"));
    assertTrue(e.getMessage().contains("0.7"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> UncertainBand.parse("abc"));
    assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> UncertainBand.parse("0.1,x"));
    assertThrows(IllegalArgumentException.class, () -> UncertainBand.parse("-0.1,0.5"));
  }

  @Test
  void aBandFromValidationLeavesFewWrongCallsOutside() {
    // Reals spread over [0, 0.7), fakes over (0.3, 1]: the overlap must end up inside the band.
    int n = 400;
    double[] p = new double[2 * n];
    int[] y = new int[2 * n];
    for (int i = 0; i < n; i++) {
      p[i] = 0.7 * i / n;
      p[n + i] = 0.3 + 0.7 * (i + 1) / n;
      y[n + i] = 1;
    }
    UncertainBand band = UncertainBand.fromValidation(p, y, 0.05);
    assertTrue(band.low() > 0.25 && band.low() < 0.5, "low " + band.low());
    assertTrue(band.high() > 0.5 && band.high() < 0.75, "high " + band.high());
    int wrongFake = 0;
    int fakeCalls = 0;
    for (int i = 0; i < p.length; i++) {
      if (band.classify(p[i]) == Label.FAKE) {
        fakeCalls++;
        wrongFake += 1 - y[i];
      }
    }
    assertTrue(wrongFake <= 0.05 * fakeCalls, wrongFake + " of " + fakeCalls);
    // Perfectly separated data need no band beyond the middle.
    UncertainBand tight =
        UncertainBand.fromValidation(
            new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}, 0.05);
    assertEquals(new UncertainBand(0.5, 0.5), tight);
  }
}
