package dev.verisim.detect.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiagonalGmmTest {
  private static float[][] twoClusters(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] x = new float[n][2];
    for (int i = 0; i < n; i++) {
      boolean first = i % 3 != 0; // weights 2/3 and 1/3
      x[i][0] = (float) ((first ? -4 : 5) + gauss(rnd) * (first ? 1.0 : 0.5));
      x[i][1] = (float) ((first ? 2 : -3) + gauss(rnd) * (first ? 0.5 : 2.0));
    }
    return x;
  }

  private static double gauss(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
        * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  @Test
  void emRecoversTheMeansVariancesAndWeightsOfTwoClusters() {
    DiagonalGmm g = DiagonalGmm.fit(twoClusters(6000, 1), 2, 20, 42);
    Integer[] order = {0, 1};
    Arrays.sort(order, Comparator.comparingDouble(c -> g.mean(c)[0]));
    int a = order[0];
    int b = order[1];
    assertEquals(-4, g.mean(a)[0], 0.1);
    assertEquals(2, g.mean(a)[1], 0.1);
    assertEquals(5, g.mean(b)[0], 0.1);
    assertEquals(-3, g.mean(b)[1], 0.15);
    assertEquals(1.0, g.variance(a)[0], 0.1);
    assertEquals(4.0, g.variance(b)[1], 0.4);
    assertEquals(2 / 3.0, g.weights()[a], 0.02);
  }

  @Test
  void theSameSeedGivesTheSameMixture() {
    float[][] x = twoClusters(3000, 2);
    DiagonalGmm g1 = DiagonalGmm.fit(x, 4, 5, 7);
    DiagonalGmm g2 = DiagonalGmm.fit(x, 4, 5, 7);
    for (int c = 0; c < 4; c++) {
      assertTrue(Arrays.equals(g1.mean(c), g2.mean(c)));
    }
  }

  @Test
  void likelihoodRatioPrefersTheModelOfTheData() throws Exception {
    float[][] x = twoClusters(3000, 3);
    float[][] shifted = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      shifted[i] = new float[] {x[i][0] + 3, x[i][1]};
    }
    DiagonalGmm own = DiagonalGmm.fit(x, 2, 10, 1);
    DiagonalGmm other = DiagonalGmm.fit(shifted, 2, 10, 1);
    assertTrue(own.meanLogLikelihood(x, 0, x.length) > other.meanLogLikelihood(x, 0, x.length));
    DiagonalGmm read = DiagonalGmm.fromJson(own.toJson(new ObjectMapper()), "test");
    assertEquals(own.logLikelihood(x[0]), read.logLikelihood(x[0]), 1e-4);
  }
}
