package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.AnimatedGif;
import dev.verisim.core.media.Degradations;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.gan.GanConfig;
import dev.verisim.gan.GanTrainer;
import dev.verisim.gan.Generator;
import dev.verisim.gan.Images;
import dev.verisim.gan.TrainingImages;
import dev.verisim.gan.quality.GanQuality;
import dev.verisim.gan.report.GanReport;
import dev.verisim.provenance.GeneratedImageLabeller;
import dev.verisim.provenance.consent.ConsentCheck;
import dev.verisim.provenance.consent.ConsentException;
import dev.verisim.provenance.consent.ConsentUse;
import dev.verisim.provenance.consent.SignedConsent;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verisim gan}: train generators, sample, interpolate, measure. */
@Command(
    name = "gan",
    mixinStandardHelpOptions = true,
    description = "Train a GAN on an image folder, sample from it, measure it.",
    subcommands = {
      GanCommand.Train.class,
      GanCommand.Sample.class,
      GanCommand.Interpolate.class,
      GanCommand.Eval.class,
      GanCommand.Report.class
    })
public final class GanCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing a command: train, sample, interpolate, eval or report");
  }

  /** Which generator: a run or model folder, or the shipped one. */
  static final class ModelOption {
    @Option(
        names = "--model",
        paramLabel = "DIR",
        description =
            "A generator folder (generator.json + generator.params: a finished run or a model"
                + " folder). Default: the shipped face generator.")
    Path model;

    Generator open(CommandSpec spec) throws IOException {
      if (model == null) {
        return Generator.loadDefault();
      }
      try {
        return Generator.load(model);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
  }

  static void checkTruncation(CommandSpec spec, double t) {
    if (!(t > 0 && t <= 1)) {
      throw new ParameterException(spec.commandLine(), "--truncation must be in (0, 1], got " + t);
    }
  }

  /** The constant named by an option's value (any case, '-' for '_'), or a usage error. */
  static <E extends Enum<E>> E choice(
      CommandSpec spec, String option, String value, Class<E> type) {
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ParameterException(
        spec.commandLine(),
        option + " must be " + String.join(", ", names) + "; got '" + value + "'");
  }

  static AiLabel label(Generator generator, long seed) {
    return AiLabel.generated("verisim " + VersionProvider.version())
        .withGenerator(generator.id())
        .withSeed(seed)
        .withCreated(Instant.now());
  }

  /** {@code verisim gan sample}. */
  @Command(
      name = "sample",
      mixinStandardHelpOptions = true,
      description = {
        "Generate images, each labelled three ways: an invisible watermark (generator id and"
            + " serial, listed in samples.json), XMP declaring it AI-generated (IPTC"
            + " digitalSourceType trainedAlgorithmicMedia) with the generator and seed, and signed"
            + " C2PA Content Credentials (signed with --key/--chain, or with development"
            + " credentials made on first use in ~/.verisim/credentials).",
        "With --consent, the consent record of the person whose likeness is generated is checked"
            + " first (signature, dates, the 'generation' use; the signer must chain to"
            + " --consent-anchors when given) and carried in the credentials. Image i of a seed"
            + " is the same whatever --count; samples.json records what made them."
      })
  public static final class Sample implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin ModelOption modelOption;

    @Option(names = "--count", defaultValue = "16", description = "Images (default 16).")
    int count;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Option(
        names = "--truncation",
        defaultValue = "1",
        description = "In (0, 1]: lower trades variety for typical images (default 1: none).")
    double truncation;

    @Option(names = "--format", defaultValue = "png", description = "png or jpg (default png).")
    String format;

    @Option(names = "--grid", description = "Also write grid.png with every image tiled.")
    boolean grid;

    @Mixin SignerOptions signerOptions;

    @Option(
        names = "--consent",
        paramLabel = "FILE.jws",
        description = "The consent record of the person whose likeness is generated.")
    Path consent;

    @Option(
        names = "--consent-anchors",
        paramLabel = "PEM",
        description = "Roots the consent record's signer must chain to (default: any signer).")
    Path consentAnchors;

    @Override
    public Integer call() throws IOException {
      if (count < 1 || count > Generator.MAX_COUNT) {
        throw new ParameterException(
            spec.commandLine(),
            "--count must be in [1, " + Generator.MAX_COUNT + "], got " + count);
      }
      checkTruncation(spec, truncation);
      String ext = format.toLowerCase(Locale.ROOT);
      if (!ext.equals("png") && !ext.equals("jpg")) {
        throw new ParameterException(spec.commandLine(), "--format must be png or jpg");
      }
      // Consent before anything is generated: a refused record leaves nothing behind.
      SignedConsent signedConsent = null;
      ConsentCheck consentCheck = null;
      if (consent != null) {
        try {
          signedConsent = SignedConsent.read(consent);
          consentCheck =
              signedConsent.require(
                  ConsentUse.GENERATION,
                  TrustOption.anchors(spec, "--consent-anchors", consentAnchors),
                  Instant.now(),
                  consentAnchors != null);
        } catch (IOException | IllegalArgumentException | ConsentException e) {
          throw new ParameterException(
              spec.commandLine(), "--consent " + consent + ": " + e.getMessage(), e);
        }
      }
      GeneratedImageLabeller labeller =
          GeneratedImageLabeller.builder()
              .setSigner(signerOptions.identity(spec))
              .setSoftwareAgent("verisim", VersionProvider.version())
              .optConsent(signedConsent)
              .build();
      Files.createDirectories(out);
      ObjectMapper mapper = new ObjectMapper();
      try (Generator generator = modelOption.open(spec)) {
        List<BufferedImage> images = generator.sample(count, seed, truncation);
        ArrayNode files = mapper.createArrayNode();
        ArrayNode marks = mapper.createArrayNode();
        for (int i = 0; i < images.size(); i++) {
          Path file = out.resolve(String.format(Locale.ROOT, "sample-%d-%05d.%s", seed, i, ext));
          AiLabel label =
              label(generator, seed)
                  .withExtra("Index", Integer.toString(i))
                  .withExtra("Truncation", Double.toString(truncation));
          WatermarkPayload payload = WatermarkPayload.forGenerated(generator.id(), seed, i);
          labeller.write(images.get(i), label, payload, file);
          files.add(file.getFileName().toString());
          ObjectNode mark = marks.addObject();
          mark.put("file", file.getFileName().toString());
          mark.put("watermark", payload.hex());
        }
        if (grid) {
          int columns = (int) Math.ceil(Math.sqrt(images.size()));
          WatermarkPayload payload = WatermarkPayload.forGenerated(generator.id(), seed, -1);
          labeller.write(
              Images.grid(images, columns),
              label(generator, seed),
              payload,
              out.resolve("grid.png"));
          ObjectNode mark = marks.addObject();
          mark.put("file", "grid.png");
          mark.put("watermark", payload.hex());
        }
        ObjectNode record = mapper.createObjectNode();
        record.put("generator", generator.id());
        record.set("generator_config", generator.config().toJson(mapper));
        record.put("seed", seed);
        record.put("truncation", truncation);
        record.put("count", count);
        record.put("verisim", VersionProvider.version());
        record.put("created", Instant.now().toString());
        record.put(
            "label",
            "watermark (verisim default key), XMP Iptc4xmpExt:DigitalSourceType"
                + " trainedAlgorithmicMedia, C2PA Content Credentials");
        record.put("signer", labeller.signerSubject());
        if (consentCheck != null) {
          record.set("consent", ConsentCommand.json(mapper, consentCheck));
        }
        record.set("files", files);
        record.set("watermarks", marks);
        Files.writeString(
            out.resolve("samples.json"),
            mapper.writerWithDefaultPrettyPrinter().writeValueAsString(record),
            StandardCharsets.UTF_8);
        ObjectNode summary = mapper.createObjectNode();
        summary.put("out", out.toString());
        summary.put("images", images.size());
        summary.put("generator", generator.id());
        spec.commandLine().getOut().println(mapper.writeValueAsString(summary));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code verisim gan interpolate}. */
  @Command(
      name = "interpolate",
      mixinStandardHelpOptions = true,
      description = {
        "A latent walk as a looping animated GIF: from keyframe to keyframe by spherical"
            + " interpolation, back to the first. Labelled AI-generated in XMP, and every frame"
            + " carries verisim's invisible watermark (its payload is printed)."
      })
  public static final class Interpolate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin ModelOption modelOption;

    @Option(names = "--out", required = true, paramLabel = "FILE.gif", description = "The GIF.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Option(names = "--keys", defaultValue = "4", description = "Keyframes (default 4).")
    int keys;

    @Option(names = "--frames", defaultValue = "16", description = "Frames per keyframe (16).")
    int frames;

    @Option(names = "--delay", defaultValue = "80", description = "Milliseconds per frame (80).")
    int delay;

    @Option(names = "--scale", defaultValue = "2", description = "Upscale factor, 1-8 (2).")
    int scale;

    @Option(names = "--truncation", defaultValue = "1", description = "In (0, 1] (default 1).")
    double truncation;

    @Override
    public Integer call() throws IOException {
      checkTruncation(spec, truncation);
      if (scale < 1 || scale > 8) {
        throw new ParameterException(spec.commandLine(), "--scale must be in [1, 8]");
      }
      if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif")) {
        throw new ParameterException(spec.commandLine(), "--out must name a .gif file: " + out);
      }
      List<BufferedImage> walk;
      String id;
      WatermarkPayload payload;
      try (Generator generator = modelOption.open(spec)) {
        try {
          walk = generator.interpolate(seed, keys, frames, truncation);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        id = generator.id();
        // Every frame carries the same mark, so any frame cut from the GIF still reads it (it
        // survives GIF's 256-colour palette: measured 0.90-0.94 bit accuracy, claimed).
        payload = WatermarkPayload.forGenerated(id, seed, -2);
        Watermarker marker = Watermarker.withDefaultKey();
        List<BufferedImage> scaled = new ArrayList<>(walk.size());
        for (BufferedImage f : walk) {
          BufferedImage sized =
              scale == 1 ? f : Degradations.resize(f, f.getWidth() * scale, f.getHeight() * scale);
          scaled.add(marker.embed(sized, payload));
        }
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try {
          AnimatedGif.write(scaled, delay, label(generator, seed), out);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
      }
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode summary = mapper.createObjectNode();
      summary.put("out", out.toString());
      summary.put("frames", walk.size());
      summary.put("generator", id);
      summary.put("watermark", payload.hex());
      spec.commandLine().getOut().println(mapper.writeValueAsString(summary));
      return ExitCodes.OK;
    }
  }

  /** {@code verisim gan eval}. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Measure a generator against real images it never trained on: sliced Wasserstein"
            + " distance (with two halves of the real set as the floor), MS-SSIM diversity, and"
            + " detectability (AUC of verisim's default detector, generated vs real). Real images"
            + " are cut as the generator's training images were. Prints JSON."
      })
  public static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin ModelOption modelOption;

    @Option(names = "--real", required = true, paramLabel = "DIR", description = "Real images.")
    Path real;

    @Option(
        names = "--only",
        paramLabel = "LIST",
        description = "Use only the real images listed (e.g. a run's held-out.txt).")
    Path only;

    @Option(names = "--count", defaultValue = "1000", description = "Generated images (1000).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Option(names = "--no-detector", description = "Skip detectability.")
    boolean noDetector;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the JSON here.")
    Path jsonOut;

    @Override
    public Integer call() throws IOException {
      if (count < 2 || count > Generator.MAX_COUNT) {
        throw new ParameterException(spec.commandLine(), "--count must be in [2, 100000]");
      }
      if (jsonOut != null) {
        Path parent = jsonOut.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          throw new ParameterException(
              spec.commandLine(), "--out: no such folder " + parent + " to write " + jsonOut);
        }
      }
      Set<String> keep = null;
      if (only != null) {
        if (!Files.isRegularFile(only)) {
          throw new ParameterException(spec.commandLine(), "--only: no such file " + only);
        }
        keep = new HashSet<>();
        for (String line : Files.readAllLines(only, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            keep.add(line.strip());
          }
        }
      }
      ObjectMapper mapper = new ObjectMapper();
      PrintWriter err = spec.commandLine().getErr();
      try (Generator generator = modelOption.open(spec)) {
        TrainingImages reals;
        try {
          reals =
              TrainingImages.load(
                  real,
                  generator.config(),
                  keep,
                  new TerminalProgress(err, Terminal.stderrIsTerminal()));
        } catch (IOException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (reals.images().size() < 4) {
          throw new ParameterException(
              spec.commandLine(),
              "--real: need at least 4 real images to measure against, got "
                  + reals.images().size()
                  + " in "
                  + real
                  + (only == null ? "" : " listed in " + only));
        }
        List<BufferedImage> fakes = generator.sample(count, seed, 1.0);
        GanQuality quality;
        if (noDetector) {
          quality = GanQuality.measure(fakes, reals.images(), null, seed);
        } else {
          try (ForensicDetector detector = ForensicDetector.createDefault()) {
            quality = GanQuality.measure(fakes, reals.images(), detector, seed);
          }
        }
        ObjectNode n = quality.toJson(mapper);
        n.put("generator", generator.id());
        n.put("real_root", real.toString());
        n.put("real_without_face", reals.withoutFace());
        n.put("seed", seed);
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        if (jsonOut != null) {
          Files.writeString(jsonOut, json, StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println(json);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code verisim gan report}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Write (or refresh) a run's report.html: loss curves, sample grids, settings.")
  public static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Parameters(paramLabel = "RUN_DIR", description = "A training run.")
    Path run;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(run.resolve("run.json"))) {
        throw new ParameterException(spec.commandLine(), run + " is not a training run");
      }
      spec.commandLine().getOut().println(GanReport.write(run));
      return ExitCodes.OK;
    }
  }

  /** {@code verisim gan train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train a generator and a discriminator on the images of a folder (any depth). Writes"
            + " run.json, checkpoints, samples/grid-*.png, training-log.jsonl and, at the end,"
            + " generator.json + generator.params to the run folder; training again into the"
            + " same folder with the same settings resumes exactly where it stopped (--steps"
            + " may grow)."
      })
  public static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Image folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
    Path out;

    @Option(
        names = "--resolution",
        defaultValue = "64",
        description = "Output side: 32, 64 or 128 (default 64).")
    int resolution;

    @Option(
        names = "--arch",
        defaultValue = "dcgan",
        description = "Generator: dcgan or style (default dcgan).")
    String arch;

    @Option(
        names = "--loss",
        defaultValue = "non_saturating",
        description = "non_saturating, hinge or wgan_gp (default non_saturating).")
    String loss;

    @Option(
        names = "--crop",
        defaultValue = "face",
        description = "face (the largest face found; images without one are skipped) or centre.")
    String crop;

    @Option(names = "--face-margin", defaultValue = "0.15", description = "Margin around a face.")
    double faceMargin;

    @Option(names = "--width", defaultValue = "32", description = "Channels at the top layer.")
    int width;

    @Option(names = "--latent", defaultValue = "128", description = "Latent size (default 128).")
    int latent;

    @Option(
        names = "--spectral-norm",
        negatable = true,
        defaultValue = "false",
        description = "Spectral norm in the discriminator (default off: R1 instead).")
    boolean spectralNorm;

    @Option(
        names = "--minibatch-std",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Minibatch standard deviation in the discriminator (default on).")
    boolean minibatchStd;

    @Option(
        names = "--r1",
        defaultValue = "1",
        description = "R1 penalty gamma (default 1; 0: off).")
    double r1;

    @Option(names = "--r1-interval", defaultValue = "16", description = "Steps between R1 terms.")
    int r1Interval;

    @Option(names = "--gp-weight", defaultValue = "10", description = "WGAN-GP penalty weight.")
    double gpWeight;

    @Option(names = "--no-diff-augment", description = "No differentiable augmentation.")
    boolean noDiffAugment;

    @Option(
        names = "--ema-half-life",
        defaultValue = "10000",
        description = "Half-life of the generator weight average, in images (0: none).")
    double emaHalfLife;

    @Option(names = "--batch", defaultValue = "64", description = "Images per step (default 64).")
    int batch;

    @Option(names = "--steps", defaultValue = "10000", description = "Training steps.")
    int steps;

    @Option(names = "--lr-g", defaultValue = "0.0002", description = "Generator learning rate.")
    double lrG;

    @Option(names = "--lr-d", defaultValue = "0.0002", description = "Discriminator rate.")
    double lrD;

    @Option(names = "--beta1", defaultValue = "0.5", description = "Adam beta1 (default 0.5).")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam beta2.")
    double beta2;

    @Option(
        names = "--held-out",
        defaultValue = "0.1",
        description = "Fraction of images kept out of training, for quality metrics (0.1).")
    double heldOut;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "Steps.")
    int checkpointEvery;

    @Option(names = "--sample-every", defaultValue = "250", description = "Steps between grids.")
    int sampleEvery;

    @Option(names = "--log-every", defaultValue = "25", description = "Steps between log lines.")
    int logEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      GanConfig config;
      try {
        config =
            GanConfig.builder()
                .optResolution(resolution)
                .optArchitecture(choice(spec, "--arch", arch, GanConfig.Architecture.class))
                .optLoss(choice(spec, "--loss", loss, GanConfig.Loss.class))
                .optCrop(choice(spec, "--crop", crop, GanConfig.Crop.class))
                .optFaceMargin(faceMargin)
                .optWidth(width)
                .optLatent(latent)
                .optSpectralNorm(spectralNorm)
                .optMinibatchStd(minibatchStd)
                .optR1Gamma(r1)
                .optR1Interval(r1Interval)
                .optGpWeight(gpWeight)
                .optDiffAugment(!noDiffAugment)
                .optEmaHalfLifeImages(emaHalfLife)
                .optBatch(batch)
                .optSteps(steps)
                .optLrGenerator(lrG)
                .optLrDiscriminator(lrD)
                .optBeta1(beta1)
                .optBeta2(beta2)
                .optHeldOutFraction(heldOut)
                .optCheckpointEvery(checkpointEvery)
                .optSampleEvery(sampleEvery)
                .optLogEvery(logEvery)
                .optSeed(seed)
                .build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      TerminalProgress progress = new TerminalProgress(err, Terminal.stderrIsTerminal());
      TrainingImages images;
      try {
        images = TrainingImages.load(data, config, progress);
      } catch (IOException e) {
        if (e.getCause() != null && !(e.getCause() instanceof IOException)) {
          throw e; // a failure of verisim's (or an interruption), not of the folder
        }
        // No such folder, no (usable) images, too many: the --data given is wrong.
        throw new ParameterException(spec.commandLine(), "--data: " + e.getMessage(), e);
      }
      GanTrainer trainer = new GanTrainer(config);
      int n = images.images().size();
      if (n - trainer.heldOutCount(n) < 1) {
        throw new ParameterException(
            spec.commandLine(),
            "--held-out "
                + heldOut
                + " keeps all "
                + n
                + " usable images in "
                + data
                + " out of training: lower it or add images");
      }
      GanTrainer.Result result;
      try {
        result = trainer.train(images, out, progress);
      } catch (GanTrainer.RunConflictException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      ObjectMapper mapper = new ObjectMapper();
      Path runJson = out.resolve("run.json");
      ObjectNode run =
          (ObjectNode) mapper.readTree(Files.readString(runJson, StandardCharsets.UTF_8));
      run.put(
          "command",
          "verisim " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
      run.put("finished", Instant.now().toString());
      ((ObjectNode) run.get("versions")).put("verisim", VersionProvider.version());
      Files.writeString(
          runJson,
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(run),
          StandardCharsets.UTF_8);
      ObjectNode summary = mapper.createObjectNode();
      summary.put("run", out.toString());
      summary.put("steps", result.steps());
      summary.put("steps_this_run", result.stepsThisRun());
      summary.put("steps_per_second", result.stepsPerSecond());
      summary.put("generator", result.generator().toString());
      spec.commandLine().getOut().println(mapper.writeValueAsString(summary));
      return ExitCodes.OK;
    }
  }
}
