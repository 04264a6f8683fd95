package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.testkit.BadFiles;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim watermark embed / detect / robustness} end to end through picocli. */
class WatermarkCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
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

  /** A photo-like test image: a face on a 1/f texture. */
  private Path image(String name, int side, long seed) throws IOException {
    BufferedImage texture = SyntheticImages.naturalTexture(side, side, seed);
    SyntheticFaces.drawFace(texture, side / 2.0, side / 2.0, side * 0.4);
    BufferedImage rgb = SyntheticImages.withNoise(SyntheticFaces.soften(texture), 2, seed);
    Path file = dir.resolve(name);
    ImageIO.write(rgb, "png", file.toFile());
    return file;
  }

  @Test
  void embedThenDetectPngAndJpeg() throws IOException {
    Path in = image("face.png", 96, 1);
    Path png = dir.resolve("marked.png");
    assertEquals(
        ExitCodes.OK,
        run("watermark", "embed", in.toString(), "--out", png.toString(), "--payload", "2a00beef"),
        err.toString());
    JsonNode embedded = lines().get(0);
    assertEquals("2a00beef", embedded.get("payload").asText());
    assertTrue(embedded.get("psnr").asDouble() >= 40, out.toString());
    Path jpg = dir.resolve("marked.jpg");
    assertEquals(
        ExitCodes.OK,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            jpg.toString(),
            "--generator-id",
            "7",
            "--serial",
            "99"),
        err.toString());

    assertEquals(
        ExitCodes.OK,
        run("watermark", "detect", "--json", png.toString(), jpg.toString(), in.toString()));
    List<JsonNode> found = lines();
    assertEquals(3, found.size(), out.toString());
    assertTrue(found.get(0).get("present").asBoolean());
    assertEquals("2a00beef", found.get(0).get("payload").asText());
    assertEquals(42, found.get(0).get("generator_id").asInt());
    assertEquals("07000063", found.get(1).get("payload").asText());
    assertFalse(found.get(2).get("present").asBoolean(), "the unmarked input");
    assertTrue(found.get(2).get("payload").isNull());
    assertTrue(found.get(0).get("false_positive_probability").asDouble() < 1e-6);
    assertTrue(found.get(0).has("bit_accuracy"));
    assertTrue(err.toString().contains("2 claimed marked"), err.toString());
  }

  @Test
  void aFolderWithBrokenFilesReportsEachWithItsReasonAndExitsOne() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("set"));
    Path in = image("set/a.png", 64, 2);
    assertEquals(
        ExitCodes.OK,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            folder.resolve("b.png").toString(),
            "--payload",
            "01000002"));
    Files.write(folder.resolve("c.jpg"), BadFiles.truncatedJpeg());
    Files.write(folder.resolve("d.png"), BadFiles.empty());
    assertEquals(ExitCodes.INPUT_ERRORS, run("watermark", "detect", "--json", folder.toString()));
    List<JsonNode> found = lines();
    assertEquals(4, found.size(), out.toString());
    assertFalse(found.get(0).get("present").asBoolean());
    assertEquals("01000002", found.get(1).get("payload").asText());
    assertEquals("truncated", found.get(2).get("error").get("code").asText());
    assertTrue(found.get(2).get("error").get("message").asText().contains("c.jpg"));
    assertEquals("empty", found.get(3).get("error").get("code").asText());
    assertTrue(err.toString().contains("1 claimed marked"), err.toString());
    assertTrue(err.toString().contains("2 unreadable"), err.toString());
  }

  @Test
  void aSecretKeyIsNeededToSeeItsMark() throws IOException {
    Path in = image("k.png", 64, 3);
    Path marked = dir.resolve("k-marked.png");
    assertEquals(
        ExitCodes.OK,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            marked.toString(),
            "--payload",
            "ff123456",
            "--key",
            "s3cret"));
    assertEquals(ExitCodes.OK, run("watermark", "detect", "--json", marked.toString()));
    assertFalse(lines().get(0).get("present").asBoolean(), "default key");
    assertEquals(
        ExitCodes.OK, run("watermark", "detect", "--json", "--key", "s3cret", marked.toString()));
    assertEquals("ff123456", lines().get(0).get("payload").asText());
  }

  @Test
  void badInputsAndUsage() throws IOException {
    Path in = image("u.png", 64, 4);
    String out1 = dir.resolve("o.png").toString();
    assertEquals(
        ExitCodes.USAGE,
        run("watermark", "embed", in.toString(), "--out", out1, "--payload", "xyz"));
    assertTrue(err.toString().contains("xyz"), err.toString());
    assertEquals(ExitCodes.USAGE, run("watermark", "embed", in.toString(), "--out", out1));
    assertEquals(
        ExitCodes.USAGE,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            out1,
            "--payload",
            "1",
            "--generator-id",
            "1",
            "--serial",
            "1"));
    assertEquals(
        ExitCodes.USAGE,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            out1,
            "--generator-id",
            "256",
            "--serial",
            "1"));
    assertEquals(
        ExitCodes.USAGE,
        run(
            "watermark",
            "embed",
            in.toString(),
            "--out",
            dir.resolve("o.gif").toString(),
            "--payload",
            "1"));
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run(
            "watermark",
            "embed",
            dir.resolve("missing.png").toString(),
            "--out",
            out1,
            "--payload",
            "1"));
    assertTrue(
        err.toString().contains("missing.png") && err.toString().contains("not-found"),
        err.toString());
    Path text = dir.resolve("notes.png");
    Files.write(text, BadFiles.text());
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run("watermark", "embed", text.toString(), "--out", out1, "--payload", "1"));
    assertTrue(err.toString().contains("notes.png"), err.toString());
    Path tiny = dir.resolve("tiny.png");
    ImageIO.write(SyntheticImages.constant(16, 16, 100), "png", tiny.toFile());
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run("watermark", "embed", tiny.toString(), "--out", out1, "--payload", "1"));
    assertTrue(err.toString().contains("too small"), err.toString());
    assertFalse(Files.exists(Path.of(out1)), "nothing written on errors");
    assertEquals(ExitCodes.USAGE, run("watermark"));
    assertEquals(
        ExitCodes.USAGE,
        run("watermark", "robustness", "--images", dir.resolve("none").toString()));
  }

  @Test
  void robustnessPrintsEveryAttack() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("faces"));
    image("faces/1.png", 64, 5);
    image("faces/2.png", 64, 6);
    assertEquals(
        ExitCodes.OK,
        run(
            "watermark",
            "robustness",
            "--images",
            folder.toString(),
            "--count",
            "2",
            "--json",
            "--threads",
            "1"),
        err.toString());
    List<JsonNode> rows = lines();
    assertEquals(24, rows.size(), out.toString());
    JsonNode jpeg50 =
        rows.stream()
            .filter(r -> r.path("attack").asText().equals("jpeg q50"))
            .findFirst()
            .orElseThrow();
    assertEquals(1.0, jpeg50.get("exact_payload_rate").asDouble(), out.toString());
    JsonNode summary = rows.get(rows.size() - 1);
    assertTrue(summary.get("summary").asBoolean());
    assertEquals(0, summary.get("false_claims_unmarked_total").asInt());
    assertTrue(summary.get("min_psnr").asDouble() >= 40);
  }
}
