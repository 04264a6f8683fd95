package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static dev.verisim.cli.GanFixtures.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelReader;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim gan train} end to end on a tiny folder: the run folder, resuming, refusals. */
class GanCommandTrainTest {
  @TempDir Path dir;

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode json(Path file) throws Exception {
    return mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }

  @Test
  void trainsAndWritesTheWholeRunFolder() throws Exception {
    Path data = GanFixtures.writeImages(dir.resolve("data"));
    Path runDir = dir.resolve("run");
    Run r = run(train(data, runDir, 4));
    assertEquals(ExitCodes.OK, r.code(), r.err());

    JsonNode summary = mapper.readTree(r.out());
    assertEquals(4, summary.get("steps").asInt(), r.out());
    assertEquals(4, summary.get("steps_this_run").asInt(), r.out());
    assertEquals(runDir.resolve("generator.params").toString(), summary.get("generator").asText());

    JsonNode runJson = json(runDir.resolve("run.json"));
    assertEquals("verisim-gan/1", runJson.get("format").asText());
    JsonNode config = runJson.get("config");
    assertEquals(32, config.get("resolution").asInt());
    assertEquals(8, config.get("width").asInt());
    assertEquals(16, config.get("latent").asInt());
    assertEquals(4, config.get("batch").asInt());
    assertEquals(4, config.get("steps").asInt());
    assertEquals("centre", config.get("crop").asText());
    assertEquals(0.25, config.get("held_out_fraction").asDouble());
    assertEquals(1, config.get("log_every").asInt());
    assertEquals(11, config.get("seed").asLong());
    assertEquals("dcgan", config.get("architecture").asText());
    assertEquals("non_saturating", config.get("loss").asText());
    JsonNode dataNode = runJson.get("data");
    assertEquals(GanFixtures.dataSha256(data), dataNode.get("sha256").asText());
    assertEquals(GanFixtures.IMAGES, dataNode.get("images").asInt());
    assertEquals(GanFixtures.HELD_OUT, dataNode.get("held_out").asInt());
    assertEquals(GanFixtures.IMAGES - GanFixtures.HELD_OUT, dataNode.get("training").asInt());
    assertEquals(0, dataNode.get("undecodable").asInt());
    String command = runJson.get("command").asText();
    assertTrue(command.startsWith("verisim gan train --data " + data), command);
    assertTrue(command.contains("--width 8"), command);
    assertTrue(runJson.has("finished"), runJson.toString());

    // held-out.txt: relative '/' paths of images that exist, nested ones included in the pool.
    List<String> heldOut = lines(runDir.resolve("held-out.txt"));
    assertEquals(GanFixtures.HELD_OUT, heldOut.size(), heldOut.toString());
    assertEquals(GanFixtures.HELD_OUT, heldOut.stream().distinct().count());
    for (String name : heldOut) {
      assertTrue(Files.isRegularFile(data.resolve(name)), name);
    }

    List<String> log = lines(runDir.resolve("training-log.jsonl"));
    assertEquals(4, log.size(), log.toString());
    for (int i = 0; i < log.size(); i++) {
      JsonNode line = mapper.readTree(log.get(i));
      assertEquals(i + 1, line.get("step").asInt());
      assertTrue(Double.isFinite(line.get("d_loss").asDouble()), line.toString());
      assertTrue(Double.isFinite(line.get("g_loss").asDouble()), line.toString());
    }

    List<Path> grids;
    try (Stream<Path> s = Files.list(runDir.resolve("samples"))) {
      grids = s.filter(p -> p.getFileName().toString().matches("grid-\\d{6}\\.png")).toList();
    }
    assertEquals(2, grids.size(), "--sample-every 2 over 4 steps: " + grids);
    for (Path grid : grids) {
      AiLabel label = LabelReader.read(grid).orElseThrow(() -> new AssertionError(grid));
      assertEquals(AiLabel.TRAINED_ALGORITHMIC_MEDIA, label.digitalSourceType());
      assertTrue(label.declaresAiGeneration());
      assertEquals(11L, label.seed());
      BufferedImage image = ImageIO.read(grid.toFile());
      assertEquals(8 * (32 + 2) + 2, image.getWidth(), "8 x 8 tiles of 32 px, 2 px gaps");
    }

    String report = Files.readString(runDir.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(report.contains("samples/grid-000004.png"), "the report shows the last grid");

    JsonNode generator = json(runDir.resolve("generator.json"));
    assertEquals("verisim-gan/1", generator.get("format").asText());
    assertEquals("run", generator.get("id").asText());
    assertEquals("generator.params", generator.get("weights").asText());
    assertEquals(config, generator.get("config"));
    assertTrue(Files.size(runDir.resolve("generator.params")) > 1000);
  }

  @Test
  void resumingGivesTheSameGeneratorAsOneUninterruptedRun() throws Exception {
    Path data = GanFixtures.writeImages(dir.resolve("data"));
    Path resumed = dir.resolve("resumed");
    Run first = run(train(data, resumed, 4));
    assertEquals(ExitCodes.OK, first.code(), first.err());
    Run second = run(train(data, resumed, 6));
    assertEquals(ExitCodes.OK, second.code(), second.err());
    JsonNode summary = mapper.readTree(second.out());
    assertEquals(6, summary.get("steps").asInt(), second.out());
    assertEquals(2, summary.get("steps_this_run").asInt(), second.out());

    Path straight = dir.resolve("straight");
    Run whole = run(train(data, straight, 6));
    assertEquals(ExitCodes.OK, whole.code(), whole.err());
    assertEquals(6, mapper.readTree(whole.out()).get("steps_this_run").asInt());

    assertArrayEquals(
        Files.readAllBytes(straight.resolve("generator.params")),
        Files.readAllBytes(resumed.resolve("generator.params")),
        "a resumed run must end where an uninterrupted one does");
    assertEquals(lines(straight.resolve("held-out.txt")), lines(resumed.resolve("held-out.txt")));
    List<String> log = lines(resumed.resolve("training-log.jsonl"));
    assertEquals(6, log.size(), log.toString());
    for (int i = 0; i < 6; i++) {
      assertEquals(i + 1, mapper.readTree(log.get(i)).get("step").asInt(), log.toString());
    }
    JsonNode runJson = json(resumed.resolve("run.json"));
    assertEquals(6, runJson.at("/config/steps").asInt());
    assertTrue(runJson.get("command").asText().contains("--steps 6"), runJson.toString());
  }

  @Test
  void otherSettingsDataOrFewerStepsAreRefusedAndLeaveTheRunAlone() throws Exception {
    Path data = GanFixtures.writeImages(dir.resolve("data"));
    Path runDir = dir.resolve("run");
    assertEquals(ExitCodes.OK, run(train(data, runDir, 4)).code());
    byte[] runJson = Files.readAllBytes(runDir.resolve("run.json"));
    byte[] heldOut = Files.readAllBytes(runDir.resolve("held-out.txt"));
    byte[] params = Files.readAllBytes(runDir.resolve("generator.params"));

    Run wider = run(train(data, runDir, 6, "--width", "12"));
    assertEquals(ExitCodes.USAGE, wider.code(), wider.err());
    assertTrue(wider.err().contains(runDir.toString()), wider.err());
    assertTrue(wider.err().contains("other settings"), wider.err());
    assertFalse(wider.err().contains("internal error"), wider.err());
    assertEquals("", wider.out());

    // A different split must not overwrite the run's held-out list on its way to the refusal.
    Run moreHeldOut = run(train(data, runDir, 6, "--held-out", "0.5"));
    assertEquals(ExitCodes.USAGE, moreHeldOut.code(), moreHeldOut.err());

    // Fewer steps than already trained would roll the run back (or fail on a pruned checkpoint).
    Run fewer = run(train(data, runDir, 2));
    assertEquals(ExitCodes.USAGE, fewer.code(), fewer.err());
    assertTrue(fewer.err().contains("already trained 4 steps"), fewer.err());
    assertTrue(fewer.err().contains("--steps 4 or more"), fewer.err());

    Path other = GanFixtures.writeImages(dir.resolve("other"));
    Files.write(
        other.resolve("img00.jpg"),
        dev.verisim.testkit.ImageFiles.jpeg(
            dev.verisim.testkit.SyntheticImages.naturalTexture(40, 48, 999), 0.9f));
    Run otherData = run(train(other, runDir, 6));
    assertEquals(ExitCodes.USAGE, otherData.code(), otherData.err());
    assertTrue(otherData.err().contains("other data"), otherData.err());

    assertArrayEquals(runJson, Files.readAllBytes(runDir.resolve("run.json")));
    assertArrayEquals(heldOut, Files.readAllBytes(runDir.resolve("held-out.txt")));
    assertArrayEquals(params, Files.readAllBytes(runDir.resolve("generator.params")));
  }

  @Test
  void aMissingDataFolderIsAUsageErrorNamingIt() {
    Path out = dir.resolve("run");
    Run r = run(train(Path.of("/does/not/exist"), out, 4));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("/does/not/exist"), r.err());
    assertFalse(Files.exists(out), "nothing written for a run that cannot start");
  }

