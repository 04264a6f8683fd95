package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  @Test
  void aucOfPerfectReversedAndTiedScorers() {
    int[] y = {0, 0, 1, 1};
    assertEquals(1.0, BinaryMetrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, y), 1e-12);
    assertEquals(0.0, BinaryMetrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, y), 1e-12);
    assertEquals(0.5, BinaryMetrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, y), 1e-12);
  }

  @Test
  void aucCountsPairsByHand() {
    // Pairs (fake, real): (0.4,0.1) ok, (0.4,0.5) wrong, (0.7,0.1) ok, (0.7,0.5) ok, ties none.
    double auc = BinaryMetrics.auc(new double[] {0.1, 0.5, 0.4, 0.7}, new int[] {0, 0, 1, 1});
    assertEquals(0.75, auc, 1e-12);
    // One tie between a fake and a real counts a half.
    auc = BinaryMetrics.auc(new double[] {0.1, 0.4, 0.4, 0.7}, new int[] {0, 0, 1, 1});
    assertEquals(0.875, auc, 1e-12);
  }

  @Test
  void aucIsUndefinedWithOneClass() {
    assertTrue(Double.isNaN(BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {1, 1})));
  }

  @Test
  void logLossAccuracyAndCalibrationError() {
    double[] p = {0.9, 0.2, 0.6, 0.4};
    int[] y = {1, 0, 0, 1};
    double expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4;
    assertEquals(expected, BinaryMetrics.logLoss(p, y), 1e-12);
    assertEquals(0.5, BinaryMetrics.accuracy(p, y, 0.5), 1e-12);
    // Two bins: [0,0.5) holds 0.2 (y0) and 0.4 (y1): |0.6-1|/4; [0.5,1] holds 0.9,0.6: |1.5-1|/4.
    assertEquals((0.4 + 0.5) / 4, BinaryMetrics.expectedCalibrationError(p, y, 2), 1e-12);
  }

  @Test
  void mismatchedLengthsAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> BinaryMetrics.auc(new double[] {1}, new int[] {}));
  }
}
