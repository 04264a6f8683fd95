package dev.verisim.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.verisim.gan.net.GanAdam;
import dev.verisim.gan.net.GeneratorNet;
import dev.verisim.gan.net.Network;
import dev.verisim.gan.net.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DESIGN.md's trap: in DJL, gradients accumulate in the arrays and an optimizer updates whatever
 * has a gradient, so one network's step can silently move the other. Each step must change only its
 * own network, and gradients left over from the other network's step must not leak in.
 */
class GradientIsolationTest {

  @ParameterizedTest
  @EnumSource(GanConfig.Architecture.class)
  void eachStepChangesOnlyItsOwnNetwork(GanConfig.Architecture arch) {
    GanConfig config = TinyGan.withR1(TinyGan.config(arch, GanConfig.Loss.NON_SATURATING, 1), 1, 1);
    GanTrainer trainer = new GanTrainer(config);
    GeneratorNet gNet = config.generator();
    Network dNet = config.discriminator();
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        Weights g = gNet.create(root, 1);
        Weights d = dNet.create(root, 2);
        GanAdam adamG = new GanAdam(root, 1e-2, 0.5, 0.999);
        GanAdam adamD = new GanAdam(root, 1e-2, 0.5, 0.999)) {
      NDArray real = real(root, config);
      List<float[]> g0 = snapshot(g);
      List<float[]> d0 = snapshot(d);
      trainer.discriminatorStep(root, gNet, dNet, g, d, adamD, real, 1, new SplittableRandom(3));
      assertSame(g0, snapshot(g), g, "the discriminator step changed the generator");
      assertChanged(d0, snapshot(d), d, "the discriminator step left the discriminator");

      List<float[]> d1 = snapshot(d);
      trainer.generatorStep(root, gNet, dNet, g, d, adamG, 4, new SplittableRandom(4));
      assertSame(d1, snapshot(d), d, "the generator step changed the discriminator");
      assertChanged(g0, snapshot(g), g, "the generator step left the generator");
    }
  }

  @ParameterizedTest
  @EnumSource(GanConfig.Loss.class)
  void staleGradientsDoNotLeakIntoTheNextUpdate(GanConfig.Loss loss) {
    GanConfig config = TinyGan.config(GanConfig.Architecture.DCGAN, loss, 1);
    GanTrainer trainer = new GanTrainer(config);
    GeneratorNet gNet = config.generator();
    Network dNet = config.discriminator();
    List<float[]> clean;
    List<float[]> dirty;
    try (NDManager root = NDManager.newBaseManager("PyTorch")) {
      clean = dAfterOneStep(trainer, gNet, dNet, root, config, false);
      dirty = dAfterOneStep(trainer, gNet, dNet, root, config, true);
    }
    for (int i = 0; i < clean.size(); i++) {
      assertArrayEquals(clean.get(i), dirty.get(i), "weight " + i + " moved by stale gradients");
    }
  }

  private static List<float[]> dAfterOneStep(
      GanTrainer trainer,
      GeneratorNet gNet,
      Network dNet,
      NDManager root,
      GanConfig config,
      boolean pollute) {
    try (Weights g = gNet.create(root, 1);
        Weights d = dNet.create(root, 2);
        GanAdam adamG = new GanAdam(root, 1e-2, 0.5, 0.999);
        GanAdam adamD = new GanAdam(root, 1e-2, 0.5, 0.999)) {
      if (pollute) {
        // What a generator step leaves behind: gradients in every discriminator weight.
        trainer.generatorStep(root, gNet, dNet, g, d, adamG, 4, new SplittableRandom(9));
        boolean any = false;
        for (String name : d.trainableNames()) {
          any |= d.get(name).getGradient().abs().sum().getFloat() > 0;
        }
        assertTrue(any, "the generator step should leave discriminator gradients to discard");
        // Undo the generator's update so both runs start from the same weights.
        try (Weights fresh = gNet.create(root, 1)) {
          g.copyFrom(fresh);
        }
      }
      trainer.discriminatorStep(
          root, gNet, dNet, g, d, adamD, real(root, config), 1, new SplittableRandom(3));
      return snapshot(d);
    }
  }

  private static NDArray real(NDManager m, GanConfig c) {
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[c.batch() * 3 * c.resolution() * c.resolution()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return m.create(x, new Shape(c.batch(), 3, c.resolution(), c.resolution()));
  }

  /** Every array: trainable weights and state. */
  private static List<float[]> snapshot(Weights w) {
    List<float[]> out = new ArrayList<>();
    for (String name : w.names()) {
      out.add(w.get(name).toFloatArray());
    }
    return out;
  }

  private static void assertSame(List<float[]> a, List<float[]> b, Weights w, String why) {
    List<String> names = w.names();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), why + ": " + names.get(i));
    }
  }

  private static void assertChanged(List<float[]> a, List<float[]> b, Weights w, String why) {
    int changed = 0;
    for (int i = 0; i < a.size(); i++) {
      changed += Arrays.equals(a.get(i), b.get(i)) ? 0 : 1;
    }
    // Every weight with a gradient moves under Adam; a noise strength may start exactly at zero
    // gradient only if its layer is unused, which no layer is.
    assertFalse(changed == 0, why + " unchanged");
    assertTrue(
        changed == a.size(), why + ": only " + changed + " of " + a.size() + " weights moved");
  }
}