  @Test
  void aFolderWithoutImagesIsAUsageError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "no images here");
    Run r = run(train(empty, dir.resolve("run"), 4));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("no images in " + empty), r.err());
  }

  @Test
  void holdingEveryImageOutIsAUsageError() throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Files.write(
        one.resolve("only.png"),
        dev.verisim.testkit.ImageFiles.encode(
            dev.verisim.testkit.SyntheticImages.naturalTexture(40, 40, 1), "png"));
    Path out = dir.resolve("run");
    Run r = run(train(one, out, 4, "--held-out", "0.5"));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--held-out 0.5 keeps all 1 usable images"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void badSettingsAreUsageErrorsSayingWhatIsAllowed() throws Exception {
    Path data = GanFixtures.writeImages(dir.resolve("data"));
    Run r = run(train(data, dir.resolve("run"), 4, "--resolution", "48"));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("32, 64 or 128"), r.err());
    assertTrue(r.err().contains("48"), r.err());

    r = run(train(data, dir.resolve("run"), 4, "--arch", "transformer"));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--arch must be dcgan, style"), r.err());
    assertFalse(r.err().contains("internal error"), r.err());

    r = run(train(data, dir.resolve("run"), 4, "--held-out", "0.95"));
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("held-out"), r.err());

    r = run("gan");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("train, sample, interpolate, eval or report"), r.err());
  }
}
