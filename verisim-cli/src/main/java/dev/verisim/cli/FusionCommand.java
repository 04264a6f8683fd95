package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.detect.fusion.FusionFitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
      int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      FusionFitter fitter =
          new FusionFitter(new FusionFitter.Config(seed, l2, workers, forgeryRate, dropFeatures));
      FusionFitter.Result result =
          fitter.fit(
              dataset,
              new ModelInfo("verisim-forensic-fusion", versionTag),
              new TerminalProgress(err, Terminal.stderrIsTerminal()));
      Files.createDirectories(out);
      result.model().write(out.resolve("model.json"));
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
