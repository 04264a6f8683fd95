package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.core.metrics.BinaryMetrics.OperatingPoint;
import org.junit.jupiter.api.Test;

class BestAccuracyThresholdTest {
  @Test
  void theHighestThresholdOfTheBestAccuracyByHand() {
    double[] p = {0.1, 0.4, 0.35, 0.8};
    int[] y = {0, 0, 1, 1};
    // > 0.4 flags 0.8 only: 3 of 4 right; > 0.1 also reaches 3 of 4 but is lower.
    OperatingPoint best = BinaryMetrics.bestAccuracyThreshold(p, y);
    assertEquals(0.75, best.rate(), 1e-12);
    assertEquals(0.4, best.threshold(), 1e-12);
    assertEquals(best.rate(), BinaryMetrics.accuracy(p, y, best.threshold()), 1e-12);
  }

  @Test
  void aTiedRunCannotBeSplit() {
    double[] p = {0.2, 0.5, 0.5, 0.9};
    int[] y = {0, 0, 1, 1};
    OperatingPoint best = BinaryMetrics.bestAccuracyThreshold(p, y);
    assertEquals(0.75, best.rate(), 1e-12);
    assertEquals(0.5, best.threshold(), 1e-12);
  }

  @Test
  void aScorerThatSaysFakeForRealsIsBestAtFlaggingNothingOrEverything() {
    // Reversed scores: no threshold beats the majority class (3 reals of 4).
    OperatingPoint best =
        BinaryMetrics.bestAccuracyThreshold(
            new double[] {0.9, 0.8, 0.7, 0.1}, new int[] {0, 0, 0, 1});
    assertEquals(0.75, best.rate(), 1e-12);
    assertEquals(0.9, best.threshold(), 1e-12);
  }
}
