package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.MediaException;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.provenance.watermark.Psnr;
import dev.verisim.provenance.watermark.WatermarkDetection;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.WatermarkRobustness;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verisim watermark}: embed and detect the invisible watermark, measure its robustness. */
@Command(
    name = "watermark",
    mixinStandardHelpOptions = true,
    description = {
      "Embed and detect verisim's invisible watermark: 32 bits (generator id and serial) with"
          + " error correction, PSNR >= 40 dB, keyed.",
      "A clean image is claimed marked with probability below 1e-6."
    },
    subcommands = {
      WatermarkCommand.Embed.class,
      WatermarkCommand.Detect.class,
      WatermarkCommand.Robustness.class
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 an input could not be read (named on stderr); 2 usage error;"
          + " 3 internal error."
    })
public final class WatermarkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing a command: embed, detect or robustness");
  }

  /** {@code --key}, shared by the subcommands. */
  static final class KeyOption {
    @Option(
        names = "--key",
        paramLabel = "KEY",
        description =
            "Secret watermark key (default: the public default key, which anyone can detect).")
    String key;

    Watermarker watermarker(CommandSpec spec) {
      if (key == null) {
        return Watermarker.withDefaultKey();
      }
      if (key.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--key must not be empty");
      }
      return Watermarker.withKey(key);
    }
  }

  static ImageDecoder decoder() {
    return new ImageDecoder(ImageLimits.DEFAULT);
  }

  /** {@code verisim watermark embed}. */
  @Command(
      name = "embed",
      mixinStandardHelpOptions = true,
      description = {
        "Write a marked copy of an image. PNG or JPEG by the extension of --out (JPEG at quality"
            + " 95). Only pixels are written: metadata of the input is not copied.",
        "Prints one JSON line: in, out, payload, psnr."
      },
      footer = {
        "",
        "Exit codes: 0 written; 1 the input could not be read or decoded (reason on stderr);"
            + " 2 usage error; 3 internal error."
      })
  public static final class Embed implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin KeyOption keyOption;

    @Parameters(index = "0", paramLabel = "IN", description = "Image to mark.")
    Path in;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "OUT",
        description = "Marked image to write: .png, .jpg or .jpeg.")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PayloadChoice payloadChoice;

    static final class PayloadChoice {
      @Option(
          names = "--payload",
          paramLabel = "HEX",
          description = "The 32-bit payload as 8 hex digits: generator byte, then 24-bit serial.")
      String hex;

      @ArgGroup(exclusive = false)
      Parts parts;
    }

    static final class Parts {
      @Option(
          names = "--generator-id",
          required = true,
          paramLabel = "N",
          description = "Generator id, 0-255.")
      int generatorId;

      @Option(
          names = "--serial",
          required = true,
          paramLabel = "N",
          description = "Serial number, 0-16777215.")
      int serial;
    }

    @Override
    public Integer call() throws IOException {
      WatermarkPayload payload = payload();
      String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
      String format =
          name.endsWith(".png")
              ? "png"
              : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg" : null;
      if (format == null) {
        throw new ParameterException(
            spec.commandLine(), "--out must end in .png, .jpg or .jpeg, got " + out);
      }
      Path parent = out.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new ParameterException(
            spec.commandLine(), "--out: the folder " + parent + " does not exist");
      }
      Watermarker watermarker = keyOption.watermarker(spec);
      StillImage image;
      try {
        image = decoder().decode(in, in.toString());
      } catch (MediaException e) {
        spec.commandLine().getErr().println("verisim: " + e.code().id() + ": " + e.getMessage());
        return ExitCodes.INPUT_ERRORS;
      }
      if (image.width() < Watermarker.MIN_SIDE || image.height() < Watermarker.MIN_SIDE) {
        spec.commandLine()
            .getErr()
            .println(
                "verisim: "
                    + in
                    + ": too small to watermark ("
                    + image.width()
                    + "x"
                    + image.height()
                    + ", at least "
                    + Watermarker.MIN_SIDE
                    + " pixels a side)");
        return ExitCodes.INPUT_ERRORS;
      }
      BufferedImage marked = watermarker.embed(image.rgb(), payload);
      if (format.equals("png")) {
        ImageIO.write(marked, "png", out.toFile());
      } else {
        Files.write(out, dev.verisim.core.media.Degradations.jpeg(marked, 95));
      }
      ObjectNode line = new ObjectMapper().createObjectNode();
      line.put("in", in.toString());
      line.put("out", out.toString());
      line.put("payload", payload.hex());
      line.put("psnr", round(Psnr.of(image.rgb(), marked), 2));
      spec.commandLine().getOut().println(line);
      return ExitCodes.OK;
    }

    private WatermarkPayload payload() {
      try {
        if (payloadChoice.hex != null) {
          return WatermarkPayload.parseHex(payloadChoice.hex);
        }
        return new WatermarkPayload(payloadChoice.parts.generatorId, payloadChoice.parts.serial);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
  }

  /** {@code verisim watermark detect}. */
  @Command(
      name = "detect",
      mixinStandardHelpOptions = true,
      description = {
        "Look for the watermark in images; directories are walked recursively.",
        "One line per input in input order (a table, or JSON Lines with --json: path, present,"
            + " payload, bit_accuracy, false_positive_probability, score, scale, angle, shift,"
            + " elapsed_ms, error); a summary on stderr."
      },
      footer = {
        "",
        "Exit codes: 0 every input was read (marked or not); 1 at least one input could not be"
            + " read (the others are still reported); 2 usage error; 3 internal error."
      })
  public static final class Detect implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin KeyOption keyOption;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or directories.")
    List<String> paths;

    @Option(names = "--json", description = "One JSON object per input (JSON Lines).")
    boolean json;

    @Option(
        names = "--threads",
        defaultValue = "0",
        description = "Worker threads (default 0: one per core).")
    int threads;

    @Option(
        names = "--all-files",
        description = "Under directories, read every file, not only those that look like images.")
    boolean allFiles;

    private record Result(
        String path, WatermarkDetection detection, MediaException error, double millis) {}

    @Override
    public Integer call() throws InterruptedException {
      Watermarker watermarker = keyOption.watermarker(spec);
      ImageDecoder decoder = decoder();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      ExecutorService pool =
          Executors.newFixedThreadPool(workers, NamedThreads.daemons("verisim-watermark"));
      Summary summary = new Summary();
      long start = System.nanoTime();
      if (!json) {
        out.println(
            String.format(
                Locale.ROOT,
                "%-8s %-9s %-8s %-9s %s",
                "PRESENT",
                "PAYLOAD",
                "BIT_ACC",
                "FP_PROB",
                "PATH"));
      }
      try {
        // A sliding window: workers stay busy, lines print in input order.
        Deque<Future<Result>> window = new ArrayDeque<>();
        for (InputWalker.Input input : new InputWalker(paths, allFiles)) {
          window.add(pool.submit(() -> detect(watermarker, decoder, input)));
          if (window.size() >= 2 * workers) {
            emit(out, take(window.poll()), summary);
          }
        }
        while (!window.isEmpty()) {
          emit(out, take(window.poll()), summary);
        }
      } finally {
        pool.shutdownNow();
      }
      out.flush();
      err.println(summary.line((System.nanoTime() - start) / 1e9));
      return summary.errors > 0 ? ExitCodes.INPUT_ERRORS : ExitCodes.OK;
    }

    /** Counts for the summary line on stderr. */
    private static final class Summary {
      int total;
      int marked;
      int errors;
      double maxScore = Double.NEGATIVE_INFINITY;
      String maxScorePath;

      void add(Result r) {
        total++;
        if (r.error() != null) {
          errors++;
          return;
        }
        marked += r.detection().present() ? 1 : 0;
        if (r.detection().score() > maxScore) {
          maxScore = r.detection().score();
          maxScorePath = r.path();
        }
      }

      String line(double seconds) {
        return String.format(
            Locale.ROOT,
            "%d %s: %d claimed marked, %d not marked, %d unreadable in %.1f s%s",
            total,
            total == 1 ? "input" : "inputs",
            marked,
            total - marked - errors,
            errors,
            seconds,
            maxScorePath == null
                ? ""
                : String.format(
                    Locale.ROOT, "; highest sync score %.2f (%s)", maxScore, maxScorePath));
      }
    }

    private void emit(PrintWriter out, Result r, Summary summary) {
      summary.add(r);
      print(out, r);
    }

    private static Result take(Future<Result> future) throws InterruptedException {
      try {
        return future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a watermark worker failed", e.getCause());
      }
    }

    private static Result detect(
        Watermarker watermarker, ImageDecoder decoder, InputWalker.Input input) {
      long start = System.nanoTime();
      try {
        StillImage image = decoder.decode(input.file(), input.name());
        WatermarkDetection d = watermarker.detect(image.rgb());
        return new Result(input.name(), d, null, (System.nanoTime() - start) / 1e6);
      } catch (MediaException e) {
        return new Result(input.name(), null, e, (System.nanoTime() - start) / 1e6);
      }
    }

    private void print(PrintWriter out, Result r) {
      if (json) {
        out.println(jsonLine(r));
      } else if (r.error() != null) {
        out.println(
            String.format(
                Locale.ROOT,
                "%-8s %-9s %-8s %-9s %s  (%s: %s)",
                "error",
                "-",
                "-",
                "-",
                r.path(),
                r.error().code().id(),
                r.error().getMessage()));
      } else {
        WatermarkDetection d = r.detection();
        out.println(
            String.format(
                Locale.ROOT,
                "%-8s %-9s %-8.3f %-9.2g %s",
                d.present() ? "yes" : "no",
                d.payload() == null ? "-" : d.payload().hex(),
                d.bitAccuracy(),
                d.falsePositiveProbability(),
                r.path()));
      }
      out.flush();
    }

    private static String jsonLine(Result r) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("path", r.path());
      if (r.error() != null) {
        o.putNull("present");
        o.putNull("payload");
        ObjectNode e = o.putObject("error");
        e.put("code", r.error().code().id());
        e.put("message", r.error().getMessage());
        o.put("elapsed_ms", Math.round(r.millis()));
        return o.toString();
      }
      WatermarkDetection d = r.detection();
      o.put("present", d.present());
      if (d.payload() == null) {
        o.putNull("payload");
        o.putNull("generator_id");
        o.putNull("serial");
      } else {
        o.put("payload", d.payload().hex());
        o.put("generator_id", d.payload().generatorId());
        o.put("serial", d.payload().serial());
      }
      o.put("bit_accuracy", round(d.bitAccuracy(), 4));
      o.put("false_positive_probability", d.falsePositiveProbability());
      o.put("score", round(d.score(), 3));
      o.put("scale", round(d.scale(), 4));
      o.put("angle", round(d.angle(), 2));
      ArrayNode shift = o.putArray("shift");
      shift.add(d.shiftX());
      shift.add(d.shiftY());
      o.put("elapsed_ms", Math.round(r.millis()));
      o.putNull("error");
      return o.toString();
    }
  }

  /** {@code verisim watermark robustness}. */
  @Command(
      name = "robustness",
      mixinStandardHelpOptions = true,
      description = {
        "Measure the watermark: embed random payloads into images from a folder, apply each"
            + " attack (JPEG q50-q95, resize 0.5x-2x, crops, brightness, contrast, format changes,"
            + " rotations of 1 and 2 degrees), and report per attack the detection rate, the"
            + " exact-payload rate, the mean bit accuracy and the false claims on the unmarked"
            + " originals under the same attack; plus the PSNR of the marked images.",
        "Images are picked from the folder (recursively) by --seed; unreadable ones are skipped"
            + " with a warning."
      },
      footer = {
        "",
        "Exit codes: 0 measured; 2 usage error (no folder, no readable image); 3 internal error."
      })
  public static final class Robustness implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin KeyOption keyOption;

    @Option(
        names = "--images",
        required = true,
        paramLabel = "DIR",
        description = "Folder of images (walked recursively).")
    Path images;

    @Option(
        names = "--count",
        defaultValue = "50",
        paramLabel = "N",
        description = "Images to use (default ${DEFAULT-VALUE}).")
    int count;

    @Option(
        names = "--seed",
        defaultValue = "1",
        paramLabel = "S",
        description = "Seed of the image pick and the payloads (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--size",
        defaultValue = "0",
        paramLabel = "PX",
        description =
            "If > 0, first centre-crop each image to a square and resize it to PX x PX (64 for"
                + " GAN-sized faces). Default 0: images as they are.")
    int size;

    @Option(names = "--json", description = "One JSON object per attack, then a summary object.")
    boolean json;

    @Option(
        names = "--threads",
        defaultValue = "0",
        description = "Worker threads (default 0: one per core).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
      if (count < 1) {
        throw new ParameterException(spec.commandLine(), "--count must be at least 1");
      }
      if (size != 0 && size < Watermarker.MIN_SIDE) {
        throw new ParameterException(
            spec.commandLine(), "--size must be 0 or at least " + Watermarker.MIN_SIDE);
      }
      if (!Files.isDirectory(images)) {
        throw new ParameterException(spec.commandLine(), "--images: no such folder: " + images);
      }
      Watermarker watermarker = keyOption.watermarker(spec);
      PrintWriter err = spec.commandLine().getErr();
      List<InputWalker.Input> inputs = new ArrayList<>();
      new InputWalker(List.of(images.toString()), false).forEach(inputs::add);
      // A seeded pick, so --count N takes a reproducible sample of a big folder.
      Collections.shuffle(inputs, new Random(seed));
      List<BufferedImage> picked = new ArrayList<>();
      ImageDecoder decoder = decoder();
      for (InputWalker.Input input : inputs) {
        if (picked.size() == count) {
          break;
        }
        try {
          BufferedImage rgb = decoder.decode(input.file(), input.name()).rgb();
          if (size > 0) {
            rgb = squareResize(rgb, size);
          }
          if (rgb.getWidth() >= Watermarker.MIN_SIDE && rgb.getHeight() >= Watermarker.MIN_SIDE) {
            picked.add(rgb);
          }
        } catch (MediaException e) {
          err.println("verisim: skipped " + e.code().id() + ": " + e.getMessage());
        }
      }
      if (picked.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--images: no readable image in " + images);
      }
      WatermarkRobustness harness = new WatermarkRobustness(watermarker);
      int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      ExecutorService pool =
          Executors.newFixedThreadPool(workers, NamedThreads.daemons("verisim-robustness"));
      List<WatermarkRobustness.Tally> tallies = new ArrayList<>();
      long start = System.nanoTime();
      try {
        List<Future<WatermarkRobustness.Tally>> futures = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
          BufferedImage image = picked.get(i);
          WatermarkPayload payload = WatermarkRobustness.payload(seed, i);
          futures.add(pool.submit(() -> harness.measure(image, payload)));
        }
        for (int i = 0; i < futures.size(); i++) {
          try {
            tallies.add(futures.get(i).get());
          } catch (ExecutionException e) {
            throw new IllegalStateException("a robustness worker failed", e.getCause());
          }
          if ((i + 1) % 10 == 0) {
            err.printf(Locale.ROOT, "robustness: %d/%d images%n", i + 1, futures.size());
            err.flush();
          }
        }
      } finally {
        pool.shutdownNow();
      }
      WatermarkRobustness.Report report = WatermarkRobustness.summarise(tallies, seed);
      print(report, (System.nanoTime() - start) / 1e9);
      return ExitCodes.OK;
    }

    private void print(WatermarkRobustness.Report report, double seconds) {
      PrintWriter out = spec.commandLine().getOut();
      ObjectMapper mapper = new ObjectMapper();
      if (json) {
        for (WatermarkRobustness.Row r : report.rows()) {
          ObjectNode o = mapper.createObjectNode();
          o.put("attack", r.attack().label());
          o.put("images", r.images());
          o.put("detection_rate", round(r.detectionRate(), 4));
          o.put("exact_payload_rate", round(r.exactRate(), 4));
          o.put("mean_bit_accuracy", round(r.meanBitAccuracy(), 4));
          o.put("false_claims_unmarked", r.falseClaims());
          o.put("median_detect_ms", round(r.medianMillis(), 1));
          out.println(o);
        }
        ObjectNode s = mapper.createObjectNode();
        s.put("summary", true);
        s.put("images", report.images());
        s.put("size", size);
        s.put("seed", report.seed());
        s.put("mean_psnr", round(report.meanPsnr(), 3));
        s.put("min_psnr", round(report.minPsnr(), 3));
        s.put("false_claims_unmarked_total", totalFalseClaims(report));
        s.put("seconds", round(seconds, 1));
        out.println(s);
      } else {
        out.println(
            String.format(
                Locale.ROOT,
                "%-18s %9s %9s %8s %12s %9s",
                "ATTACK",
                "DETECTED",
                "EXACT",
                "BIT_ACC",
                "FALSE_CLAIMS",
                "DET_MS"));
        for (WatermarkRobustness.Row r : report.rows()) {
          out.println(
              String.format(
                  Locale.ROOT,
                  "%-18s %9.3f %9.3f %8.3f %12s %9.1f",
                  r.attack().label(),
                  r.detectionRate(),
                  r.exactRate(),
                  r.meanBitAccuracy(),
                  r.falseClaims() + "/" + r.images(),
                  r.medianMillis()));
        }
        out.println(
            String.format(
                Locale.ROOT,
                "%d images%s, seed %d: PSNR mean %.2f dB, min %.2f dB; false claims on unmarked"
                    + " originals: %d of %d detections; %.1f s",
                report.images(),
                size > 0 ? " at " + size + "x" + size : "",
                report.seed(),
                report.meanPsnr(),
                report.minPsnr(),
                totalFalseClaims(report),
                report.images() * report.rows().size(),
                seconds));
      }
      out.flush();
    }

    private static int totalFalseClaims(WatermarkRobustness.Report report) {
      return report.rows().stream().mapToInt(WatermarkRobustness.Row::falseClaims).sum();
    }

    /** The centred square of the short side, resized (bilinear) to side x side. */
    static BufferedImage squareResize(BufferedImage rgb, int side) {
      int s = Math.min(rgb.getWidth(), rgb.getHeight());
      BufferedImage square =
          rgb.getSubimage((rgb.getWidth() - s) / 2, (rgb.getHeight() - s) / 2, s, s);
      return dev.verisim.core.media.Degradations.resize(square, side, side);
    }
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
