package dev.verisim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.detect.ModelFolder;
import dev.verisim.detect.fusion.FusionFitter;
import dev.verisim.detect.learned.CnnTrainer;
import dev.verisim.detect.learned.FaceCnnCue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verisim fusion}: fit the calibrated model that fuses the forensic cues. */
@Command(
    name = "fusion",
    mixinStandardHelpOptions = true,
    description = "Fit the forensic-cue fusion model.",
    subcommands = {FusionCommand.Fit.class})
public final class FusionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: fit");
  }

  /** {@code verisim fusion fit}. */
  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      description = {
        "Fit the fusion model on images labelled by folder (a folder named 'real' or 'fake' on"
            + " each file's path), and write model.json and provenance.json (command, seed, data"
            + " SHA-256, versions, held-out metrics) to the output folder."
      })
  public static final class Fit implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled images.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Split and laundering seed.")
    long seed;

    @Option(names = "--l2", defaultValue = "1.0", description = "Ridge penalty.")
    double l2;

    @Option(
        names = "--forgery-rate",
        defaultValue = "0.5",
        description = "Fraction of real images that also yield a synthetic forgery (default 0.5).")
    double forgeryRate;

    @Option(
        names = "--drop-feature",
        paramLabel = "NAME",
        description = "Leave a cue feature out of the model (repeatable), e.g. spectrum.hf_slope.")
    java.util.Set<String> dropFeatures = new java.util.TreeSet<>();

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0: all cores).")
    int threads;

    @Option(names = "--version-tag", defaultValue = "1", description = "The model's version.")
    String versionTag;

    @Option(
        names = "--cnn",
        paramLabel = "RUN_DIR",
        description =
            "Fuse a CNN trained by 'verisim detector train' with the cues. The model folder gets a"
                + " copy of the run in cnn/, and only the run's validation images are used"
                + " (unless --only says otherwise): fitting on the network's training images"
                + " would trust it too much.")
    Path cnn;

    @Option(
        names = "--only",
        paramLabel = "LIST",
        description = "Use only the images listed in this file (paths relative to --data).")
    Path only;

    /** The files of a CNN run that inference and its model card need (not the last checkpoint). */
    private static void copyRun(Path run, Path to) throws IOException {
      JsonNode d =
          new ObjectMapper()
              .readTree(Files.readString(run.resolve("detector.json"), StandardCharsets.UTF_8));
      String params = CnnTrainer.checkpointName(d.path("epoch").asInt());
      for (String f :
          List.of(
              "detector.json",
              "provenance.json",
              "run.json",
              "training-log.jsonl",
              CnnTrainer.VALIDATION_LIST,
              params)) {
        Path target = to.resolve(f);
        Files.createDirectories(target.getParent());
        Files.copy(run.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      LabelledDataset dataset;
      try {
        dataset = LabelledDataset.scan(data);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      if (dataset.fakes() == 0 || dataset.fakes() == dataset.items().size()) {
        throw new ParameterException(
            spec.commandLine(),
            "dataset "
                + data
                + " needs both real and fake images, found "
                + dataset.fakes()
                + " fake of "
                + dataset.items().size());
      }
      Path list =
          only != null ? only : cnn != null ? cnn.resolve(CnnTrainer.VALIDATION_LIST) : null;
      if (list != null) {
        try {
          dataset = dataset.restrictTo(list);
        } catch (IOException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
      }
      int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      FaceCnnCue cnnCue = null;
      if (cnn != null) {
        try {
          cnnCue = FaceCnnCue.load(cnn, false);
        } catch (IOException e) {
          throw new ParameterException(
              spec.commandLine(), "--cnn " + cnn + ": " + e.getMessage(), e);
        }
      }
      FusionFitter.Result result;
      try {
        FusionFitter fitter =
            new FusionFitter(
                new FusionFitter.Config(
                    seed,
                    l2,
                    workers,
                    forgeryRate,
                    dropFeatures,
                    cnnCue == null ? List.of() : List.of(cnnCue)));
        result =
            fitter.fit(
                dataset,
                new ModelInfo(cnn == null ? "verisim-forensic-fusion" : "verisim-face", versionTag),
                new TerminalProgress(err, Terminal.stderrIsTerminal()));
      } finally {
        if (cnnCue != null) {
          cnnCue.close();
        }
      }
      Files.createDirectories(out);
      result.model().write(out.resolve("model.json"));
      if (cnn != null) {
        copyRun(cnn, out.resolve(ModelFolder.CNN_FOLDER));
      }
      ObjectNode prov = result.provenance();
      // The command exactly as typed, so the model card's reproduction line is never stale.
      prov.put(
          "command",
          "verisim " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
      prov.put("created", Instant.now().toString());
      ObjectNode versions = prov.putObject("versions");
      versions.put("verisim", VersionProvider.version());
      versions.put("java", System.getProperty("java.version"));
      versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(out.resolve("provenance.json").toFile(), prov);
      spec.commandLine()
          .getOut()
          .println(
              new ObjectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(prov.get("metrics")));
      err.println("model written to " + out.resolve("model.json"));
      return ExitCodes.OK;
    }
  }
}
