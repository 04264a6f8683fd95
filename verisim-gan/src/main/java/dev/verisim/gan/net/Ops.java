package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
  static NDArray spectralNormalized(NDArray w, NDArray u, boolean training) {
    long out = w.getShape().get(0);
    NDArray wm = w.reshape(out, -1);
    NDArray wd = wm.stopGradient();
    NDArray v = normalize(wd.transpose().matMul(u.reshape(out, 1)));
    NDArray u2 = normalize(wd.matMul(v));
    if (training) {
      u2.reshape(out).copyTo(u);
    }
    NDArray sigma = u2.transpose().matMul(wm.matMul(v));
    return w.div(sigma.reshape(1, 1, 1, 1));
  }

  private static NDArray normalize(NDArray x) {
    return x.div(x.square().sum().sqrt().add(1e-12f));
  }

  /**
   * Appends one feature map: the standard deviation of each feature across a group of up to 4
   * images, averaged over features and positions (Karras et al. 2018, minibatch standard
   * deviation). Image {@code b} belongs to group {@code b mod (B / G)}.
   */
  static NDArray withMinibatchStd(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long group = b % 4 == 0 ? 4 : (b % 2 == 0 ? 2 : 1);
    long groups = b / group;
    NDArray y = x.reshape(group, groups, s.get(1), s.get(2), s.get(3));
    y = y.sub(y.mean(new int[] {0}, true)).square().mean(new int[] {0}).add(1e-8f).sqrt();
    NDArray std = y.reshape(groups, -1).mean(new int[] {1});
    NDArray map =
        std.reshape(1, groups, 1, 1, 1)
            .broadcast(new Shape(group, groups, 1, s.get(2), s.get(3)))
            .reshape(b, 1, s.get(2), s.get(3));
    return NDArrays.concat(new NDList(x, map), 1);
  }

  /** Nearest-neighbour 2x upsampling of (B, C, H, W). */
  static NDArray upsample2x(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }
}
