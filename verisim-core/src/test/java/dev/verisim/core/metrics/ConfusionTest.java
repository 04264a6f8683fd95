package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.metrics.BinaryMetrics.Confusion;
import org.junit.jupiter.api.Test;

class ConfusionTest {
  @Test
  void countsTheRuleStrictlyAboveTheThreshold() {
    // 0.5 is not above 0.5: the tied fake is missed and the tied real let through.
    Confusion c =
        BinaryMetrics.confusion(
            new double[] {0.2, 0.5, 0.5, 0.9, 0.7}, new int[] {0, 0, 1, 1, 0}, 0.5);
    assertEquals(new Confusion(1, 1, 2, 1), c);
    assertEquals(5, c.total());
    assertEquals(0.5, c.truePositiveRate(), 1e-12);
    assertEquals(1.0 / 3, c.falsePositiveRate(), 1e-12);
    assertEquals(2.0 / 3, c.specificity(), 1e-12);
    assertEquals(0.5, c.precision(), 1e-12);
    assertEquals(0.6, c.accuracy(), 1e-12);
    assertEquals(
        BinaryMetrics.accuracy(
            new double[] {0.2, 0.5, 0.5, 0.9, 0.7}, new int[] {0, 0, 1, 1, 0}, 0.5),
        c.accuracy(),
        1e-12);
  }

  @Test
  void ratesWithoutTheirClassAreUndefined() {
    Confusion onlyReals = BinaryMetrics.confusion(new double[] {0.1, 0.9}, new int[] {0, 0}, 0.5);
    assertTrue(Double.isNaN(onlyReals.truePositiveRate()));
    assertEquals(0.5, onlyReals.specificity(), 1e-12);
  }
}
