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
}
