package dev.verisim.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.verisim.gan.GanConfig;
import dev.verisim.gan.GanTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training speed of the 64x64 DCGAN, for comparison with the same model in Python PyTorch ({@code
 * bench/gan_torch.py}). Not a test: run it with {@code bench/gan.sh}.
 *
 * <pre>
 * GanBench WARMUP TIMED [--no-diffaug] [--no-sn] [--batch N] [--phases] [--results FILE]
 *          [--profile TRACE.json]
 * </pre>
 *
 * <p>Times {@link GanTrainer#timeSteps}: the training step of {@code verisim gan train} with {@link
 * GanConfig#defaults()} with spectral norm and no R1 (64 px DCGAN, width 32, latent 128, batch 64,
 * DiffAugment, non-saturating loss, Adam) on random images, without data loading, logging or
 * checkpoints. Prints the median ms/step; {@code --results} gets {@code ms=} lines (one per timed
 * step) and settings; {@code --phases} adds a per-phase breakdown (wall time between the phases'
 * ends; the engine runs each CPU op to completion before returning, so no synchronisation is
 * needed); {@code --profile} writes libtorch's profiler trace of all steps (bench/gan_profile.py
 * sums it by op).
 */
public final class GanBench {
  private GanBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: GanBench WARMUP TIMED [--no-diffaug] [--no-sn] [--batch N] [--phases]"
              + " [--results FILE]");
      System.exit(2);
    }
    int warmup = Integer.parseInt(args[0]);
    int timed = Integer.parseInt(args[1]);
    boolean diffAugment = true;
    boolean spectralNorm = true;
    boolean phases = false;
    int batch = 64;
    Path results = null;
    String profile = null;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--no-diffaug" -> diffAugment = false;
        case "--no-sn" -> spectralNorm = false;
        case "--phases" -> phases = true;
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--results" -> results = Path.of(args[++i]);
        case "--profile" -> profile = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // The step measured in bench/README.md: spectral norm on (unless --no-sn), no R1, as the
    // Python side does.
    GanConfig config =
        GanConfig.builder()
            .optCrop(GanConfig.Crop.CENTRE)
            .optSpectralNorm(spectralNorm)
            .optR1Gamma(0)
            .optDiffAugment(diffAugment)
            .optBatch(batch)
            .build();
    GanTrainer trainer = new GanTrainer(config);
    Engine engine = Engine.getEngine("PyTorch");
    System.out.printf(
        Locale.ROOT,
        "verisim (DJL %s, libtorch %s): intra-op threads %d, inter-op threads %d, %d CPUs,"
            + " OMP_WAIT_POLICY=%s; %d px DCGAN width %d latent %d, batch %d, spectral norm %s,"
            + " DiffAugment %s; %d warm-up + %d timed steps%n",
        Engine.getDjlVersion(),
        engine.getVersion(),
        JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads(),
        Runtime.getRuntime().availableProcessors(),
        System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
        config.resolution(),
        config.width(),
        config.latent(),
        config.batch(),
        spectralNorm ? "on" : "off",
        diffAugment ? "on" : "off",
        warmup,
        timed);
    Map<String, double[]> breakdown = phases ? new java.util.LinkedHashMap<>() : null;
    if (profile != null) {
      // The engine's profiler over all steps (warm-up included): a Chrome trace for op totals.
      JniUtils.startProfile(false, true, false);
    }
    double[] ms = trainer.timeSteps(warmup, timed, breakdown);
    if (profile != null) {
      JniUtils.stopProfile(profile);
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median = median(sorted);
    System.out.printf(
        Locale.ROOT,
        "  gan_step median %8.1f ms/step (%.3f steps/s), min %.1f, max %.1f, %d steps%n",
        median,
        1000 / median,
        sorted[0],
        sorted[sorted.length - 1],
        sorted.length);
    List<String> lines = new ArrayList<>();
    lines.add("intra_threads=" + JniUtils.getNumThreads());
    lines.add("interop_threads=" + JniUtils.getNumInteropThreads());
    for (double v : ms) {
      lines.add(String.format(Locale.ROOT, "ms=%.3f", v));
    }
    if (breakdown != null) {
      for (Map.Entry<String, double[]> e : breakdown.entrySet()) {
        double[] p = e.getValue().clone();
        Arrays.sort(p);
        double pm = median(p);
        System.out.printf(
            Locale.ROOT,
            "    %-34s median %8.1f ms (%4.1f%%)%n",
            e.getKey(),
            pm,
            100 * pm / median);
        lines.add(String.format(Locale.ROOT, "phase.%s=%.3f", e.getKey(), pm));
      }
    }
    if (results != null) {
      Files.write(results, lines, StandardCharsets.UTF_8);
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
