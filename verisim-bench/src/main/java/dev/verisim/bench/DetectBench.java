package dev.verisim.bench;

import dev.verisim.cli.Main;
import dev.verisim.core.media.Degradations;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput and memory of {@code verisim detect}, through the real command line (walk, decode,
 * cues, fusion, JSON), on seeded synthetic photos. Not a test: run it with {@code bench/detect.sh}.
 *
 * <pre>
 * throughput SIZE COUNT RUNS   images/second of detect on COUNT JPEGs of SIZE x SIZE, median of RUNS
 * photo WIDTH HEIGHT FILE      writes one seeded WIDTH x HEIGHT photo-like JPEG
 * memory FILE                  peak heap while detecting FILE (the JVM does nothing else)
 * </pre>
 */
public final class DetectBench {
  private DetectBench() {}

  public static void main(String[] args) throws IOException {
    switch (args.length > 0 ? args[0] : "") {
      case "throughput" ->
          throughput(
              Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "photo" ->
          Files.write(
              Path.of(args[3]), photo(Integer.parseInt(args[1]), Integer.parseInt(args[2]), 1));
      case "memory" -> memory(Path.of(args[1]));
      default -> {
        System.err.println(
            "usage: DetectBench throughput SIZE COUNT RUNS | photo W H FILE | memory FILE");
        System.exit(2);
      }
    }
  }

  private static void throughput(int size, int count, int runs) throws IOException {
    Path dir = Files.createTempDirectory("verisim-bench-" + size);
    for (int i = 0; i < count; i++) {
      Files.write(dir.resolve(String.format(Locale.ROOT, "img-%04d.jpg", i)), photo(size, size, i));
    }
    String[] cmd = {"detect", "--json", "--no-progress", dir.toString()};
    run(cmd); // warm-up: class loading and JIT
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      int code = run(cmd);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (code != 0) {
        throw new IllegalStateException("detect exited " + code);
      }
      rates[r] = count / seconds;
    }
    Arrays.sort(rates);
    System.out.printf(
        Locale.ROOT,
        "detect %dx%d JPEG: median %.1f images/s over %d runs of %d images (min %.1f, max %.1f),"
            + " %d threads%n",
        size,
        size,
        rates[runs / 2],
        runs,
        count,
        rates[0],
        rates[runs - 1],
        Runtime.getRuntime().availableProcessors());
  }

  private static void memory(Path file) throws IOException {
    long t0 = System.nanoTime();
    int code = run(new String[] {"detect", "--json", "--no-progress", file.toString()});
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "detect %s (%d KB): exit %d in %.2f s; peak heap used %d MB (sum of pool peaks, an upper"
            + " bound); peak RSS %s%n",
        file.getFileName(),
        Files.size(file) / 1024,
        code,
        seconds,
        peakHeap >> 20,
        vmHwm());
  }

  private static int run(String[] args) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    return Main.execute(args, sink, sink);
  }

  /** A seeded photo-like image: smooth shapes at several scales plus sensor-like noise. */
  static byte[] photo(int width, int height, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int cells = 8;
    double[][][] grid = new double[3][cells + 1][cells + 1];
    for (double[][] channel : grid) {
      for (double[] row : channel) {
        for (int i = 0; i < row.length; i++) {
          row[i] = 40 + 170 * rnd.nextDouble();
        }
      }
    }
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      double gy = (double) y / height * cells;
      int y0 = (int) gy;
      double fy = gy - y0;
      for (int x = 0; x < width; x++) {
        double gx = (double) x / width * cells;
        int x0 = (int) gx;
        double fx = gx - x0;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          double[][] g = grid[c];
          double v =
              (1 - fy) * ((1 - fx) * g[y0][x0] + fx * g[y0][x0 + 1])
                  + fy * ((1 - fx) * g[y0 + 1][x0] + fx * g[y0 + 1][x0 + 1]);
          v +=
              20 * Math.sin((x * 0.05 + c) * (1 + 0.3 * Math.sin(y * 0.01)))
                  + 6 * rnd.nextGaussian();
          rgb = (rgb << 8) | Math.max(0, Math.min(255, (int) Math.round(v)));
        }
        row[x] = rgb;
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    return Degradations.jpeg(img, 90);
  }

  /** Peak resident memory of this process, from /proc (Linux only). */
  private static String vmHwm() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "unknown";
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(status, StandardCharsets.US_ASCII));
    return lines.stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> l.substring(6).trim())
        .findFirst()
        .orElse("unknown");
  }
}
