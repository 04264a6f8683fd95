package dev.verisim.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.Pair;
import dev.verisim.core.media.Degradations;
import dev.verisim.detect.learned.Augmentation;
import dev.verisim.detect.learned.CnnDetector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inference speed of the learned detector's network, for comparison with the same network in Python
 * PyTorch ({@code bench/cnn_torch.py}). Not a test: run it with {@code bench/cnn.sh}.
 *
 * <pre>
 * data DIR COUNT                        writes COUNT seeded 144x144 JPEGs into DIR/real and DIR/fake
 * rgb FILE                              writes the timed 144x144 image as raw RGB bytes (for Python)
 * run RUN_DIR [WARMUP REPS ITERS [FILE]]  times a trained run; FILE gets key=value medians
 * </pre>
 *
 * <p>Each measurement warms up with WARMUP calls, then times REPS repetitions of ITERS consecutive
 * calls on one thread; a repetition's ms/image is its time over ITERS, and the median of the
 * repetitions is printed. The warm-up stops after 10 s and the repetitions after 30 s (at least 3),
 * so a badly contended machine still finishes. What is timed:
 *
 * <ul>
 *   <li>{@code detector_144}: {@link CnnDetector#probability} on a 144x144 image: the resize to the
 *       input size, the float conversion and the network through DJL's predictor, as in detection.
 *   <li>{@code detector_96}: the same on an image already at the input size (no resize).
 *   <li>{@code preprocess_144}: only the resize and the float conversion ({@link Augmentation}).
 *   <li>{@code replica_predictor}: the same architecture built here from DJL blocks (random
 *       weights, frozen like loaded ones), through a {@link Predictor}: float array in, logit out.
 *   <li>{@code replica_forward}: that network's {@link Block#forward} alone, in a sub-manager per
 *       call: every intermediate array lives until the sub-manager closes, as in a predictor.
 *   <li>{@code replica_stepwise}: the same, but running the blocks one by one and closing each
 *       block's input once the next output exists, so native memory is reused while still in cache,
 *       as Python's reference counting does.
 *   <li>{@code detector_144_thread}: like {@code detector_144} but on a fresh thread, as {@code
 *       verisim detect}'s workers call it (PyTorch's grad mode is per thread).
 * </ul>
 */
public final class CnnBench {
  private static final long WARMUP_BUDGET_NS = 10_000_000_000L;
  private static final long BUDGET_NS = 30_000_000_000L;
  private static final int MIN_REPS = 3;
  private static final long SETTLE_NS = 3_000_000_000L;

  /** The seed of the 144x144 image every measurement scores (and {@code rgb} writes). */
  private static final long IMAGE_SEED = 7;

  private CnnBench() {}

  /** Sorted per-repetition ms/image, and minor page faults per image over the repetitions. */
  private record Timing(double[] ms, double faults) {}

