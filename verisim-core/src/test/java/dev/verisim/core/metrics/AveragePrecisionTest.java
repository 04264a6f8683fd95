package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AveragePrecisionTest {
  @Test
  void sumsRecallStepsTimesPrecisionByHand() {
    // Ranked: 0.8 fake (P 1/1, R .5), 0.4 real, 0.35 fake (P 2/3, R 1): .5*1 + .5*2/3.
    double ap =
        BinaryMetrics.averagePrecision(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
    assertEquals(0.5 + 1.0 / 3, ap, 1e-12);
  }

  @Test
  void tiedScoresEnterTogether() {
    // 0.9 fake (P 1, R .5); the tie at 0.5 holds a fake and a real: P 2/3 at R 1.
    double ap =
        BinaryMetrics.averagePrecision(new double[] {0.2, 0.5, 0.5, 0.9}, new int[] {0, 0, 1, 1});
    assertEquals(0.5 + 1.0 / 3, ap, 1e-12);
    double allTied =
        BinaryMetrics.averagePrecision(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 0});
    assertEquals(0.25, allTied, 1e-12, "the base rate when nothing is ranked");
  }

  @Test
  void perfectRankingIsOneAndNoFakesIsUndefined() {
    assertEquals(
        1.0, BinaryMetrics.averagePrecision(new double[] {0.1, 0.9}, new int[] {0, 1}), 1e-12);
    assertTrue(
        Double.isNaN(BinaryMetrics.averagePrecision(new double[] {0.1, 0.9}, new int[] {0, 0})));
  }
}
