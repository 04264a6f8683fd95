package dev.verisim.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.metrics.BinaryMetrics.RocPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RocCurveTest {
  @Test
  void onePointPerDistinctScoreFromOriginToOne() {
    List<RocPoint> roc =
        BinaryMetrics.roc(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
    assertEquals(
        List.of(
            new RocPoint(0.8, 0, 0),
            new RocPoint(0.4, 0, 0.5),
            new RocPoint(0.35, 0.5, 0.5),
            new RocPoint(0.1, 0.5, 1)),
        roc.subList(0, 4));
    RocPoint last = roc.get(4);
    assertEquals(1.0, last.falsePositiveRate());
    assertEquals(1.0, last.truePositiveRate());
    assertTrue(last.threshold() < 0.1, "the last point flags everything");
  }

  @Test
  void aTieBetweenClassesIsOneDiagonalStep() {
    List<RocPoint> roc =
        BinaryMetrics.roc(new double[] {0.2, 0.5, 0.5, 0.9}, new int[] {0, 0, 1, 1});
    assertEquals(4, roc.size());
    assertEquals(new RocPoint(0.2, 0.5, 1.0), roc.get(2));
  }

  @Test
  void oneClassHasNoCurve() {
    assertTrue(BinaryMetrics.roc(new double[] {0.2, 0.3}, new int[] {1, 1}).isEmpty());
  }
}
