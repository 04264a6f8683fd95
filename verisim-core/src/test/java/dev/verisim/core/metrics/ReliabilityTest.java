package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.metrics.BinaryMetrics.ReliabilityBin;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityTest {
  @Test
  void binsHoldMeanProbabilityAndFractionFakeByHand() {
    double[] p = {0.9, 0.2, 0.6, 0.4, 1.0};
    int[] y = {1, 0, 0, 1, 1};
    List<ReliabilityBin> bins = BinaryMetrics.reliability(p, y, 2);
    assertBin(bins.get(0), 0, 0.5, 2, 0.3, 0.5);
    // 1.0 belongs to the last bin: 0.9, 0.6, 1.0 with two fakes.
    assertBin(bins.get(1), 0.5, 1, 3, 2.5 / 3, 2.0 / 3);
    double ece = (2 * Math.abs(0.3 - 0.5) + 3 * Math.abs(2.5 / 3 - 2.0 / 3)) / 5;
    assertEquals(ece, BinaryMetrics.expectedCalibrationError(p, y, 2), 1e-12);
  }

  @Test
  void emptyBinsHaveNoMean() {
    List<ReliabilityBin> bins =
        BinaryMetrics.reliability(new double[] {0.05, 0.95}, new int[] {0, 1}, 10);
    assertEquals(10, bins.size());
    assertEquals(0, bins.get(5).count());
    assertTrue(Double.isNaN(bins.get(5).meanProbability()));
    assertEquals(
        0.0,
        BinaryMetrics.expectedCalibrationError(new double[] {0, 1}, new int[] {0, 1}, 10),
        1e-12);
  }

  private static void assertBin(
      ReliabilityBin b, double lower, double upper, long count, double mean, double fraction) {
    assertEquals(lower, b.lower(), 1e-12);
    assertEquals(upper, b.upper(), 1e-12);
    assertEquals(count, b.count());
    assertEquals(mean, b.meanProbability(), 1e-12);
    assertEquals(fraction, b.fractionFake(), 1e-12);
  }
}
