package dev.verisim.arena;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.verisim.gan.AdversaryLoss;
import dev.verisim.gan.Images;
import dev.verisim.gan.net.Dcgan;
import dev.verisim.gan.net.GanAdam;
import dev.verisim.gan.net.Network;
import dev.verisim.gan.net.Weights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arena's detector: a small CNN at the arena's resolution that gives one "fake" logit per
 * image, trained with Adam on binary cross-entropy.
 *
 * <p>Why not the learned detector of {@code verisim-detect} ({@code CnnNetwork}/{@code
 * CnnTrainer}): that is a DJL {@code Block} with batch norm, trained from labelled folders in
 * epochs through face crops, early stopping and calibration. The arena needs a network whose
 * gradient reaches the generator while its own weights stay frozen, that is fine-tuned in memory
 * for a fixed budget each round, and whose score of an image does not depend on the rest of its
 * batch (batch norm's does in training mode). verisim-gan's networks are plain functions of
 * explicit {@link Weights}, which gives all three: the network is the DCGAN discriminator's
 * architecture (strided 4x4 convolutions with leaky ReLU), without spectral norm and without the
 * minibatch standard deviation map (which would make a score depend on the batch). It has its own
 * weights, optimizer and training data; it is not the GAN's discriminator.
 *
 * <p>Gradients: the detector's trainable weights are zeroed before each of its own steps, and the
 * copy the generator trains against ({@link #frozenAdversary}) is loaded into arrays that do not
 * require a gradient, so the generator's backward pass cannot accumulate anything into any
 * detector's weights.
 */
final class ArenaDetector implements AutoCloseable {
  private static final int SCORE_CHUNK = 64;

  private final int resolution;
  private final Network net;
  private final NDManager manager;
  private final Weights weights;
  private final GanAdam adam;

  ArenaDetector(int resolution, int width, double learningRate, long seed) {
    this.resolution = resolution;
    this.net = new Dcgan.Discriminator(resolution, width, false, false);
    this.manager = NDManager.newBaseManager("PyTorch");
    this.weights = net.create(manager, seed);
    this.adam = new GanAdam(manager, learningRate, 0.5, 0.999);
  }

  long parameterCount() {
    return weights.parameterCount();
  }

  void save(Path params, Path optimizer) throws IOException {
    weights.save(params);
    adam.save(optimizer);
  }

  void load(Path params, Path optimizer) throws IOException {
    weights.load(params);
    adam.load(optimizer);
  }

  /**
   * Trains for {@code steps} steps; each batch is half real, half fake, drawn with replacement,
   * each image flipped left to right at random. Every random choice of step {@code s} comes from
   * {@code (seed, s)}.
   *
   * @return the mean loss of the last tenth of the steps
   */
  double train(
      List<BufferedImage> reals, List<BufferedImage> fakes, int steps, int batch, long seed) {
    int sample = 3 * resolution * resolution;
    float[] realCache = cache(reals);
    float[] fakeCache = cache(fakes);
    Engine engine = Engine.getEngine("PyTorch");
    int half = batch / 2;
    double tail = 0;
    int tailSteps = 0;
    for (int step = 1; step <= steps; step++) {
      SplittableRandom r = new SplittableRandom(Arena.mix(seed, step));
      float[] x = new float[batch * sample];
      for (int i = 0; i < batch; i++) {
        boolean real = i < half;
        float[] src = real ? realCache : fakeCache;
        int n = real ? reals.size() : fakes.size();
        copy(src, r.nextInt(n), x, i, r.nextBoolean());
      }
      weights.zeroGradients();
      try (NDManager m = manager.newSubManager()) {
        weights.lendTo(m);
        NDArray input = m.create(x, new Shape(batch, 3, resolution, resolution));
        double loss;
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray logits = net.forward(weights, input, true);
          NDArray realLogits = logits.get("0:" + half);
          NDArray fakeLogits = logits.get(half + ":");
          NDArray l =
              Activation.softPlus(realLogits)
                  .mean()
                  .add(Activation.softPlus(fakeLogits.neg()).mean());
          loss = l.getFloat();
          gc.backward(l);
        }
        adam.step(weights);
        if (step > steps - Math.max(1, steps / 10)) {
          tail += loss;
          tailSteps++;
        }
      }
    }
    return tail / tailSteps;
  }

  /** The "fake" logit of each image (higher: more likely fake). */
  double[] scores(List<BufferedImage> images) {
    double[] out = new double[images.size()];
    int sample = 3 * resolution * resolution;
    for (int from = 0; from < images.size(); from += SCORE_CHUNK) {
      int n = Math.min(SCORE_CHUNK, images.size() - from);
      float[] x = new float[n * sample];
      for (int i = 0; i < n; i++) {
        Images.toChw(check(images.get(from + i)), x, i * sample, false);
      }
      try (NDManager m = manager.newSubManager()) {
        weights.lendTo(m);
        NDArray logits =
            net.forward(weights, m.create(x, new Shape(n, 3, resolution, resolution)), false)
                .stopGradient();
        float[] v = logits.toFloatArray();
        for (int i = 0; i < n; i++) {
          out[from + i] = v[i];
        }
      }
    }
    return out;
  }

  /**
   * The term the generator trains with: {@code weight} times the non-saturating loss of being
   * called fake, {@code mean(softplus(logit))}, by a frozen copy of the detector saved at {@code
   * params}. Close it after training.
   */
  static FrozenAdversary frozenAdversary(
      Path params, int resolution, int width, double weight, long seed) throws IOException {
    return new FrozenAdversary(params, resolution, width, weight, seed);
  }

  /** A detector copy whose arrays require no gradient, as a {@link AdversaryLoss}. */
  static final class FrozenAdversary implements AdversaryLoss, AutoCloseable {
    private final Network net;
    private final NDManager manager;
    private final Weights weights;
    private final float weight;

    private FrozenAdversary(Path params, int resolution, int width, double weight, long seed)
        throws IOException {
      this.net = new Dcgan.Discriminator(resolution, width, false, false);
      this.manager = NDManager.newBaseManager("PyTorch");
      this.weights = net.create(manager, seed);
      this.weight = (float) weight;
      try {
        weights.load(params);
        for (String name : weights.trainableNames()) {
          weights.get(name).setRequiresGradient(false);
        }
      } catch (IOException | RuntimeException e) {
        manager.close();
        throw e;
      }
    }

    /** Whether any of the copy's arrays would collect a gradient (never, by construction). */
    boolean anyRequiresGradient() {
      for (String name : weights.names()) {
        if (weights.get(name).hasGradient()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public NDArray loss(NDArray generated) {
      weights.lendTo(generated.getManager());
      NDArray logits = net.forward(weights, quantised(generated), false);
      return Activation.softPlus(logits).mean().mul(weight);
    }

    /**
     * The 8-bit image the detector will be shown (fakes are saved as 8-bit PNG), with the gradient
     * passed straight through the rounding: without it the generator can fool the frozen detector
     * with changes smaller than a grey level, which vanish when its images are saved.
     */
    static NDArray quantised(NDArray x) {
      NDArray q = x.add(1f).mul(127.5f).round().clip(0f, 255f).div(127.5f).sub(1f);
      return x.add(q.sub(x).stopGradient());
    }

    @Override
    public void close() {
      weights.close();
      manager.close();
    }
  }

  private float[] cache(List<BufferedImage> images) {
    int sample = 3 * resolution * resolution;
    float[] out = new float[images.size() * sample];
    for (int i = 0; i < images.size(); i++) {
      Images.toChw(check(images.get(i)), out, i * sample, false);
    }
    return out;
  }

  private void copy(float[] src, int index, float[] dst, int slot, boolean flip) {
    int plane = resolution * resolution;
    int from = index * 3 * plane;
    int to = slot * 3 * plane;
    if (!flip) {
      System.arraycopy(src, from, dst, to, 3 * plane);
      return;
    }
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < resolution; y++) {
        int row = c * plane + y * resolution;
        for (int x = 0; x < resolution; x++) {
          dst[to + row + x] = src[from + row + resolution - 1 - x];
        }
      }
    }
  }

  private BufferedImage check(BufferedImage img) {
    if (img.getWidth() != resolution || img.getHeight() != resolution) {
      throw new IllegalArgumentException(
          "the detector takes "
              + resolution
              + " px squares, got "
              + img.getWidth()
              + "x"
              + img.getHeight());
    }
    return img;
  }

  @Override
  public void close() {
    adam.close();
    weights.close();
    manager.close();
  }
}
