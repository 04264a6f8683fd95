package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.detect.learned.CnnDetector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim detector train} end to end on a tiny generated dataset. */
class DetectorTrainCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void trainsARunTheDetectorLoads() throws Exception {
    Path data = dir.resolve("data");
    EvalData.write(data, "s", 6);
    Path runDir = dir.resolve("run");
    int code =
        run(
            "detector",
            "train",
            "--data",
            data.toString(),
            "--out",
            runDir.toString(),
            "--epochs",
            "2",
            "--size",
            "32",
            "--batch-size",
            "4",
            "--seed",
            "3");
    assertEquals(ExitCodes.OK, code, err.toString());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode summary = mapper.readTree(out.toString());
    assertEquals(2, summary.get("epochs_run").asInt());
    JsonNode prov =
        mapper.readTree(
            Files.readString(runDir.resolve("provenance.json"), StandardCharsets.UTF_8));
    assertTrue(prov.get("command").asText().startsWith("verisim detector train --data"));
    assertEquals(12, prov.at("/data/images").asInt());
    try (CnnDetector detector = CnnDetector.load(runDir)) {
      assertEquals("verisim-cnn", detector.model().id());
      assertEquals(32, detector.config().inputSize());
    }
  }

  @Test
  void aTrainedNetworkIsFusedWithTheCuesAndDetectsWithFaceBoxes() throws Exception {
    Path data = dir.resolve("data");
    EvalData.write(data, "s", 16);
    Path runDir = dir.resolve("run");
    assertEquals(
        ExitCodes.OK,
        run(
            "detector",
            "train",
            "--data",
            data.toString(),
            "--out",
            runDir.toString(),
            "--epochs",
            "1",
            "--size",
            "32",
            "--batch-size",
            "8",
            "--seed",
            "3"),
        err.toString());
    // The fusion sees only the network's validation images by default; here a list names them
    // all, since 6 validation images are too few to fit on.
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(data)) {
      files.filter(Files::isRegularFile).forEach(f -> all.add(data.relativize(f).toString()));
    }
    Path list = Files.write(dir.resolve("all.txt"), all, StandardCharsets.UTF_8);
    Path model = dir.resolve("model");
    assertEquals(
        ExitCodes.OK,
        run(
            "fusion",
            "fit",
            "--data",
            data.toString(),
            "--cnn",
            runDir.toString(),
            "--only",
            list.toString(),
            "--out",
            model.toString(),
            "--seed",
            "5"),
        err.toString());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode fused =
        mapper.readTree(Files.readString(model.resolve("model.json"), StandardCharsets.UTF_8));
    assertEquals("verisim-face", fused.get("id").asText());
    assertTrue(fused.get("features").toString().contains("cnn.logit"), fused.toString());
    assertEquals(2, fused.get("uncertain_band").size());
    assertTrue(Files.isRegularFile(model.resolve("cnn/detector.json")));

    out.getBuffer().setLength(0);
    Path image = data.resolve("s/real/r00.jpg");
    assertEquals(
        ExitCodes.OK,
        run(
            "detect",
            "--json",
            "--heatmaps",
            "--no-progress",
            "--model",
            model.toString(),
            image.toString()),
        err.toString());
    JsonNode verdict = mapper.readTree(out.toString());
    assertEquals("verisim-face", verdict.at("/model/id").asText());
    assertEquals(1, verdict.get("faces").size(), verdict.toString());
    assertTrue(verdict.at("/faces/0/whole_image").asBoolean(), "a texture has no face");
    JsonNode cnn = null;
    for (JsonNode c : verdict.get("cues")) {
      if (c.get("name").asText().equals("cnn")) {
        cnn = c;
      }
    }
    assertTrue(cnn != null && cnn.has("heatmap"), verdict.toString());
    assertEquals(
        fused.at("/uncertain_band/0").asDouble(), verdict.at("/uncertain_band/0").asDouble());

    // eval --only scores exactly the listed images.
    out.getBuffer().setLength(0);
    Path validation = runDir.resolve("validation.txt");
    int listed = Files.readAllLines(validation, StandardCharsets.UTF_8).size();
    assertEquals(
        ExitCodes.OK,
        run(
            "eval",
            "--json",
            "--no-progress",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--only",
            validation.toString()),
        err.toString());
    assertEquals(listed, mapper.readTree(out.toString()).get("n").asInt());

    // A list that names images the data lacks is refused before any work.
    Path stranger = Files.write(dir.resolve("stranger.txt"), List.of("s/real/nope.jpg"));
    assertEquals(
        ExitCodes.USAGE, run("eval", "--data", data.toString(), "--only", stranger.toString()));
    assertTrue(err.toString().contains("belongs to other data"), err.toString());
  }

  @Test
  void badValuesAreUsageErrors() throws Exception {
    Path data = dir.resolve("data");
    EvalData.write(data, "s", 2);
    assertEquals(
        ExitCodes.USAGE,
        run(
            "detector",
            "train",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("r").toString(),
            "--size",
            "4"));
    assertTrue(err.toString().contains("inputSize"), err.toString());
    assertEquals(
        ExitCodes.USAGE,
        run("detector", "train", "--data", dir.resolve("nope").toString(), "--out", "x"));
  }
}
