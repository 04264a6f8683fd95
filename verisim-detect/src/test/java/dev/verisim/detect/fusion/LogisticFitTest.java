package dev.verisim.detect.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.ModelInfo;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fit recovers a known logistic model and its probabilities are calibrated. */
class LogisticFitTest {
  private static final ModelInfo INFO = new ModelInfo("test", "1");

  /** Samples from p(y=1|x) = sigmoid(2 x0 - 1 x1 + 0.5), x1 on a different scale, x2 noise. */
  private static double[][] sample(int n, long seed, int[] y) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] x = new double[n][3];
    for (int i = 0; i < n; i++) {
      x[i][0] = gaussian(rnd);
      x[i][1] = 10 * gaussian(rnd) + 3;
      x[i][2] = gaussian(rnd);
      double z = 2 * x[i][0] - 1 * (x[i][1] - 3) / 10 + 0.5;
      y[i] = rnd.nextDouble() < FusionModel.sigmoid(z) ? 1 : 0;
    }
    return x;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = Math.max(1e-12, rnd.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  @Test
  void recoversTheDirectionOfAKnownModelAndCalibratesIt() {
    int n = 6000;
    int[] fitY = new int[n];
    double[][] fitX = sample(n, 1, fitY);
    int[] calY = new int[n];
    double[][] calX = sample(n, 2, calY);
    int[] testY = new int[n];
    double[][] testX = sample(n, 3, testY);
    FusionModel m = LogisticFit.fit(INFO, List.of("a", "b", "noise"), fitX, fitY, calX, calY, 1e-3);
    // Standardised weights: x0 has sd 1 and weight 2; x1 has sd 10 and weight -0.1 per unit.
    double w0 = m.weights()[0];
    double w1 = m.weights()[1];
    assertEquals(-0.5, w1 / w0, 0.08, "ratio of the two true weights");
    assertTrue(Math.abs(m.weights()[2]) < 0.15 * Math.abs(w0), "noise feature gets ~no weight");

    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = m.probability(testX[i]);
    }
    assertTrue(BinaryMetrics.auc(p, testY) > 0.8);
    assertTrue(BinaryMetrics.expectedCalibrationError(p, testY, 10) < 0.03);
  }

  @Test
  void theSameDataGiveTheSameModel() {
    int[] y = new int[500];
    double[][] x = sample(500, 9, y);
    FusionModel a = LogisticFit.fit(INFO, List.of("a", "b", "c"), x, y, x, y, 1.0);
    FusionModel b = LogisticFit.fit(INFO, List.of("a", "b", "c"), x, y, x, y, 1.0);
    assertArrayEquals(a.weights(), b.weights(), 0.0);
    assertEquals(a.plattA(), b.plattA(), 0.0);
  }

  @Test
  void solvesALinearSystem() {
    double[] x = LogisticFit.solve(new double[][] {{0, 2}, {3, 1}}, new double[] {4, 5});
    assertArrayEquals(new double[] {1, 2}, x, 1e-12);
  }
}
