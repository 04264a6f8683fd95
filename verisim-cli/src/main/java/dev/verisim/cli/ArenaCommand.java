package dev.verisim.cli;

import dev.verisim.arena.Arena;
import dev.verisim.arena.ArenaConfig;
import dev.verisim.arena.Laundering;
import dev.verisim.arena.RoundResult;
import dev.verisim.gan.GanConfig;
import dev.verisim.gan.GanTrainer;
import dev.verisim.gan.TrainingImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verisim arena}: a generator against a detector, round by round, with a report. */
@Command(
    name = "arena",
    mixinStandardHelpOptions = true,
    description = {
      "The arms race: each round the generator trains to fool the previous round's detector"
          + " (frozen), then the detector retrains on real images against the fakes of every"
          + " round so far; both are measured on held-out real images and fresh fakes, also"
          + " laundered. Writes arena.json, report.html, per-round scores, sample grids and"
          + " checkpoints to --out. Running the same command again continues after the last"
          + " completed round (--rounds may grow)."
    },
    footer = {
      "",
      "Exit codes: 0 done, 2 usage error (bad option, missing or too small --real folder, an"
          + " --out folder holding another arena), 3 internal error."
    })
public final class ArenaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingMixin logging;

  @Option(names = "--real", required = true, paramLabel = "DIR", description = "Real images.")
  Path real;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Arena folder.")
  Path out;

  @Option(names = "--rounds", defaultValue = "4", description = "Rounds to play (default 4).")
  int rounds;

  @Option(names = "--size", defaultValue = "32", description = "Image side: 32 or 64 (32).")
  int size;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of everything (default 1).")
  long seed;

  @Option(
      names = "--gan-steps",
      defaultValue = "500",
      description = "Generator steps per round (default 500).")
  int ganSteps;

  @Option(
      names = "--first-round-steps",
      paramLabel = "N",
      description = "Generator steps in round 1, before any detector exists (default --gan-steps).")
  Integer firstRoundSteps;

  @Option(
      names = "--detector-steps",
      defaultValue = "300",
      description = "Detector steps per round (default 300).")
  int detectorSteps;

  @Option(
      names = "--detector-width",
      defaultValue = "16",
      description = "Detector channels at half resolution (16).")
  int detectorWidth;

  @Option(names = "--detector-batch", defaultValue = "64", description = "Detector batch (64).")
  int detectorBatch;

  @Option(
      names = "--detector-lr",
      defaultValue = "0.0005",
      description = "Detector learning rate (0.0005).")
  double detectorLr;

  @Option(
      names = "--retrain-detector",
      description = "A fresh detector each round (default: fine-tune the previous one).")
  boolean retrain;

  @Option(
      names = "--adversary-weight",
      defaultValue = "1",
      description = "Weight of the detector-fooling term in the generator's loss (1; 0: off).")
  double adversaryWeight;

  @Option(names = "--fakes", defaultValue = "1000", description = "Training fakes per round.")
  int fakes;

  @Option(
      names = "--eval-fakes",
      defaultValue = "300",
      description = "Evaluation fakes per round (300).")
  int evalFakes;

  @Option(
      names = "--held-out",
      defaultValue = "0.15",
      description = "Share of real images kept for evaluation only (0.15).")
  double heldOut;

  @Option(
      names = "--launder",
      split = ",",
      paramLabel = "KIND:AMOUNT",
      description =
          "Launderings measured each round: jpeg:Q, resize:F, blur:R, noise:S (default"
              + " jpeg:50,resize:0.5,blur:1,noise:5).")
  List<String> launder;

  @Option(names = "--no-launder", description = "Measure no laundering.")
  boolean noLaunder;

  @Option(
      names = "--crop",
      defaultValue = "face",
      description = "face (the largest face; images without one are skipped) or centre.")
  String crop;

  @Option(names = "--width", defaultValue = "32", description = "Generator width (32).")
  int width;

  @Option(names = "--latent", defaultValue = "128", description = "Latent size (128).")
  int latent;

  @Option(names = "--batch", defaultValue = "64", description = "Generator batch (64).")
  int batch;

  // Shorter than gan train's 10000: a round is a few hundred steps, and the fakes must come from
  // the generator that trained against this round's detector, not from an average of older ones.
  @Option(
      names = "--ema-half-life",
      defaultValue = "1000",
      description = "Generator weight average half-life, in images (1000).")
  double emaHalfLife;

  @Option(names = "--log-every", defaultValue = "25", description = "Generator log interval.")
  int logEvery;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (rounds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--rounds must be at least 1, got " + rounds);
    }
    if (size != 32 && size != 64) {
      throw new ParameterException(spec.commandLine(), "--size must be 32 or 64, got " + size);
    }
    if (ganSteps < 1) {
      throw new ParameterException(
          spec.commandLine(), "--gan-steps must be at least 1, got " + ganSteps);
    }
    if (noLaunder && launder != null) {
      throw new ParameterException(spec.commandLine(), "give --launder or --no-launder, not both");
    }
    ArenaConfig config;
    try {
      GanConfig gan =
          ArenaConfig.defaultGan(size, ganSteps, seed).toBuilder()
              .optCrop(GanCommand.choice(spec, "--crop", crop, GanConfig.Crop.class))
              .optWidth(width)
              .optLatent(latent)
              .optBatch(batch)
              .optEmaHalfLifeImages(emaHalfLife)
              .optLogEvery(logEvery)
              .build();
      List<String> specs = noLaunder ? List.of() : launder == null ? Laundering.DEFAULTS : launder;
      config =
          new ArenaConfig(
              gan,
              firstRoundSteps == null ? ganSteps : firstRoundSteps,
              detectorSteps,
              detectorWidth,
              detectorBatch,
              detectorLr,
              retrain,
              adversaryWeight,
              fakes,
              evalFakes,
              heldOut,
              Laundering.parseAll(specs),
              seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " is not a folder");
    }
    Arena arena = new Arena(config);
    TerminalProgress progress = new TerminalProgress(err, Terminal.stderrIsTerminal());
    TrainingImages reals;
    try {
      reals = arena.loadReals(real, progress);
    } catch (IOException e) {
      if (e.getCause() != null && !(e.getCause() instanceof IOException)) {
        throw e; // a failure of verisim's, not of the folder
      }
      throw new ParameterException(spec.commandLine(), "--real: " + e.getMessage(), e);
    }
    String command =
        "verisim " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    Arena.Result result;
    try {
      result = arena.run(reals, rounds, out, command, progress);
    } catch (Arena.ArenaInputException | GanTrainer.RunConflictException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter o = spec.commandLine().getOut();
    List<String> header = new ArrayList<>(List.of("ROUND", "AUC_BEFORE", "AUC_AFTER", "OLDER_MIN"));
    for (Laundering l : config.launderings()) {
      header.add(l.spec().toUpperCase(Locale.ROOT));
    }
    header.add("SWD");
    header.add("SECONDS");
    o.println(String.join("\t", header));
    for (RoundResult r : result.rounds()) {
      List<String> row = new ArrayList<>();
      row.add(String.valueOf(r.round()));
      row.add(auc(r.aucBefore()));
      row.add(auc(r.aucAfter()));
      row.add(auc(r.worstOlderAuc()));
      for (Laundering l : config.launderings()) {
        Double v = r.aucLaundered().get(l.spec());
        row.add(auc(v == null ? Double.NaN : v));
      }
      row.add(String.format(Locale.ROOT, "%.2f", r.swd()));
      Double total = r.seconds().get("total");
      row.add(total == null ? "-" : String.format(Locale.ROOT, "%.0f", total));
      o.println(String.join("\t", row));
    }
    o.println();
    result.summary().forEach(o::println);
    o.println();
    o.println("report: " + result.report());
    o.println("json:   " + result.json());
    return ExitCodes.OK;
  }

  private static String auc(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }
}
