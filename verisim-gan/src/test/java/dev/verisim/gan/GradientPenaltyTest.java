package dev.verisim.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.verisim.gan.net.Network;
import dev.verisim.gan.net.Weights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * R1 and WGAN-GP need the gradient of a gradient, which DJL's collector does not offer; the trainer
 * calls the engine's backward with create_graph. This checks the resulting weight gradients against
 * finite differences of the penalty, and that gradients already collected are kept.
 */
class GradientPenaltyTest {
  private static final double WEIGHT = 5.0;

  @Test
  void r1GradientMatchesFiniteDifferences() {
    check(false);
  }

  @Test
  void wganGradientPenaltyMatchesFiniteDifferences() {
    check(true);
  }

  private static void check(boolean wgan) {
    // No spectral norm: its power iteration would change the function between evaluations.
    GanConfig config =
        TinyGan.config(GanConfig.Architecture.DCGAN, GanConfig.Loss.NON_SATURATING, 1).toBuilder()
            .optWidth(4)
            .optSpectralNorm(false)
            .optDiffAugment(false)
            .optBatch(2)
            .optSeed(3)
            .build();
    GanTrainer trainer = new GanTrainer(config);
    Network dNet = config.discriminator();
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        Weights d = dNet.create(root, 7)) {
      // Larger weights than the 0.02 init, so the penalty is far from zero.
      for (String name : d.trainableNames()) {
        d.set(name, d.get(name).mul(20));
      }
      NDArray real = images(root, 1);
      NDArray fake = images(root, 2);
      // Pretend a loss gradient is already there: the penalty must add to it.
      String probe = "d.down8.w";
      d.zeroGradients();
      NDArray previous = d.get(probe).getGradient();
      previous.addi(1.0f);
      double value =
          trainer.gradientPenalty(root, dNet, d, real, fake, new SplittableRandom(4), WEIGHT, wgan);
      assertTrue(value > 1e-3, "the penalty should not vanish: " + value);
      float[] analytic = d.get(probe).getGradient().toFloatArray();

      double scale = 0;
      for (float a : analytic) {
        scale = Math.max(scale, Math.abs(a - 1.0));
      }
      float[] w = d.get(probe).toFloatArray();
      Shape shape = d.get(probe).getShape();
      // Float32 penalties of a piecewise-linear network: a finite difference can straddle a
      // leaky-ReLU kink or drown in rounding, so each weight is tried at two step sizes and most
      // (not all) sampled weights must agree, within 5% plus 2% of the gradient's scale. A wrong
      // gradient (e.g. dD/dw left in, or the penalty's part missing) disagrees everywhere.
      int agree = 0;
      int checked = 0;
      StringBuilder report = new StringBuilder();
      for (int idx = 0; idx < w.length && checked < 8; idx += w.length / 8) {
        double got = analytic[idx] - 1.0; // the pretended loss gradient must still be there
        boolean ok = false;
        for (double rel : new double[] {1e-2, 3e-2}) {
          double h = rel * Math.max(1e-2, Math.abs(w[idx]));
          double plus = penaltyAt(trainer, dNet, d, probe, w, shape, idx, h, real, fake, wgan);
          double minus = penaltyAt(trainer, dNet, d, probe, w, shape, idx, -h, real, fake, wgan);
          double numeric = (plus - minus) / (2 * h);
          ok |= Math.abs(numeric - got) <= 0.05 * Math.abs(numeric) + 0.02 * scale;
          report.append(
              String.format(
                  java.util.Locale.ROOT, "[%d] fd %.3f engine %.3f; ", idx, numeric, got));
        }
        agree += ok ? 1 : 0;
        checked++;
      }
      assertTrue(agree >= checked - 2, agree + " of " + checked + " agree: " + report);

      // Sharp checks of what finite differences cannot see at this precision: the weights'
      // gradient is exactly linear in the penalty weight (nothing else, such as dD/dw from the
      // first backward, is left in), and gradients collected before are kept exactly.
      float[] single = gradientsAfter(trainer, dNet, d, real, fake, WEIGHT, wgan, 0f);
      float[] doubled = gradientsAfter(trainer, dNet, d, real, fake, 2 * WEIGHT, wgan, 0f);
      float[] withPrior = gradientsAfter(trainer, dNet, d, real, fake, WEIGHT, wgan, 0.25f);
      for (int i = 0; i < single.length; i++) {
        double tol = 1e-4 * Math.max(1, Math.abs(single[i]));
        assertTrue(
            Math.abs(doubled[i] - 2 * single[i]) <= 2 * tol,
            "gradient "
                + i
                + " not linear in the penalty weight: "
                + single[i]
                + " vs "
                + doubled[i]);
        assertTrue(
            Math.abs(withPrior[i] - single[i] - 0.25f) <= tol,
            "gradient " + i + " lost the earlier gradient: " + single[i] + " vs " + withPrior[i]);
      }
    }
  }

  private static float[] gradientsAfter(
      GanTrainer trainer,
      Network dNet,
      Weights d,
      NDArray real,
      NDArray fake,
      double weight,
      boolean wgan,
      float prior) {
    d.zeroGradients();
    for (String name : d.trainableNames()) {
      d.get(name).getGradient().addi(prior);
    }
    trainer.gradientPenalty(
        d.manager(), dNet, d, real, fake, new SplittableRandom(4), weight, wgan);
    java.util.List<Float> all = new java.util.ArrayList<>();
    for (String name : d.trainableNames()) {
      for (float v : d.get(name).getGradient().toFloatArray()) {
        all.add(v);
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  private static double penaltyAt(
      GanTrainer trainer,
      Network dNet,
      Weights d,
      String probe,
      float[] w,
      Shape shape,
      int idx,
      double h,
      NDArray real,
      NDArray fake,
      boolean wgan) {
    float[] moved = w.clone();
    moved[idx] += (float) h;
    d.set(probe, d.manager().create(moved, shape));
    d.zeroGradients();
    double v =
        trainer.gradientPenalty(
            d.manager(), dNet, d, real, fake, new SplittableRandom(4), WEIGHT, wgan);
    d.set(probe, d.manager().create(w, shape));
    return v;
  }

  private static NDArray images(NDManager m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[2 * 3 * 32 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return m.create(x, new Shape(2, 3, 32, 32));
  }
}
