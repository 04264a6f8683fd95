package dev.verisim.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.Progress;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.gan.net.DiffAugment;
import dev.verisim.gan.net.GanAdam;
import dev.verisim.gan.net.GeneratorNet;
import dev.verisim.gan.net.Network;
import dev.verisim.gan.net.Weights;
import dev.verisim.gan.report.GanReport;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a generator against a discriminator on a folder of images.
 *
 * <p>One step: the discriminator's gradients are zeroed, it scores a real batch and a batch the
 * generator made without recording the generator's graph, and only its weights are updated; then
 * the generator's gradients are zeroed, it makes a batch that the discriminator scores, and only
 * the generator's weights are updated. The discriminator's gradients from the generator's step are
 * discarded by the next zeroing, so neither network's update can leak into the other (DESIGN.md's
 * trap; {@code GradientIsolationTest} checks it). Then the weight average moves.
 *
 * <p>Every random number of step {@code s} comes from generators seeded by (seed, s): the batch,
 * flips, latents and augmentation from Java's, per-layer noise from the engine's, reseeded each
 * step. With the Adam state saved beside each checkpoint, a resumed run is the same as an
 * uninterrupted one.
 *
 * <p>Run folder: {@code run.json}, {@code held-out.txt}, {@code training-log.jsonl}, {@code
 * samples/grid-NNNNNN.png} (the averaged generator on fixed latents), {@code
 * checkpoints/step-NNNNNN.{g,ema,d}.params} with {@code .adam-g}, {@code .adam-d} and {@code
 * .json}, and at the end {@code generator.json} and {@code generator.params} (the averaged
 * generator, what sampling uses).
 */
