package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.SplittableRandom;

/**
 * The DCGAN pair (Radford et al. 2016): the generator projects the latent to a 4x4 map and doubles
 * it to the output size, halving the width at each doubling, and ends in tanh; the discriminator
 * mirrors it with strided 4x4 convolutions and leaky ReLU.
 *
 * <p>Each doubling is a nearest-neighbour upsampling followed by a 3x3 convolution (the
 * "resize-convolution" of Odena et al. 2016) rather than the paper's 4x4 transposed convolution:
 * DJL's PyTorch engine does not implement transposed convolution ({@code PtNDArrayEx.deconvolution}
 * throws), and resize-convolution also avoids checkerboard artefacts.
 *
 * <p>Two more changes from the paper, both for the short CPU runs this project affords: the
 * generator normalizes with pixel norm (Karras et al. 2018) instead of batch norm, so an image does
 * not depend on the rest of its batch and the weight average needs no running statistics; the
 * discriminator's convolutions are spectrally normalized (Miyato et al. 2018) when asked, instead
 * of batch norm.
 *
 * <p>Widths: {@code base} channels at half the output resolution, doubling at each halving, at most
 * 512.
 */
public final class Dcgan {
  private Dcgan() {}

  static int width(int base, int resolution, int res) {
    return Math.min(512, base * resolution / (2 * res));
  }

  /** The DCGAN generator. */
  public static final class Generator implements GeneratorNet {
    private final int resolution;
    private final int base;
    private final int latent;

    public Generator(int resolution, int base, int latent) {
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
      return true;
    }

    @Override
    public Weights create(NDManager manager, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      Weights w = new Weights(manager);
      int c = width(base, resolution, 4);
      w.add("g.in.w", new Shape(c * 16L, latent), 0.02, 0, r);
      w.add("g.in.b", new Shape(c * 16L), 0, 0, r);
      for (int res = 8; res < resolution; res *= 2) {
        int next = width(base, resolution, res);
        w.add("g.up" + res + ".w", new Shape(next, c, 3, 3), 0.02, 0, r);
        w.add("g.up" + res + ".b", new Shape(next), 0, 0, r);
        c = next;
      }
      w.add("g.rgb.w", new Shape(3, c, 3, 3), 0.02, 0, r);
      w.add("g.rgb.b", new Shape(3), 0, 0, r);
      return w;
    }

    @Override
    public NDArray generate(Weights w, NDArray z, double psi, boolean training) {
      long batch = z.getShape().get(0);
      NDArray x = Linear.linear(z, w.get("g.in.w"), w.get("g.in.b")).singletonOrThrow();
      x = Activation.relu(Ops.pixelNorm(x.reshape(batch, -1, 4, 4)));
      for (int res = 8; res < resolution; res *= 2) {
        x =
            Ops.conv(
                Ops.upsample2x(x), w.get("g.up" + res + ".w"), w.get("g.up" + res + ".b"), 1, 1);
        x = Activation.relu(Ops.pixelNorm(x));
      }
      return Ops.conv(Ops.upsample2x(x), w.get("g.rgb.w"), w.get("g.rgb.b"), 1, 1).tanh();
    }
  }

  /** The DCGAN discriminator: images (B, 3, R, R) to logits (B). */
  public static final class Discriminator implements Network {
    private final int resolution;
    private final int base;
    private final boolean spectralNorm;
    private final boolean minibatchStd;

    public Discriminator(int resolution, int base, boolean spectralNorm, boolean minibatchStd) {
      this.resolution = resolution;
      this.base = base;
      this.spectralNorm = spectralNorm;
      this.minibatchStd = minibatchStd;
    }

    @Override
    public Weights create(NDManager manager, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      Weights w = new Weights(manager);
      int c = 3;
      for (int res = resolution / 2; res >= 4; res /= 2) {
        int next = width(base, resolution, res);
        add(w, "d.down" + res, new Shape(next, c, 4, 4), r);
        w.add("d.down" + res + ".b", new Shape(next), 0, 0, r);
        c = next;
      }
      add(w, "d.out", new Shape(1, minibatchStd ? c + 1 : c, 4, 4), r);
      w.add("d.out.b", new Shape(1), 0, 0, r);
      return w;
    }

    private void add(Weights w, String name, Shape shape, SplittableRandom r) {
      w.add(name + ".w", shape, 0.02, 0, r);
      if (spectralNorm) {
        w.addState(name + ".w.u", new Shape(shape.get(0)), r);
      }
    }

    private NDArray weight(Weights w, String name, boolean training) {
      NDArray weight = w.get(name + ".w");
      return spectralNorm ? Ops.spectralNormalized(weight, w.get(name + ".w.u"), training) : weight;
    }

    @Override
    public NDArray forward(Weights w, NDArray x, boolean training) {
      for (int res = resolution / 2; res >= 4; res /= 2) {
        String name = "d.down" + res;
        x = Ops.leaky(Ops.conv(x, weight(w, name, training), w.get(name + ".b"), 2, 1));
      }
      if (minibatchStd) {
        x = Ops.withMinibatchStd(x);
      }
      NDArray out = Ops.conv(x, weight(w, "d.out", training), w.get("d.out.b"), 1, 0);
      return out.reshape(out.getShape().get(0));
    }
  }
}
