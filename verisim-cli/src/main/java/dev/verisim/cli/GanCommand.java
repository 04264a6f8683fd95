package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.gan.GanConfig;
import dev.verisim.gan.GanTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
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
    subcommands = {GanCommand.Train.class})
public final class GanCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: train");
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

    @Option(names = "--no-spectral-norm", description = "No spectral norm in the discriminator.")
    boolean noSpectralNorm;

    @Option(names = "--r1", defaultValue = "0", description = "R1 penalty gamma (0: off).")
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
            new GanConfig(
                resolution,
                GanConfig.Architecture.valueOf(arch.toUpperCase(Locale.ROOT)),
                GanConfig.Loss.valueOf(loss.toUpperCase(Locale.ROOT).replace('-', '_')),
                GanConfig.Crop.valueOf(crop.toUpperCase(Locale.ROOT)),
                faceMargin,
                width,
                latent,
                !noSpectralNorm,
                r1,
                r1Interval,
                gpWeight,
                !noDiffAugment,
                emaHalfLife,
                batch,
                steps,
                lrG,
                lrD,
                beta1,
                beta2,
                heldOut,
                checkpointEvery,
                sampleEvery,
                logEvery,
                seed);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      GanTrainer.Result result;
      try {
        result =
            new GanTrainer(config)
                .train(data, out, new TerminalProgress(err, Terminal.stderrIsTerminal()));
      } catch (IOException e) {
        if (!Files.isDirectory(data)) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        throw e;
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
