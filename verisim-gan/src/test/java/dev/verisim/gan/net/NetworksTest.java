package dev.verisim.gan.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworksTest {

  @Test
  void upsamplingRepeatsEachPixelTwiceInBothDirections() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
      float[] up = Ops.upsample2x(x).toFloatArray();
      assertArrayEquals(
          new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up, "nearest-neighbour 2x");
    }
  }

  @Test
  void minibatchStdIsZeroForIdenticalImagesAndGrowsWithTheirSpread() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray same = m.ones(new Shape(8, 3, 4, 4));
      NDArray out = Ops.withMinibatchStd(same);
      assertEquals(new Shape(8, 4, 4, 4), out.getShape());
      assertTrue(out.get(":, 3").abs().max().getFloat() < 1e-3f, "no spread, no signal");
      NDArray varied = m.randomNormal(new Shape(8, 3, 4, 4));
      float spread = Ops.withMinibatchStd(varied).get(":, 3").mean().getFloat();
      assertTrue(spread > 0.5f && spread < 2f, "about one standard deviation: " + spread);
      // The input channels pass through unchanged.
      assertArrayEquals(
          varied.toFloatArray(), Ops.withMinibatchStd(varied).get(":, 0:3").toFloatArray());
    }
  }

  @Test
  void spectralNormalizationBringsTheLargestSingularValueToOne() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      SplittableRandom r = new SplittableRandom(1);
      Weights w = new Weights(m);
      NDArray weight = w.add("k", new Shape(8, 4, 3, 3), 0.5, 0, r);
      NDArray u = w.addState("k.u", new Shape(8), r);
      NDArray normalized = null;
      for (int i = 0; i < 50; i++) {
        normalized = Ops.spectralNormalized(weight, u, true);
      }
      double sigma = largestSingularValue(normalized.reshape(8, -1).toFloatArray(), 8, 36);
      assertEquals(1.0, sigma, 1e-3, "largest singular value after power iteration");
      double before = largestSingularValue(weight.reshape(8, -1).toFloatArray(), 8, 36);
      assertTrue(before > 1.5, "the raw weight should be far from 1: " + before);
      // Without training the estimate does not move.
      float[] uBefore = u.toFloatArray();
      Ops.spectralNormalized(weight, u, false);
      assertArrayEquals(uBefore, u.toFloatArray());
    }
  }

  /** Largest singular value of a rows x cols matrix by many power iterations in double. */
  private static double largestSingularValue(float[] a, int rows, int cols) {
    double[] v = new double[cols];
    java.util.Arrays.fill(v, 1.0);
    double sigma = 0;
    for (int it = 0; it < 500; it++) {
      double[] u = new double[rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          u[i] += a[i * cols + j] * v[j];
        }
      }
      double[] nv = new double[cols];
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          nv[j] += a[i * cols + j] * u[i];
        }
      }
      double norm = 0;
      for (double x : nv) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < cols; j++) {
        v[j] = nv[j] / norm;
      }
      sigma = Math.sqrt(norm);
    }
    return sigma;
  }

  @Test
  void generatorsMakeImagesInRangeAndDiscriminatorOneLogitEach() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      for (GeneratorNet g :
          new GeneratorNet[] {new Dcgan.Generator(32, 8, 16), new StyleGenerator(32, 8, 16)}) {
        try (Weights w = g.create(m, 3)) {
          NDArray z = m.randomNormal(new Shape(3, 16));
          NDArray x = g.generate(w, z, 1, false);
          assertEquals(new Shape(3, 3, 32, 32), x.getShape(), g.getClass().getSimpleName());
          if (g instanceof Dcgan.Generator) {
            assertTrue(x.abs().max().getFloat() <= 1f, "tanh output");
          }
          Dcgan.Discriminator d = new Dcgan.Discriminator(32, 8, true, true);
          try (Weights dw = d.create(m, 4)) {
            assertEquals(new Shape(3), d.forward(dw, x, true).getShape());
          }
        }
      }
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      StyleGenerator g = new StyleGenerator(32, 8, 16);
      try (Weights a = g.create(m, 1);
          Weights b = g.create(m, 1);
          Weights c = g.create(m, 2)) {
        for (String name : a.names()) {
          assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), name);
        }
        assertFalse(
            java.util.Arrays.equals(
                a.get("s.const").toFloatArray(), c.get("s.const").toFloatArray()));
      }
    }
  }

  @Test
  void fullTruncationGivesTheAverageFaceForEveryLatent() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      StyleGenerator g = new StyleGenerator(32, 8, 16);
      try (Weights w = g.create(m, 3)) {
        // Move the truncation centre away from zero, as training does.
        for (int i = 0; i < 20; i++) {
          g.generate(w, m.randomNormal(new Shape(8, 16)), 1, true);
        }
        Engine.getEngine("PyTorch").setRandomSeed(5);
        NDArray free = g.generate(w, m.randomNormal(new Shape(4, 16)), 1, false);
        Engine.getEngine("PyTorch").setRandomSeed(5);
        NDArray squeezed = g.generate(w, m.randomNormal(new Shape(4, 16)), 1e-6, false);
        // Noise strengths start at zero, so with psi ~ 0 every latent gives the same image.
        float spreadFree = free.sub(free.get("0:1")).abs().max().getFloat();
        float spreadSqueezed = squeezed.sub(squeezed.get("0:1")).abs().max().getFloat();
        assertTrue(spreadFree > 1e-3, "latents should matter: " + spreadFree);
        assertTrue(spreadSqueezed < 1e-4, "psi ~ 0 should remove them: " + spreadSqueezed);
      }
    }
  }

  @Test
  void diffAugmentIsSeededDifferentiableAndCutsOut() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.ones(new Shape(4, 3, 32, 32)).mul(0.5f);
      float[] a = DiffAugment.apply(x, new SplittableRandom(1)).toFloatArray();
      float[] b = DiffAugment.apply(x, new SplittableRandom(1)).toFloatArray();
      float[] c = DiffAugment.apply(x, new SplittableRandom(2)).toFloatArray();
      assertArrayEquals(a, b, "same seed, same augmentation");
      assertFalse(java.util.Arrays.equals(a, c), "another seed, another augmentation");
      int zeros = 0;
      for (float v : a) {
        zeros += v == 0f ? 1 : 0;
      }
      // The cutout square is a quarter of the image at most (less when it hangs over an edge),
      // plus whatever the shift uncovers.
      assertTrue(zeros > 0 && zeros < a.length * 0.6, "zeroed values: " + zeros);
      NDArray y = m.ones(new Shape(2, 3, 32, 32));
      y.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(DiffAugment.apply(y, new SplittableRandom(3)).sum());
      }
      assertTrue(y.getGradient().abs().sum().getFloat() > 0, "gradients flow through");
    }
  }
}
