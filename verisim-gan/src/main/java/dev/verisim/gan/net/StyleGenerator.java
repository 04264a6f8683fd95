package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.SplittableRandom;

/**
 * A compact style-based generator after StyleGAN2 (Karras et al. 2020): a mapping network turns the
 * latent z into an intermediate latent w; synthesis starts from a learned 4x4 constant and at each
 * resolution runs two 3x3 convolutions whose weights are modulated by an affine map of w and
 * demodulated, each followed by per-pixel noise scaled by a learned per-layer strength, a bias and
 * leaky ReLU; a modulated 1x1 "toRGB" at each resolution is added to the upsampled image so far
 * (the skip architecture).
 *
 * <p>Simplifications, for CPU budgets: 4 mapping layers, not 8; no equalized learning rate (weights
 * start at He scale instead, and demodulation makes each convolution indifferent to its weight
 * scale); nearest-neighbour upsampling, not a blurred one; no style mixing or path length
 * regularization. The mapping's moving average output (the truncation centre) is saved state.
 *
 * <p>Modulation is applied to the activations (StyleGAN2's "non-fused" form): {@code conv(x * s) *
 * d} equals convolving with the modulated, demodulated weight, without per-sample weights.
 */
public final class StyleGenerator implements GeneratorNet {
  private static final int MAPPING_LAYERS = 4;
  private static final float GAIN = (float) Math.sqrt(2);
  private final int resolution;
  private final int base;
  private final int latent;

  public StyleGenerator(int resolution, int base, int latent) {
    this.resolution = resolution;
    this.base = base;
    this.latent = latent;
  }

  @Override
  public int latentSize() {
    return latent;
  }

  @Override
  public int resolution() {
    return resolution;
  }

  @Override
  public boolean truncatesInput() {
    return false;
  }

  private int width(int res) {
    return Math.min(256, base * resolution / res);
  }

  @Override
  public Weights create(NDManager manager, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Weights w = new Weights(manager);
    for (int i = 0; i < MAPPING_LAYERS; i++) {
      w.add("m" + i + ".w", new Shape(latent, latent), Math.sqrt(1.0 / latent), 0, r);
      w.add("m" + i + ".b", new Shape(latent), 0, 0, r);
    }
    w.addState("m.w_avg", new Shape(latent), r);
    w.set("m.w_avg", manager.zeros(new Shape(latent)));
    int c = width(4);
    w.add("s.const", new Shape(1, c, 4, 4), 1, 0, r);
    for (int res = 4; res <= resolution; res *= 2) {
      int out = width(res);
      if (res > 4) {
        modConv(w, "s" + res + ".c0", c, out, 3, r);
      }
      modConv(w, "s" + res + ".c1", out, out, 3, r);
      w.add("s" + res + ".c1.noise", new Shape(1), 0, 0, r);
      if (res > 4) {
        w.add("s" + res + ".c0.noise", new Shape(1), 0, 0, r);
      }
      modConv(w, "s" + res + ".rgb", out, 3, 1, r);
      c = out;
    }
    return w;
  }

  private void modConv(Weights w, String name, int in, int out, int k, SplittableRandom r) {
    w.add(name + ".w", new Shape(out, in, k, k), Math.sqrt(1.0 / (in * k * k)), 0, r);
    w.add(name + ".b", new Shape(out), 0, 0, r);
    w.add(name + ".affine.w", new Shape(in, latent), Math.sqrt(1.0 / latent), 0, r);
    w.add(name + ".affine.b", new Shape(in), 0, 1, r);
  }

  /** The mapping network: z to w. */
  NDArray map(Weights w, NDArray z) {
    NDArray x = Ops.pixelNorm(z.reshape(z.getShape().get(0), latent, 1, 1)).reshape(-1, latent);
    for (int i = 0; i < MAPPING_LAYERS; i++) {
      x =
          Ops.leaky(
                  Linear.linear(x, w.get("m" + i + ".w"), w.get("m" + i + ".b")).singletonOrThrow())
              .mul(GAIN);
    }
    return x;
  }

  @Override
  public NDArray generate(Weights w, NDArray z, double psi, boolean training) {
    long batch = z.getShape().get(0);
    NDArray style = map(w, z);
    NDArray avg = w.get("m.w_avg");
    if (training) {
      // The truncation centre: a slow average of w over training batches.
      NDArray moved = avg.mul(0.995f).add(style.stopGradient().mean(new int[] {0}).mul(0.005f));
      moved.copyTo(avg);
    }
    if (psi < 1) {
      style = avg.expandDims(0).add(style.sub(avg.expandDims(0)).mul((float) psi));
    }
    NDArray constant = w.get("s.const");
    NDArray x = constant.repeat(0, batch);
    NDArray rgb = null;
    for (int res = 4; res <= resolution; res *= 2) {
      if (res > 4) {
        x = Ops.upsample2x(x);
        x = layer(w, "s" + res + ".c0", x, style);
      }
      x = layer(w, "s" + res + ".c1", x, style);
      NDArray toRgb = modulated(w, "s" + res + ".rgb", x, style, false);
      rgb = rgb == null ? toRgb : Ops.upsample2x(rgb).add(toRgb);
    }
    return rgb;
  }

  private NDArray layer(Weights w, String name, NDArray x, NDArray style) {
    NDArray y = modulated(w, name, x, style, true);
    Shape s = y.getShape();
    NDArray noise = y.getManager().randomNormal(new Shape(s.get(0), 1, s.get(2), s.get(3)));
    y = y.add(noise.mul(w.get(name + ".noise")));
    return Ops.leaky(y).mul(GAIN);
  }

  private NDArray modulated(Weights w, String name, NDArray x, NDArray style, boolean demodulate) {
    NDArray weight = w.get(name + ".w");
    long out = weight.getShape().get(0);
    long in = weight.getShape().get(1);
    NDArray s =
        Linear.linear(style, w.get(name + ".affine.w"), w.get(name + ".affine.b"))
            .singletonOrThrow();
    long batch = s.getShape().get(0);
    int k = Math.toIntExact(weight.getShape().get(2));
    NDArray y = Ops.conv(x.mul(s.reshape(batch, in, 1, 1)), weight, null, 1, k / 2);
    if (demodulate) {
      // d = 1 / sqrt(sum over in, kh, kw of (w * s)^2) = rsqrt(s^2 . sum_k w^2).
      NDArray w2 = weight.square().reshape(out, in, -1).sum(new int[] {2}); // (out, in)
      NDArray d = s.square().matMul(w2.transpose()).add(1e-8f).sqrt().pow(-1); // (B, out)
      y = y.mul(d.reshape(batch, out, 1, 1));
    }
    return y.add(w.get(name + ".b").reshape(1, out, 1, 1));
  }
}
