package dev.verisim.detect.learned;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;

/**
 * The learned detector's network: a small CPU-friendly CNN. Each stage is a 3x3 convolution (no
 * bias, batch norm follows), batch norm, ReLU and a 2x2 max pool that halves the resolution; then
 * global average pooling and one linear unit, the logit of "fake". The default widths (24, 48, 96,
 * 192) make 219,289 trainable parameters. Global pooling makes the network indifferent to the input
 * size, but a trained model is only meaningful at the size it was trained at.
 */
public final class CnnNetwork {
  private CnnNetwork() {}

  static Block build(CnnConfig config) {
    return build(config.widths());
  }

  /**
   * The shared shape of verisim's small detectors (faces here, spectrograms in {@code audio}): per
   * width a 3x3 convolution, batch norm, ReLU and 2x2 max-pooling; then global average pooling and
   * one logit.
   */
  public static Block build(java.util.List<Integer> widths) {
    SequentialBlock net = new SequentialBlock();
    for (int width : widths) {
      net.add(
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optPadding(new Shape(1, 1))
                  .setFilters(width)
                  .optBias(false)
                  .build())
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
    net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(1).build());
    return net;
  }

  /** The shape of one batch of {@code batch} images. */
  static Shape inputShape(int batch, CnnConfig config) {
    return new Shape(batch, 3, config.inputSize(), config.inputSize());
  }

  /** Trainable parameters (weights, biases, batch-norm scales), not batch-norm running stats. */
  static long parameterCount(Block initialised) {
    long n = 0;
    for (Pair<String, Parameter> p : initialised.getParameters()) {
      Parameter param = p.getValue();
      if (param.requiresGradient()) {
        n += param.getArray().size();
      }
    }
    return n;
  }
}
