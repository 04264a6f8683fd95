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
