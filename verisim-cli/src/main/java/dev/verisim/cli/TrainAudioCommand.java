package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.detect.audio.AudioSplit;
import dev.verisim.detect.audio.AudioTrainer;
import dev.verisim.detect.audio.AudioTrainer.Comparison;
import dev.verisim.detect.audio.AudioTrainer.Item;
import dev.verisim.detect.audio.AudioTrainer.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

/** {@code verisim detector train-audio}: train the synthetic-speech countermeasure. */
@Command(
    name = "train-audio",
    mixinStandardHelpOptions = true,
    description = {
      "Train the audio countermeasure (LFCC-GMM baseline + CNN, fused and calibrated) on speech"
          + " labelled by folder (bonafide/ or spoof/ on each file's path).",
      "A --data folder whose files the --split file lists is split as it says (train rows are"
          + " trained on, test rows only measured, unused rows ignored); every labelled file of a"
          + " --data folder the split does not list is training data. Of the training files, a"
          + " seeded 20% (grouped by file name, so one sentence in several voices stays together)"
          + " is held back to pick the CNN's epoch and fit the calibration.",
      "Writes model.json, gmm.json, cnn.params, the calibrations, provenance.json and"
          + " MODEL_CARD.md to --out, and prints GMM vs CNN EER/AUC on the test rows."
    })
public final class TrainAudioCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingMixin logging;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Labelled audio folders (repeatable).")
  List<Path> data;

  @Option(
      names = "--split",
      paramLabel = "FILE",
      description =
          "A split file (split<TAB>path<TAB>label per line), e.g."
              + " bench/audio/shared-audio-split.tsv.")
  Path split;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default 7).")
  long seed;

  @Option(names = "--epochs", defaultValue = "20", description = "CNN epochs (default 20).")
  int epochs;

  @Option(
      names = "--steps-per-epoch",
      defaultValue = "40",
      description = "Batches of 32 windows per epoch (default 40).")
  int steps;

  @Option(
      names = "--gmm-components",
      defaultValue = "64",
      description = "Gaussians per class (default 64).")
  int components;

  @Option(names = "--version-tag", defaultValue = "1", description = "The model's version.")
  String versionTag;

  @Option(names = "--id", defaultValue = "verisim-audio", description = "The model's id.")
  String id;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    AudioSplit splitFile = null;
    if (split != null) {
      try {
        splitFile = AudioSplit.read(split);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    List<Item> items = new ArrayList<>();
    for (Path dir : data) {
      items.addAll(items(dir, splitFile));
    }
    AudioTrainer.Config config =
        AudioTrainer.Config.defaults(seed).withEpochs(epochs, steps).withGmmComponents(components);
    AudioTrainer.Result result;
    try {
      result = new AudioTrainer(config, new ModelInfo(id, versionTag)).train(items, out);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode prov = result.provenance();
    prov.put(
        "command",
        "verisim " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    ((ObjectNode) prov.get("versions")).put("verisim", VersionProvider.version());
    if (split != null) {
      ObjectNode d = (ObjectNode) prov.get("data");
      d.put("split_file", split.toString());
      d.put("split_sha256", LabelledDataset.fileSha256(split));
    }
    Files.writeString(
        out.resolve("provenance.json"),
        mapper.writerWithDefaultPrettyPrinter().writeValueAsString(prov) + "\n",
        StandardCharsets.UTF_8);
    String table = table(result.test());
    Files.writeString(
        out.resolve("MODEL_CARD.md"),
        AudioModelCard.render(prov, table, id, versionTag),
        StandardCharsets.UTF_8);
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().flush();
    err.println("audio model written to " + out);
    return ExitCodes.OK;
  }

  private List<Item> items(Path dir, AudioSplit splitFile) {
    List<Item> out = new ArrayList<>();
    if (splitFile != null
        && !splitFile.entries().isEmpty()
        && splitFile.entries().stream().anyMatch(e -> Files.isRegularFile(dir.resolve(e.path())))) {
      for (AudioSplit.Entry e : splitFile.entries()) {
        Path file = dir.resolve(e.path());
        if (e.part() == AudioSplit.Part.UNUSED) {
          continue;
        }
        if (!Files.isRegularFile(file)) {
          throw new ParameterException(
              spec.commandLine(), "the split lists " + e.path() + ", missing under " + dir);
        }
        Role role =
            e.part() == AudioSplit.Part.TEST
                ? Role.TEST
                : calibration(e.path()) ? Role.CALIBRATION : Role.TRAIN;
        out.add(new Item(file, e.path(), e.source(), e.label(), role));
      }
      return out;
    }
    LabelledDataset ds;
    try {
      ds = LabelledDataset.scan(dir);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (ds.items().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), dir + " has no files under folders named bonafide/ or spoof/");
    }
    String source = dir.getFileName().toString();
    for (LabelledDataset.Item it : ds.items()) {
      String stem = it.file().getFileName().toString().replaceFirst("\\.[^.]*$", "");
      out.add(
          new Item(
              it.file(),
              source + "/" + it.relativePath(),
              source,
              it.label(),
              calibration(stem) ? Role.CALIBRATION : Role.TRAIN));
    }
    return out;
  }

  /** A seeded 20% of the keys (file paths, or sentence stems) calibrate. */
  private boolean calibration(String key) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 29;
    return Math.floorMod(h, 5) == 0;
  }

  static String table(List<Comparison> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-26s %5s %5s | %7s %7s | %7s %7s | %7s %7s%n",
            "TEST FILES",
            "BONA",
            "SPOOF",
            "GMM EER",
            "GMM AUC",
            "CNN EER",
            "CNN AUC",
            "FUSED",
            "AUC"));
    for (Comparison c : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-26s %5d %5d | %7s %7s | %7s %7s | %7s %7s%n",
              c.name(),
              c.bonafide(),
              c.spoof(),
              f(c.gmmEer()),
              f(c.gmmAuc()),
              f(c.cnnEer()),
              f(c.cnnAuc()),
              f(c.fusedEer()),
              f(c.fusedAuc())));
    }
    return s.toString();
  }

  private static String f(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }
}
