package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.metrics.BinaryMetrics.OperatingPoint;
import org.junit.jupiter.api.Test;

class EqualErrorRateTest {
  @Test
  void whereFalsePositivesEqualMissesByHand() {
    // Flagging 0.8 and 0.4 (threshold 0.35): one real of two flagged, one fake of two missed.
    OperatingPoint eer =
        BinaryMetrics.equalErrorRate(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
    assertEquals(0.5, eer.rate(), 1e-12);
    assertEquals(0.35, eer.threshold(), 1e-12);
  }

  @Test
  void withTiesTheClosestPointWithTheHighestThresholdIsTaken() {
    // Points (FPR, FNR): (0,1) (0,.5) (.5,0) (1,0); two points are .5 apart, the first wins.
    OperatingPoint eer =
        BinaryMetrics.equalErrorRate(new double[] {0.2, 0.5, 0.5, 0.9}, new int[] {0, 0, 1, 1});
    assertEquals(0.25, eer.rate(), 1e-12);
    assertEquals(0.5, eer.threshold(), 1e-12);
  }

  @Test
  void perfectSeparationHasNoErrorAndOneClassIsUndefined() {
    assertEquals(
        0.0,
        BinaryMetrics.equalErrorRate(new double[] {0.1, 0.2, 0.8}, new int[] {0, 0, 1}).rate(),
        1e-12);
    assertTrue(
        Double.isNaN(
            BinaryMetrics.equalErrorRate(new double[] {0.1, 0.2}, new int[] {0, 0}).rate()));
  }
}