public final class GanTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final String FORMAT = "verisim-gan/1";
  public static final String GENERATOR_JSON = "generator.json";
  public static final String GENERATOR_PARAMS = "generator.params";
  static final int GRID = 64;

  private final GanConfig config;
  private final AdversaryLoss adversary;
  // The adversary term of the latest generator step, for the log; NaN without one.
  private double lastAdversaryLoss = Double.NaN;

  public GanTrainer(GanConfig config) {
    this(config, null);
  }

  /**
   * @param adversary an extra term of the generator's loss (logged as {@code adversary_loss}), or
   *     null for none; it is not part of the config, so a run may resume with another one
   */
  public GanTrainer(GanConfig config, AdversaryLoss adversary) {
    this.config = config;
    this.adversary = adversary;
  }

  /**
   * The run folder holds a run that this one cannot continue: other settings or other data. Nothing
   * in the folder has been changed; the message names it and says what to do.
   */
  public static final class RunConflictException extends IOException {
    private static final long serialVersionUID = 1L;

    public RunConflictException(String message) {
      super(message);
    }
  }

  /** What a run did. */
  public record Result(int steps, int stepsThisRun, double stepsPerSecond, Path generator) {}

  public Result train(Path data, Path runDir, Progress progress) throws IOException {
    TrainingImages images = TrainingImages.load(data, config, progress);
    return train(images, runDir, progress);
  }

  public Result train(TrainingImages images, Path runDir, Progress progress) throws IOException {
    Files.createDirectories(runDir.resolve("checkpoints"));
    Files.createDirectories(runDir.resolve("samples"));
    int[][] split = split(images.images().size());
    int[] train = split[0];
    if (train.length == 0) {
      throw new IllegalArgumentException(
          "all " + images.images().size() + " images are held out: nothing to train on");
    }
    ObjectNode dataNode = MAPPER.createObjectNode();
    dataNode.put("root", images.root().toString());
    dataNode.put("sha256", images.sha256());
    dataNode.put("images", images.images().size());
    dataNode.put("training", train.length);
    dataNode.put("held_out", split[1].length);
    dataNode.put("undecodable", images.undecodable());
    dataNode.put("without_face", images.withoutFace());
    // Checked before anything is written: a refused run leaves the folder's run as it was.
    int start = resumeStep(runDir, dataNode);
    writeHeldOut(runDir, images, split[1]);
    writeRunJson(runDir, dataNode, null);

    int res = config.resolution();
    int sample = 3 * res * res;
    float[] cache = new float[train.length * sample];
    float[] flipped = new float[train.length * sample];
    for (int i = 0; i < train.length; i++) {
      Images.toChw(images.images().get(train[i]), cache, i * sample, false);
      Images.toChw(images.images().get(train[i]), flipped, i * sample, true);
    }
    GeneratorNet gNet = config.generator();
    Network dNet = config.discriminator();
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        Weights g = gNet.create(root, config.seed());
        Weights ema = gNet.create(root, config.seed());
        Weights d = dNet.create(root, config.seed() + 1);
        GanAdam adamG = new GanAdam(root, config.lrGenerator(), config.beta1(), config.beta2());
        GanAdam adamD =
            new GanAdam(root, config.lrDiscriminator(), config.beta1(), config.beta2())) {
      if (start > 0) {
        String prefix = checkpointPrefix(start);
        Path dir = runDir.resolve("checkpoints");
        g.load(dir.resolve(prefix + ".g.params"));
        ema.load(dir.resolve(prefix + ".ema.params"));
        d.load(dir.resolve(prefix + ".d.params"));
        adamG.load(dir.resolve(prefix + ".adam-g"));
        adamD.load(dir.resolve(prefix + ".adam-d"));
        truncateLog(runDir, start);
        LOG.info("resuming {} after step {}", runDir, start);
      } else {
        ema.copyFrom(g);
        Files.deleteIfExists(runDir.resolve("training-log.jsonl"));
      }
      LOG.info(
          "{} generator: {} parameters; discriminator: {} parameters; {} training images",
          config.architecture().name().toLowerCase(Locale.ROOT),
          g.parameterCount(),
          d.parameterCount(),
          train.length);
      float[] gridLatents =
          latents(new SplittableRandom(config.seed() ^ 0x6d5a56L), GRID, config.latent(), 1e9);
      double decay = config.emaDecay();
      long runStart = System.nanoTime();
      long windowStart = runStart;
      int windowSteps = 0;
      double dLossSum = 0;
      double gLossSum = 0;
      double penaltySum = 0;
      int penaltyCount = 0;
      double adversarySum = 0;
      progress.start("train", config.steps());
      progress.step(start);
      for (int step = start + 1; step <= config.steps(); step++) {
        long stepSeed = mix(config.seed(), step);
        engine.setRandomSeed((int) (stepSeed ^ (stepSeed >>> 32)));
        SplittableRandom r = new SplittableRandom(stepSeed);
        try (NDManager m = root.newSubManager()) {
          g.lendTo(m);
          d.lendTo(m);
          NDArray real = realBatch(m, cache, flipped, train.length, step, r);
          StepLosses losses = step(m, gNet, dNet, g, d, adamG, adamD, real, step, r);
          dLossSum += losses.d;
          gLossSum += losses.g;
          if (!Double.isNaN(losses.penalty)) {
            penaltySum += losses.penalty;
            penaltyCount++;
          }
          adversarySum += losses.adversary;
        }
        if (decay > 0) {
          ema.moveTowards(g, decay);
        } else {
          ema.copyFrom(g);
        }
        windowSteps++;
        progress.step(step);
        if (step % config.logEvery() == 0 || step == config.steps()) {
          long now = System.nanoTime();
          double sps = windowSteps / ((now - windowStart) / 1e9);
          ObjectNode line = MAPPER.createObjectNode();
          line.put("step", step);
          line.put("d_loss", dLossSum / windowSteps);
          line.put("g_loss", gLossSum / windowSteps);
          if (penaltyCount > 0) {
            line.put(
                config.loss() == GanConfig.Loss.WGAN_GP ? "gp" : "r1", penaltySum / penaltyCount);
          }
          if (adversary != null) {
            line.put("adversary_loss", adversarySum / windowSteps);
          }
          line.put("steps_per_s", sps);
          line.put("elapsed_s", (now - runStart) / 1e9);
          appendLog(runDir, line);
          LOG.info(
              String.format(
                  Locale.ROOT,
                  "step %d/%d: D loss %.4f, G loss %.4f, %.2f steps/s, ETA %ds",
                  step,
                  config.steps(),
                  dLossSum / windowSteps,
                  gLossSum / windowSteps,
                  sps,
                  Math.round((config.steps() - step) / sps)));
          windowStart = now;
          windowSteps = 0;
          dLossSum = 0;
          gLossSum = 0;
          penaltySum = 0;
          penaltyCount = 0;
          adversarySum = 0;
        }
        if (step % config.sampleEvery() == 0 || step == config.steps()) {
          writeGrid(runDir, gNet, ema, root, gridLatents, step);
          GanReport.write(runDir);
        }
        if (step % config.checkpointEvery() == 0 || step == config.steps()) {
          saveCheckpoint(runDir, step, g, ema, d, adamG, adamD);
        }
      }
      progress.end();
      ema.save(runDir.resolve(GENERATOR_PARAMS));
      writeGeneratorJson(runDir, g.parameterCount());
      writeRunJson(runDir, dataNode, Engine.getEngine("PyTorch").getVersion());
      double seconds = (System.nanoTime() - runStart) / 1e9;
      int ran = config.steps() - start;
      return new Result(
          config.steps(), ran, ran == 0 ? 0 : ran / seconds, runDir.resolve(GENERATOR_PARAMS));
    }
  }

  /** A step's losses; {@code adversary} is NaN without an {@link AdversaryLoss}. */
  record StepLosses(double d, double g, double penalty, double adversary) {}

  /**
   * Times training steps on random images, for benchmarks: the same networks, optimizer and step as
   * {@link #train}, without data loading, logging or checkpoints.
   *
   * @return the wall time of each timed step, in milliseconds
   */
  public double[] timeSteps(int warmup, int timed) {
    return timeSteps(warmup, timed, null);
  }

  /**
   * As {@link #timeSteps(int, int)}, and when {@code phases} is not null, fills it with the wall
   * time of each phase of each timed step (ms, by phase name, in step order). The engine runs each
   * CPU operation to completion before returning, so a phase's time is its own work.
   */
  public double[] timeSteps(int warmup, int timed, java.util.Map<String, double[]> phases) {
    GeneratorNet gNet = config.generator();
    Network dNet = config.discriminator();
    int res = config.resolution();
    SplittableRandom data = new SplittableRandom(config.seed());
    float[] x = new float[config.batch() * 3 * res * res];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (data.nextDouble() * 2 - 1);
    }
    double[] ms = new double[timed];
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        Weights g = gNet.create(root, config.seed());
        Weights d = dNet.create(root, config.seed() + 1);
        GanAdam adamG = new GanAdam(root, config.lrGenerator(), config.beta1(), config.beta2());
        GanAdam adamD =
            new GanAdam(root, config.lrDiscriminator(), config.beta1(), config.beta2())) {
      for (int step = 1; step <= warmup + timed; step++) {
        long t0 = System.nanoTime();
        phaseTimes = step > warmup ? phases : null;
        phaseIndex = step - warmup - 1;
        phaseCount = timed;
        phaseStart = t0;
        try (NDManager m = root.newSubManager()) {
          g.lendTo(m);
          d.lendTo(m);
          NDArray real = m.create(x, new Shape(config.batch(), 3, res, res));
          step(m, gNet, dNet, g, d, adamG, adamD, real, step, new SplittableRandom(step));
          phase("g: step end");
        }
        phase("close the step's arrays");
        if (step > warmup) {
          ms[step - warmup - 1] = (System.nanoTime() - t0) / 1e6;
        }
      }
    } finally {
      phaseTimes = null;
    }
    return ms;
  }

  // Per-phase timing for timeSteps only; null (off) in training. Never touches the numbers.
  private java.util.Map<String, double[]> phaseTimes;
  private int phaseIndex;
  private int phaseCount;
  private long phaseStart;

  private void phase(String name) {
    if (phaseTimes == null) {
      return;
    }
    long now = System.nanoTime();
    phaseTimes.computeIfAbsent(name, k -> new double[phaseCount])[phaseIndex] +=
        (now - phaseStart) / 1e6;
    phaseStart = now;
  }

  /** One discriminator update, then one generator update. */
  StepLosses step(
      NDManager m,
      GeneratorNet gNet,
      Network dNet,
      Weights g,
      Weights d,
      GanAdam adamG,
      GanAdam adamD,
      NDArray real,
      int step,
      SplittableRandom r) {
    double[] dLoss = discriminatorStep(m, gNet, dNet, g, d, adamD, real, step, r);
    double gLoss = generatorStep(m, gNet, dNet, g, d, adamG, real.getShape().get(0), r);
    return new StepLosses(dLoss[0], gLoss, dLoss[1], lastAdversaryLoss);
  }

  /**
   * Updates the discriminator only (weights and state). The fakes are made outside the gradient
   * recording, so the generator's graph is not built and no generator gradient arises; the
   * discriminator's gradients are zeroed first, so whatever the generator's step left in them is
   * discarded.
   *
   * @return the loss and the penalty (NaN when none was applied)
   */
  double[] discriminatorStep(
      NDManager m,
      GeneratorNet gNet,
      Network dNet,
      Weights g,
      Weights d,
      GanAdam adamD,
      NDArray real,
      int step,
      SplittableRandom r) {
    int batch = Math.toIntExact(real.getShape().get(0));
    NDArray z =
        m.create(latents(r, batch, gNet.latentSize(), 1e9), new Shape(batch, gNet.latentSize()));
    // Not training: the generator's state (the style generator's average latent) is its own
    // step's to move.
    NDArray fake = gNet.generate(g, z, 1, false).stopGradient();
    phase("d: generate fakes (no grad)");
    d.zeroGradients();
    phase("d: zero gradients");
    double dLoss;
    double penalty = Double.NaN;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray augReal = augment(real, r);
      phase("d: augment");
      NDArray dr = dNet.forward(d, augReal, true);
      phase("d: D forward");
      NDArray augFake = augment(fake, r);
      phase("d: augment");
      NDArray df = dNet.forward(d, augFake, true);
      phase("d: D forward");
      NDArray loss = discriminatorLoss(dr, df);
      dLoss = loss.getFloat();
      phase("d: loss");
      gc.backward(loss);
      phase("d: backward");
    }
    if (config.loss() == GanConfig.Loss.WGAN_GP && config.gpWeight() > 0) {
      penalty = gradientPenalty(m, dNet, d, real, fake, r, config.gpWeight(), true);
    } else if (config.r1Gamma() > 0 && step % config.r1Interval() == 0) {
      penalty =
          gradientPenalty(
              m, dNet, d, real, null, r, config.r1Gamma() / 2 * config.r1Interval(), false);
    }
    phase("d: end collector");
    adamD.step(d);
    phase("d: Adam");
    return new double[] {dLoss, penalty};
  }

  /**
   * Updates the generator only. Its gradients flow through the discriminator, whose own gradients
   * from this pass are left behind (and zeroed before its next update); only {@code g} is stepped.
   * With an {@link AdversaryLoss}, its term on the unaugmented batch is added to the loss.
   */
  double generatorStep(
      NDManager m,
      GeneratorNet gNet,
      Network dNet,
      Weights g,
      Weights d,
      GanAdam adamG,
      long batchSize,
      SplittableRandom r) {
    int batch = Math.toIntExact(batchSize);
    g.zeroGradients();
    phase("g: zero gradients");
    double gLoss;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray z =
          m.create(latents(r, batch, gNet.latentSize(), 1e9), new Shape(batch, gNet.latentSize()));
      // Not training for the discriminator: its state (spectral norm's power iteration) moves
      // only in its own step, so this step leaves every discriminator array as it was.
      NDArray gen = gNet.generate(g, z, 1, true);
      phase("g: G forward");
      NDArray aug = augment(gen, r);
      phase("g: augment");
      NDArray df = dNet.forward(d, aug, false);
      phase("g: D forward");
      NDArray loss = generatorLoss(df);
      gLoss = loss.getFloat();
      if (adversary != null) {
        NDArray extra = adversary.loss(gen);
        lastAdversaryLoss = extra.getFloat();
        loss = loss.add(extra);
      }
      phase("g: loss");
      gc.backward(loss);
      phase("g: backward");
    }
    adamG.step(g);
    phase("g: Adam");
    return gLoss;
  }

  /**
   * Adds the gradient of a penalty on the discriminator's input gradient to its weights' gradients:
   * R1 ({@code weight * |dD(x)/dx|^2} on reals) or WGAN-GP ({@code weight * (|dD/dx| - 1)^2} on
   * random mixes of reals and fakes). It needs the gradient of a gradient, which DJL's collector
   * does not offer: the engine's backward is called with {@code create_graph}. That backward also
   * adds dD/dw to the weights' gradients; those are restored to what they were before, plus the
   * penalty's gradient.
   */
  double gradientPenalty(
      NDManager m,
      Network dNet,
      Weights d,
      NDArray real,
      NDArray fake,
      SplittableRandom r,
      double weight,
      boolean wgan) {
    List<String> names = d.trainableNames();
    List<NDArray> before = new ArrayList<>(names.size());
    for (String name : names) {
      NDArray gradient = d.get(name).getGradient();
      NDArray copy = gradient.duplicate();
      copy.attach(m); // freed with the step, not with the weights
      before.add(copy);
      gradient.close();
    }
    int batch = Math.toIntExact(real.getShape().get(0));
    NDArray x;
    if (wgan) {
      float[] eps = new float[batch];
      for (int i = 0; i < batch; i++) {
        eps[i] = (float) r.nextDouble();
      }
      NDArray e = m.create(eps, new Shape(batch, 1, 1, 1));
      x = real.mul(e).add(fake.mul(e.neg().add(1f)));
    } else {
      x = real.duplicate();
    }
    x.setRequiresGradient(true);
    double value;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray out = dNet.forward(d, x, false).sum();
      JniUtils.backward((PtNDArray) out, (PtNDArray) out.onesLike(), true, true);
      NDArray grad = x.getGradient();
      NDArray perSample = grad.square().reshape(batch, -1).sum(new int[] {1});
      NDArray penalty =
          wgan
              ? perSample.add(1e-12f).sqrt().sub(1f).square().mean().mul((float) weight)
              : perSample.mean().mul((float) weight);
      value = penalty.getFloat();
      d.zeroGradients();
      gc.backward(penalty);
    }
    for (int i = 0; i < names.size(); i++) {
      try (NDArray gradient = d.get(names.get(i)).getGradient()) {
        gradient.addi(before.get(i));
      }
    }
    return value;
  }

  private NDArray augment(NDArray x, SplittableRandom r) {
    return config.diffAugment() ? DiffAugment.apply(x, r) : x;
  }

  NDArray discriminatorLoss(NDArray dr, NDArray df) {
    return switch (config.loss()) {
      case NON_SATURATING ->
          Activation.softPlus(dr.neg()).mean().add(Activation.softPlus(df).mean());
      case HINGE ->
          Activation.relu(dr.neg().add(1f)).mean().add(Activation.relu(df.add(1f)).mean());
      case WGAN_GP -> df.mean().sub(dr.mean()).add(dr.square().mean().mul(0.001f));
    };
  }

  NDArray generatorLoss(NDArray df) {
    return switch (config.loss()) {
      case NON_SATURATING -> Activation.softPlus(df.neg()).mean();
      case HINGE, WGAN_GP -> df.mean().neg();
    };
  }

  /** Standard normal latents, each value redrawn while its magnitude exceeds {@code limit}. */
  public static float[] latents(SplittableRandom r, int count, int size, double limit) {
    float[] z = new float[count * size];
    for (int i = 0; i < z.length; i++) {
      double v;
      do {
        v = Weights.gaussian(r);
      } while (Math.abs(v) > limit);
      z[i] = (float) v;
    }
    return z;
  }

  private NDArray realBatch(
      NDManager m, float[] cache, float[] flipped, int n, int step, SplittableRandom r) {
    int batch = config.batch();
    int res = config.resolution();
    int sample = 3 * res * res;
    float[] x = new float[batch * sample];
    // Epochs without replacement: the order of epoch e is a seeded shuffle.
    long first = (long) (step - 1) * batch;
    int[] order = null;
    long orderEpoch = -1;
    for (int i = 0; i < batch; i++) {
      long k = first + i;
      long epoch = k / n;
      if (epoch != orderEpoch) {
        order = permutation(n, mix(config.seed() ^ 0x51ed27L, epoch));
        orderEpoch = epoch;
      }
      int idx = order[(int) (k % n)];
      float[] src = r.nextBoolean() ? flipped : cache;
      System.arraycopy(src, idx * sample, x, i * sample, sample);
    }
    return m.create(x, new Shape(batch, 3, res, res));
  }

  /** A seeded Fisher-Yates shuffle of 0..n-1: the order every verisim training run draws. */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** SplitMix64's finaliser over (seed, step): an independent seed per step, epoch or round. */
  public static long mix(long seed, long step) {
    long z = seed * 0x9E3779B97F4A7C15L + step;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** How many of {@code images} images a run keeps out of training. */
  public int heldOutCount(int images) {
    return (int) Math.round(images * config.heldOutFraction());
  }

  private int[][] split(int n) {
    int[] order = permutation(n, mix(config.seed(), -1));
    int held = heldOutCount(n);
    int[] heldOut = java.util.Arrays.copyOf(order, held);
    int[] train = java.util.Arrays.copyOfRange(order, held, n);
    java.util.Arrays.sort(heldOut);
    java.util.Arrays.sort(train);
    return new int[][] {train, heldOut};
  }

  private static void writeHeldOut(Path runDir, TrainingImages images, int[] heldOut)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i : heldOut) {
      sb.append(images.names().get(i)).append('\n');
    }
    Files.writeString(runDir.resolve("held-out.txt"), sb.toString(), StandardCharsets.UTF_8);
  }

  static String checkpointPrefix(int step) {
    return String.format(Locale.ROOT, "step-%06d", step);
  }

  /** The last complete checkpoint's step, or 0; checks the run matches this config and data. */
  private int resumeStep(Path runDir, ObjectNode dataNode) throws IOException {
    Path runJson = runDir.resolve("run.json");
    if (!Files.exists(runJson)) {
      return 0;
    }
    JsonNode old = MAPPER.readTree(runJson.toFile());
    GanConfig previous = GanConfig.fromJson(old.path("config"));
    if (!previous.withSteps(config.steps()).equals(config)) {
      throw new RunConflictException(
          runDir
              + " holds a run with other settings ("
              + old.path("config")
              + "): use another --out folder, or the same settings to resume");
    }
    if (!old.path("data").path("sha256").asText().equals(dataNode.path("sha256").asText())) {
      throw new RunConflictException(
          runDir + " was trained on other data: use another --out folder");
    }
    int best = 0;
    try (var files = Files.list(runDir.resolve("checkpoints"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.matches("step-\\d{6}\\.json")) {
          best = Math.max(best, Integer.parseInt(name.substring(5, 11)));
        }
      }
    }
    if (best > config.steps()) {
      // Resuming from the checkpoint at config.steps() would fail (it has usually been pruned)
      // or, worse, silently roll the run's generator back.
      throw new RunConflictException(
          runDir
              + " has already trained "
              + best
              + " steps, more than the "
              + config.steps()
              + " asked for: give --steps "
              + best
              + " or more to continue it, or use another --out folder");
    }
    return best;
  }

  private void saveCheckpoint(
      Path runDir, int step, Weights g, Weights ema, Weights d, GanAdam adamG, GanAdam adamD)
      throws IOException {
    Path dir = runDir.resolve("checkpoints");
    String prefix = checkpointPrefix(step);
    g.save(dir.resolve(prefix + ".g.params"));
    ema.save(dir.resolve(prefix + ".ema.params"));
    d.save(dir.resolve(prefix + ".d.params"));
    adamG.save(dir.resolve(prefix + ".adam-g"));
    adamD.save(dir.resolve(prefix + ".adam-d"));
    ObjectNode n = MAPPER.createObjectNode();
    n.put("step", step);
    // Written last: a checkpoint counts only once this file exists.
    Files.writeString(dir.resolve(prefix + ".json"), n.toString(), StandardCharsets.UTF_8);
    pruneCheckpoints(dir, step);
  }

  /** Keeps the newest two checkpoints. */
  private static void pruneCheckpoints(Path dir, int newest) throws IOException {
    List<Integer> steps = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.matches("step-\\d{6}\\.json")) {
          steps.add(Integer.parseInt(name.substring(5, 11)));
        }
      }
    }
    steps.sort(null);
    for (int i = 0; i < steps.size() - 2; i++) {
      String prefix = checkpointPrefix(steps.get(i));
      Files.deleteIfExists(dir.resolve(prefix + ".json"));
      for (String ext :
          new String[] {".g.params", ".ema.params", ".d.params", ".adam-g", ".adam-d"}) {
        Files.deleteIfExists(dir.resolve(prefix + ext));
      }
    }
  }

  private void writeGrid(
      Path runDir, GeneratorNet gNet, Weights ema, NDManager root, float[] latents, int step)
      throws IOException {
    try (NDManager m = root.newSubManager()) {
      ema.lendTo(m);
      Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
      NDArray z = m.create(latents, new Shape(GRID, gNet.latentSize()));
      List<BufferedImage> imgs = Images.fromBatch(gNet.generate(ema, z, 1, false));
      Path file =
          runDir
              .resolve("samples")
              .resolve("grid-" + String.format(Locale.ROOT, "%06d", step) + ".png");
      AiLabel label =
          AiLabel.generated("verisim " + version())
              .withGenerator("verisim-gan training grid, step " + step)
              .withSeed(config.seed());
      // Marked like every image verisim generates; the run folder's name stands for the generator.
      BufferedImage grid =
          Watermarker.withDefaultKey()
              .embed(
                  Images.grid(imgs, 8),
                  WatermarkPayload.forGenerated(
                      String.valueOf(runDir.toAbsolutePath().getFileName()), config.seed(), step));
      LabelledImageWriter.write(grid, label, file);
    }
  }

  private static void appendLog(Path runDir, ObjectNode line) throws IOException {
    try (BufferedWriter w =
        Files.newBufferedWriter(
            runDir.resolve("training-log.jsonl"),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      w.write(line.toString());
      w.write('\n');
    }
  }

  /** Drops log lines after the checkpoint a run resumes from, so the log matches the weights. */
  private static void truncateLog(Path runDir, int step) throws IOException {
    Path log = runDir.resolve("training-log.jsonl");
    if (!Files.exists(log)) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && MAPPER.readTree(line).path("step").asInt() <= step) {
        kept.append(line).append('\n');
      }
    }
    Files.writeString(log, kept.toString(), StandardCharsets.UTF_8);
  }

  private void writeRunJson(Path runDir, ObjectNode dataNode, String pytorch) throws IOException {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.set("config", config.toJson(MAPPER));
    n.set("data", dataNode);
    ObjectNode v = n.putObject("versions");
    v.put("verisim", version());
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", pytorch == null ? Engine.getEngine("PyTorch").getVersion() : pytorch);
    v.put("java", System.getProperty("java.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    Files.writeString(
        runDir.resolve("run.json"),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n),
        StandardCharsets.UTF_8);
  }

  static String version() {
    String v = GanTrainer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private void writeGeneratorJson(Path runDir, long parameters) throws IOException {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.put("id", runDir.toAbsolutePath().normalize().getFileName().toString());
    n.put("weights", GENERATOR_PARAMS);
    n.put("weights_are", "exponential moving average of the generator's weights");
    n.put("parameters", parameters);
    n.set("config", config.toJson(MAPPER));
    Files.writeString(
        runDir.resolve(GENERATOR_JSON),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n),
        StandardCharsets.UTF_8);
  }
}
