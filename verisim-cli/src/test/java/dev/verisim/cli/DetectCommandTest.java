package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.testkit.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim detect} end to end through picocli's execute(), with the shipped model. */
class DetectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void aMixedFolderReportsEveryGoodFileAndEveryBrokenOneWithItsReasonAndExitsOne()
      throws IOException {
    List<Fixtures.FixtureFile> files = Fixtures.writeMixedFolder(dir.resolve("mixed"));
    String arg = dir.resolve("mixed").toString();
    assertEquals(ExitCodes.INPUT_ERRORS, run("detect", "--json", "--no-progress", arg));
    List<JsonNode> verdicts = lines();
    assertEquals(files.size(), verdicts.size(), out.toString());
    for (int i = 0; i < files.size(); i++) {
      Fixtures.FixtureFile f = files.get(i);
      JsonNode v = verdicts.get(i);
      assertEquals(arg + "/" + f.path().getFileName(), v.get("path").asText(), "input order");
      assertEquals("image", v.get("media").asText());
      if (f.shouldDecode()) {
        assertTrue(
            Set.of("real", "fake", "uncertain").contains(v.get("verdict").asText()), v.toString());
        double p = v.get("p_fake").asDouble();
        assertTrue(p >= 0 && p <= 1, v.toString());
        assertTrue(v.get("error").isNull());
        assertEquals(5, v.get("cues").size(), v.toString());
        assertEquals(1, v.get("faces").size(), "one face or the centre square: " + v);
      } else {
        assertEquals("error", v.get("verdict").asText(), f.description());
        assertTrue(v.get("p_fake").isNull());
        assertEquals(f.expectedErrorCode(), v.get("error").get("code").asText(), f.description());
        assertTrue(
            v.get("error").get("message").asText().contains(f.path().getFileName().toString()),
            "the message names the input: " + v);
      }
      assertEquals("verisim-face", v.get("model").get("id").asText());
    }
  }

  @Test
  void onlyGoodFilesExitZeroAndTheTableIsReadable() throws IOException {
    for (Fixtures.FixtureFile f : Fixtures.writeMixedFolder(dir.resolve("mixed"))) {
      if (!f.shouldDecode()) {
        Files.delete(f.path());
      }
    }
    assertEquals(ExitCodes.OK, run("detect", "--no-progress", dir.toString()));
    String[] rows = out.toString().split("\n");
    assertTrue(rows[0].startsWith("VERDICT"), rows[0]);
    assertEquals(7, rows.length, out.toString());
    assertTrue(err.toString().contains("6 inputs"), err.toString());
  }

  @Test
  void theReportIsWrittenWithAThumbnailPerGoodImage() throws IOException {
    Fixtures.writeMixedFolder(dir.resolve("mixed"));
    Path report = dir.resolve("out/report.html");
    Files.createDirectories(report.getParent());
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run(
            "detect",
            "--no-progress",
            "--report",
            report.toString(),
            dir.resolve("mixed").toString()));
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(html.contains("too-many-pixels"));
    assertTrue(html.contains("good.webp"));
    int thumbnails = html.split("data:image/", -1).length - 1;
    assertTrue(thumbnails >= 6, "at least one embedded image per good input, got " + thumbnails);
  }

  @Test
  void theUncertainBandDecidesTheLabel() throws IOException {
    Fixtures.writeMixedFolder(dir);
    String good = dir.resolve("good.png").toString();
    assertEquals(0, run("detect", "--json", "--uncertain-band", "0,1", good));
    JsonNode v = lines().get(0);
    assertEquals("uncertain", v.get("verdict").asText());
    assertEquals(0.0, v.get("uncertain_band").get(0).asDouble());
    out.getBuffer().setLength(0);
    assertEquals(0, run("detect", "--json", "--heatmaps", "--uncertain-band", "0.5,0.5", good));
    v = lines().get(0);
    assertFalse(v.get("verdict").asText().equals("uncertain") && v.get("p_fake").asDouble() != 0.5);
    assertNotNull(v.get("cues"));
  }

  @Test
  void aMissingFileIsAnErrorVerdictNotAUsageError() throws IOException {
    String missing = dir.resolve("nope.jpg").toString();
    assertEquals(ExitCodes.INPUT_ERRORS, run("detect", "--json", missing));
    JsonNode v = lines().get(0);
    assertEquals(missing, v.get("path").asText());
    assertEquals("not-found", v.get("error").get("code").asText());
  }

  @Test
  void theByteAndPixelLimitsAreOptions() throws IOException {
    Fixtures.writeMixedFolder(dir);
    String good = dir.resolve("good.png").toString();
    assertEquals(ExitCodes.INPUT_ERRORS, run("detect", "--json", "--max-bytes", "100", good));
    assertEquals("too-many-bytes", lines().get(0).get("error").get("code").asText());
    out.getBuffer().setLength(0);
    assertEquals(ExitCodes.INPUT_ERRORS, run("detect", "--json", "--max-pixels", "1000", good));
    assertEquals("too-many-pixels", lines().get(0).get("error").get("code").asText());
  }
}
