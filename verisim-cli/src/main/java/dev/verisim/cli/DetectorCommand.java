package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.detect.learned.CnnConfig;
import dev.verisim.detect.learned.CnnTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verisim detector}: train the learned (CNN) detector. */
@Command(
    name = "detector",
    mixinStandardHelpOptions = true,
    description = "Train the learned detectors.",
    subcommands = {DetectorCommand.Train.class, TrainAudioCommand.class})
public final class DetectorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: train or train-audio");
  }

  /** {@code verisim detector train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train the CNN detector on images labelled by folder (a folder named 'real' or 'fake' on"
            + " each file's path). Writes checkpoints, training-log.jsonl, detector.json and"
            + " provenance.json to the run folder; training again into the same folder resumes"
            + " at the next epoch."
      })
  public static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled images.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Most epochs (default 30).")
    int epochs;

    @Option(names = "--size", defaultValue = "96", description = "Input side in px (default 96).")
    int size;

    @Option(names = "--seed", defaultValue = "7", description = "Split, init, augmentation seed.")
    long seed;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per step.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam's rate.")
    double learningRate;

    @Option(
        names = "--patience",
        defaultValue = "5",
        description = "Epochs without a better validation AUC before stopping (default 5).")
    int patience;

    @Option(names = "--no-augment", description = "Train without augmentation.")
    boolean noAugment;

    @Option(
        names = "--no-face-crop",
        description = "Look at the whole image instead of the largest face (in detection too).")
    boolean noFaceCrop;

    @Option(
        names = "--widths",
        split = ",",
        paramLabel = "W1,W2,...",
        description = "Channels of each convolution stage (default 24,48,96,192).")
    List<Integer> widths;

    @Option(names = "--version-tag", defaultValue = "1", description = "The model's version.")
    String versionTag;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      CnnConfig config;
      try {
        config =
            CnnConfig.builder()
                .optEpochs(epochs)
                .optInputSize(size)
                .optSeed(seed)
                .optBatchSize(batchSize)
                .optLearningRate(learningRate)
                .optPatience(patience)
                .optAugment(noAugment ? CnnConfig.Augment.NONE : CnnConfig.Augment.DEFAULT)
                .optFaceCrop(!noFaceCrop)
                .optWidths(widths == null ? CnnConfig.defaults().widths() : widths)
                .build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      LabelledDataset dataset;
      try {
        dataset = LabelledDataset.scan(data);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      long fakes = dataset.fakes();
      long reals = dataset.items().size() - fakes;
      if (fakes < 2 || reals < 2) {
        throw new ParameterException(
            spec.commandLine(),
            "dataset "
                + data
                + " needs at least 2 real and 2 fake images, found "
                + reals
                + " real and "
                + fakes
                + " fake");
      }
      CnnTrainer.Result result;
      try {
        result =
            new CnnTrainer(config, new ModelInfo("verisim-cnn", versionTag))
                .train(dataset, out, new TerminalProgress(err, Terminal.stderrIsTerminal()));
      } catch (IllegalArgumentException e) {
        // A run folder made with another config or data.
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      ObjectMapper mapper = new ObjectMapper();
      Path provenance = out.resolve("provenance.json");
      ObjectNode prov =
          (ObjectNode) mapper.readTree(Files.readString(provenance, StandardCharsets.UTF_8));
      // The command exactly as typed, so a model card's reproduction line is never stale.
      prov.put(
          "command",
          "verisim " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
      prov.put("created", Instant.now().toString());
      ((ObjectNode) prov.get("versions")).put("verisim", VersionProvider.version());
      Files.writeString(
          provenance,
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(prov),
          StandardCharsets.UTF_8);
      ObjectNode summary = mapper.createObjectNode();
      summary.put("run", out.toString());
      summary.put("epochs_run", result.log().get(result.log().size() - 1).epoch());
      summary.put("best_epoch", result.bestEpoch());
      summary.put("validation_auc", result.bestValidationAuc());
      summary.put("temperature", result.temperature());
      summary.put("parameters", result.parameterCount());
      summary.put("stopped_early", result.stoppedEarly());
      spec.commandLine().getOut().println(mapper.writeValueAsString(summary));
      err.println("detector written to " + out.resolve("detector.json"));
      return ExitCodes.OK;
    }
  }
}