  /** One thing to time: one call scores one image. */
  private interface Call {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "data" -> data(Path.of(args[1]), Integer.parseInt(args[2]));
      case "rgb" -> Files.write(Path.of(args[1]), rgb(image(144, IMAGE_SEED)));
      case "run" ->
          run(
              Path.of(args[1]),
              args.length > 2 ? Integer.parseInt(args[2]) : 300,
              args.length > 3 ? Integer.parseInt(args[3]) : 15,
              args.length > 4 ? Integer.parseInt(args[4]) : 40,
              args.length > 5 ? Path.of(args[5]) : null);
      default -> {
        System.err.println(
            "usage: CnnBench data DIR COUNT | rgb FILE"
                + " | run RUN_DIR [WARMUP REPS ITERS [RESULTS_FILE]]");
        System.exit(2);
      }
    }
  }

  /** Tiny labelled data for a throwaway training run: the bench needs weights, not accuracy. */
  private static void data(Path dir, int count) throws IOException {
    Files.createDirectories(dir.resolve("real"));
    Files.createDirectories(dir.resolve("fake"));
    for (int i = 0; i < count; i++) {
      String name = String.format(Locale.ROOT, "img-%03d.jpg", i);
      Files.write(dir.resolve("real").resolve(name), DetectBench.photo(144, 144, i));
      BufferedImage smooth =
          Degradations.resize(Degradations.resize(noise(1000 + i), 48, 48), 144, 144);
      Files.write(dir.resolve("fake").resolve(name), Degradations.jpeg(smooth, 90));
    }
  }

  private static BufferedImage noise(long seed) {
    BufferedImage img = new BufferedImage(144, 144, BufferedImage.TYPE_INT_RGB);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int y = 0; y < 144; y++) {
      for (int x = 0; x < 144; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static void run(Path runDir, int warmup, int reps, int iters, Path results)
      throws Exception {
    String propThreads = System.getProperty("ai.djl.pytorch.num_threads", "unset");
    String propInterop = System.getProperty("ai.djl.pytorch.num_interop_threads", "unset");
    List<String> lines = new ArrayList<>();
    try (CnnDetector detector = CnnDetector.load(runDir)) {
      int size = detector.config().inputSize();
      int intra = JniUtils.getNumThreads();
      int interop = JniUtils.getNumInteropThreads();
      System.out.printf(
          Locale.ROOT,
          "verisim (DJL %s, PyTorch %s): intra-op threads %d (ai.djl.pytorch.num_threads=%s),"
              + " inter-op threads %d (ai.djl.pytorch.num_interop_threads=%s), %d CPUs,"
              + " grad mode on main thread %s%n",
          Engine.getDjlVersion(),
          Engine.getEngine("PyTorch").getVersion(),
          intra,
          propThreads,
          interop,
          propInterop,
          Runtime.getRuntime().availableProcessors(),
          JniUtils.isGradMode());
      System.out.printf(
          Locale.ROOT,
          "model %s, input %dx%d, widths %s; warm-up %d calls, median of %d repetitions x %d"
              + " images, one image per call%n",
          runDir,
          size,
          size,
          detector.config().widths(),
          warmup,
          reps,
          iters);
      lines.add("intra_threads=" + intra);
      lines.add("interop_threads=" + interop);
      lines.add("input_size=" + size);
      lines.add(
          "widths="
              + String.join(
                  ",", detector.config().widths().stream().map(String::valueOf).toList()));

      BufferedImage big = image(144, IMAGE_SEED);
      BufferedImage exact = image(size, 8);
      double[] sink = new double[1];
      // A first few seconds of detection: the JIT, the Java heap and malloc's arenas settle before
      // the first measurement (otherwise detector_144, measured first, pays for them).
      long settle = System.nanoTime();
      while (System.nanoTime() - settle < SETTLE_NS) {
        sink[0] += detector.probability(big) + detector.probability(exact);
      }
      report(
          lines,
          "detector_144",
          "CnnDetector.probability, 144x144 image (resize + floats + network)",
          time(warmup, reps, iters, () -> sink[0] += detector.probability(big)));
      report(
          lines,
          "detector_96",
          "CnnDetector.probability, " + size + "x" + size + " image (floats + network)",
          time(warmup, reps, iters, () -> sink[0] += detector.probability(exact)));
      report(
          lines,
          "preprocess_144",
          "resize 144->" + size + " + floats only (Augmentation.toChw)",
          time(
              warmup,
              reps,
              iters,
              () -> sink[0] += Augmentation.toChw(Augmentation.cacheCopy(big, size), size)[0]));
      report(
          lines,
          "detector_144_thread",
          "CnnDetector.probability, 144x144, on a fresh thread",
          onFreshThread(
              () -> time(warmup, reps, iters, () -> sink[0] += detector.probability(big))));

      float[] chw = Augmentation.toChw(big, size);
      try (Model replica = replica(detector.config().widths(), size);
          Predictor<float[], Float> predictor = replica.newPredictor(new LogitTranslator(size))) {
        report(
            lines,
            "replica_predictor",
            "same network built here, Predictor.predict(float[]) (network only)",
            time(warmup, reps, iters, () -> sink[0] += predictor.predict(chw)));
        Block block = replica.getBlock();
        NDManager base = replica.getNDManager();
        ParameterStore store = new ParameterStore(base, false);
        report(
            lines,
            "replica_forward",
            "same network, Block.forward in a sub-manager per call (network only)",
            time(
                warmup,
                reps,
                iters,
                () -> {
                  try (NDManager m = base.newSubManager()) {
                    NDArray x = m.create(chw, new Shape(1, 3, size, size));
                    sink[0] += block.forward(store, new NDList(x), false).head().getFloat();
                  }
                }));
        report(
            lines,
            "replica_stepwise",
            "same network, blocks one by one, each intermediate closed when used (network only)",
            time(
                warmup,
                reps,
                iters,
                () -> {
                  try (NDManager m = base.newSubManager()) {
                    NDList x = new NDList(m.create(chw, new Shape(1, 3, size, size)));
                    for (Block child : block.getChildren().values()) {
                      NDList y = child.forward(store, x, false);
                      x.close();
                      x = y;
                    }
                    sink[0] += x.head().getFloat();
                  }
                }));
      }
      if (Double.isNaN(sink[0])) {
        System.out.println("(NaN seen)");
      }
    }
    if (results != null) {
      Files.write(results, lines, StandardCharsets.UTF_8);
    }
  }

  /** The detector's architecture (CnnNetwork is not public), weights frozen like loaded ones. */
  private static Model replica(List<Integer> widths, int size) {
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
    Engine.getEngine("PyTorch").setRandomSeed(7);
    Model model = Model.newInstance("cnn-replica", "PyTorch");
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
    for (Pair<String, Parameter> p : net.getParameters()) {
      p.getValue().freeze(true);
    }
    return model;
  }

  private static Timing onFreshThread(java.util.concurrent.Callable<Timing> body) throws Exception {
    AtomicReference<Timing> out = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                out.set(body.call());
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "cnn-bench-worker");
    t.start();
    t.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return out.get();
  }

  /**
   * Per-repetition ms/image, sorted. A contended machine can make a call 50 times slower, so the
   * warm-up stops after {@link #WARMUP_BUDGET_NS} and repetitions after {@link #BUDGET_NS} (at
   * least {@link #MIN_REPS}).
   */
  private static Timing time(int warmup, int reps, int iters, Call call) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < warmup && System.nanoTime() - start < WARMUP_BUDGET_NS; i++) {
      call.run();
    }
    double[] ms = new double[reps];
    int done = 0;
    long faults = minorFaults();
    start = System.nanoTime();
    while (done < reps && (done < MIN_REPS || System.nanoTime() - start < BUDGET_NS)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        call.run();
      }
      ms[done++] = (System.nanoTime() - t0) / 1e6 / iters;
    }
    faults = minorFaults() - faults;
    double[] out = Arrays.copyOf(ms, done);
    Arrays.sort(out);
    return new Timing(out, faults < 0 ? Double.NaN : (double) faults / ((long) done * iters));
  }

  /**
   * This process's minor page faults so far (Linux; -1 elsewhere): first touches of fresh memory,
   * such as native buffers that malloc got back from the kernel.
   */
  private static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[7]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void report(List<String> lines, String key, String what, Timing t) {
    double[] sorted = t.ms();
    double median = sorted[sorted.length / 2];
    System.out.printf(
        Locale.ROOT,
        "  %-19s median %7.3f ms/image (%6.1f/s), min %.3f, max %.3f, %d reps, %.0f faults/image"
            + "  %s%n",
        key,
        median,
        1000 / median,
        sorted[0],
        sorted[sorted.length - 1],
        sorted.length,
        t.faults(),
        what);
    lines.add(key + "=" + String.format(Locale.ROOT, "%.4f", median));
  }

  /** Raw bytes R, G, B per pixel, row by row. */
  private static byte[] rgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[3 * px.length];
    for (int i = 0; i < px.length; i++) {
      out[3 * i] = (byte) (px[i] >> 16);
      out[3 * i + 1] = (byte) (px[i] >> 8);
      out[3 * i + 2] = (byte) px[i];
    }
    return out;
  }

  /** A seeded photo-like TYPE_INT_RGB image. */
  private static BufferedImage image(int side, long seed) throws IOException {
    BufferedImage decoded =
        javax.imageio.ImageIO.read(
            new java.io.ByteArrayInputStream(DetectBench.photo(side, side, seed)));
    BufferedImage rgb = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, side, side, decoded.getRGB(0, 0, side, side, null, 0, side), 0, side);
    return rgb;
  }

  /** The detector's translator: CHW floats in, the logit out. */
  private static final class LogitTranslator implements Translator<float[], Float> {
    private final int size;

    LogitTranslator(int size) {
      this.size = size;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
      return new NDList(ctx.getNDManager().create(input, new Shape(3, size, size)));
    }

    @Override
    public Float processOutput(TranslatorContext ctx, NDList list) {
      return list.singletonOrThrow().toFloatArray()[0];
    }
  }
}
