package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

/** The few tensor operations the networks are written in. */
final class Ops {
  private Ops() {}

  static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int pad) {
    return Conv2d.conv2d(
            x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
        .singletonOrThrow();
  }

  static NDArray leaky(NDArray x) {
    return Activation.leakyRelu(x, 0.2f);
  }

  /** Each pixel's feature vector scaled to unit root-mean-square (Karras et al. 2018). */
  static NDArray pixelNorm(NDArray x) {
    return x.div(x.square().mean(new int[] {1}, true).add(1e-8f).sqrt());
  }

  /**
   * The weight divided by its largest singular value, estimated by one power iteration per training
   * call from the saved vector {@code u} (Miyato et al. 2018). The estimate's vectors are constants
   * for the gradient, as in the paper's code; {@code u} is updated only in training.
   */
  static NDArray spectralNormalized(NDArray w, NDArray u, boolean training, NDManager scope) {
    // A result belongs to its first operand's manager: the arrays derived from the weight and u
    // (with the autograd graph they hold) are moved to the caller's per-step manager, or they
    // would live as long as the weights.
    long out = w.getShape().get(0);
    NDArray wm = inScope(w.reshape(out, -1), scope);
    NDArray wd = wm.stopGradient();
    NDArray v = normalize(wd.transpose().matMul(inScope(u.reshape(out, 1), scope)));
    NDArray u2 = normalize(wd.matMul(v));
    if (training) {
      u2.reshape(out).copyTo(u);
    }
    NDArray sigma = u2.transpose().matMul(wm.matMul(v));
    return inScope(w.div(sigma.reshape(1, 1, 1, 1)), scope);
  }

  private static NDArray inScope(NDArray a, NDManager scope) {
    a.attach(scope);
    return a;
  }

  private static NDArray normalize(NDArray x) {
    return x.div(x.square().sum().sqrt().add(1e-12f));
  }

  /** Nearest-neighbour 2x upsampling of (B, C, H, W). */
  static NDArray upsample2x(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }
}
