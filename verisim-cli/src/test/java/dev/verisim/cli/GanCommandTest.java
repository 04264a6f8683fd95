package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelReader;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verisim gan sample, interpolate, eval, report} end to end, on one tiny run trained once
 * for the class.
 */
class GanCommandTest {
  @TempDir static Path shared;

  static Path data;
  static Path runDir;

  @TempDir Path dir;

  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void trainOnce() throws Exception {
    data = GanFixtures.writeImages(shared.resolve("data"));
    runDir = shared.resolve("tiny-run");
    Run r = run(GanFixtures.train(data, runDir, 4));
    assertEquals(ExitCodes.OK, r.code(), r.err());
  }

  private static AiLabel label(Path file) throws Exception {
    return LabelReader.read(file).orElseThrow(() -> new AssertionError("no label: " + file));
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void samplesAreLabelledReproducibleAndRecorded() throws Exception {
    Path out = dir.resolve("samples");
    Run r =
        run(
            "gan",
            "sample",
            "--model",
            runDir.toString(),
            "--count",
            "3",
            "--out",
            out.toString(),
            "--seed",
            "5",
            "--grid");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    JsonNode summary = mapper.readTree(r.out());
    assertEquals(3, summary.get("images").asInt());
    assertEquals("tiny-run", summary.get("generator").asText());

    List<String> names;
    try (Stream<Path> s = Files.list(out)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(
        List.of(
            "grid.png",
            "sample-5-00000.png",
            "sample-5-00001.png",
            "sample-5-00002.png",
            "samples.json"),
        names);
    for (int i = 0; i < 3; i++) {
      Path file = out.resolve(String.format(Locale.ROOT, "sample-5-%05d.png", i));
      BufferedImage image = ImageIO.read(file.toFile());
      assertEquals(32, image.getWidth());
      assertEquals(32, image.getHeight());
      AiLabel label = label(file);
      assertTrue(label.declaresAiGeneration(), label.toString());
      assertEquals(AiLabel.TRAINED_ALGORITHMIC_MEDIA, label.digitalSourceType());
      assertEquals("tiny-run", label.generator());
      assertEquals(5L, label.seed());
      assertEquals(Integer.toString(i), label.extras().get("Index"));
    }
    assertTrue(label(out.resolve("grid.png")).declaresAiGeneration());
    BufferedImage grid = ImageIO.read(out.resolve("grid.png").toFile());
    assertEquals(2 * (32 + 2) + 2, grid.getWidth(), "3 images: 2 columns");
    assertEquals(2 * (32 + 2) + 2, grid.getHeight(), "3 images: 2 rows");

    JsonNode record =
        mapper.readTree(Files.readString(out.resolve("samples.json"), StandardCharsets.UTF_8));
    assertEquals("tiny-run", record.get("generator").asText());
    assertEquals(5, record.get("seed").asLong());
    assertEquals(3, record.get("count").asInt());
    assertEquals(1.0, record.get("truncation").asDouble());
    assertEquals(32, record.at("/generator_config/resolution").asInt());
    assertEquals(3, record.get("files").size());
    assertEquals("sample-5-00002.png", record.at("/files/2").asText());

    // Image i of a seed does not depend on --count.
    Path one = dir.resolve("one");
    Run single =
        run(
            "gan",
            "sample",
            "--model",
            runDir.toString(),
            "--count",
            "1",
            "--out",
            one.toString(),
            "--seed",
            "5");
    assertEquals(ExitCodes.OK, single.code(), single.err());
    int[] first = pixels(ImageIO.read(out.resolve("sample-5-00000.png").toFile()));
    assertTrue(
        java.util.Arrays.equals(
            first, pixels(ImageIO.read(one.resolve("sample-5-00000.png").toFile()))),
        "image 0 of --count 1 and of --count 3");
    // ...and does depend on the seed.
    Path other = dir.resolve("other-seed");
    assertEquals(
        ExitCodes.OK,
        run(
                "gan",
                "sample",
                "--model",
                runDir.toString(),
                "--count",
                "1",
                "--out",
                other.toString(),
                "--seed",
                "6")
            .code());
    assertFalse(
        java.util.Arrays.equals(
            first, pixels(ImageIO.read(other.resolve("sample-6-00000.png").toFile()))));
  }

  @Test
  void samplesAsJpegCarryTheLabelToo() throws Exception {
    Path out = dir.resolve("jpg");
    Run r =
        run(
            "gan",
            "sample",
            "--model",
            runDir.toString(),
            "--count",
            "2",
            "--out",
            out.toString(),
            "--seed",
            "5",
            "--format",
            "JPG");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    Path file = out.resolve("sample-5-00001.jpg");
    byte[] bytes = Files.readAllBytes(file);
    assertEquals("ffd8", HexFormat.of().formatHex(bytes, 0, 2), "a JPEG");
    assertEquals(32, ImageIO.read(file.toFile()).getWidth());
    AiLabel label = label(file);
    assertEquals("tiny-run", label.generator());
    assertEquals(5L, label.seed());
    assertFalse(Files.exists(out.resolve("sample-5-00001.png")));
  }

  @Test
  void badSampleOptionsAreUsageErrorsNamingTheOption() throws Exception {
    String model = runDir.toString();
    String out = dir.resolve("bad").toString();
    for (String[] bad :
        new String[][] {
          {"--truncation", "0"}, {"--truncation", "1.5"}, {"--count", "0"}, {"--format", "gif"}
        }) {
      List<String> args = new ArrayList<>(List.of("gan", "sample", "--model", model, "--out", out));
      args.addAll(List.of(bad));
      Run r = run(args.toArray(String[]::new));
      assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().contains(bad[0]), r.err());
      assertEquals("", r.out());
    }
    assertFalse(Files.exists(Path.of(out)), "nothing written before the options are checked");

    Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
    Run r = run("gan", "sample", "--model", notAModel.toString(), "--out", out, "--count", "1");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains(notAModel.toString()), r.err());
    assertTrue(r.err().contains("generator.json"), r.err());
  }

  @Test
  void interpolationIsALoopingLabelledGif() throws Exception {
    Path gif = dir.resolve("walks/walk.gif");
    Run r =
        run(
            "gan",
            "interpolate",
            "--model",
            runDir.toString(),
            "--out",
            gif.toString(),
            "--keys",
            "3",
            "--frames",
            "2",
            "--scale",
            "2");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(6, mapper.readTree(r.out()).get("frames").asInt());

    byte[] bytes = Files.readAllBytes(gif);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in);
      assertEquals(6, reader.getNumImages(true), "3 keyframes x 2 frames");
      String mark = mapper.readTree(r.out()).get("watermark").asText();
      for (int i = 0; i < 6; i++) {
        BufferedImage frame = reader.read(i);
        assertEquals(64, frame.getWidth(), "32 px scaled by 2");
        assertEquals(64, frame.getHeight());
        if (i == 0 || i == 5) {
          // Through GIF's palette, any frame still carries the mark.
          BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
          rgb.getGraphics().drawImage(frame, 0, 0, null);
          assertEquals(
              mark,
              String.valueOf(Watermarker.withDefaultKey().detect(rgb).payload()),
              "frame " + i);
        }
      }
    } finally {
      reader.dispose();
    }
    String ascii = new String(bytes, StandardCharsets.ISO_8859_1);
    int netscape = ascii.indexOf("NETSCAPE2.0");
    assertTrue(netscape > 0, "a looping GIF has the NETSCAPE2.0 extension");
    assertEquals(
        "03010000",
        HexFormat.of().formatHex(bytes, netscape + 11, netscape + 15),
        "loop count 0: forever");
    AiLabel label = label(gif);
    assertTrue(label.declaresAiGeneration());
    assertEquals("tiny-run", label.generator());
    assertEquals(1L, label.seed(), "the default seed");

    Path png = dir.resolve("x.png");
    Run bad = run("gan", "interpolate", "--model", runDir.toString(), "--out", png.toString());
    assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
    assertTrue(bad.err().contains("--out") && bad.err().contains(".gif"), bad.err());
    assertFalse(Files.exists(png));

    Run oneKey =
        run(
            "gan",
            "interpolate",
            "--model",
            runDir.toString(),
            "--out",
            gif.toString(),
            "--keys",
            "1");
    assertEquals(ExitCodes.USAGE, oneKey.code(), oneKey.err());
    assertTrue(oneKey.err().contains("keyframes"), oneKey.err());
  }

  private JsonNode evalJson(Run r) throws Exception {
    assertEquals(ExitCodes.OK, r.code(), r.err());
    JsonNode n = mapper.readTree(r.out());
    assertEquals(8, n.get("generated").asInt(), r.out());
    assertEquals(GanFixtures.HELD_OUT, n.get("real").asInt(), "the held-out images only");
    assertEquals("tiny-run", n.get("generator").asText());
    for (String field :
        List.of(
            "swd_vs_real",
            "swd_real_halves",
            "diversity_ms_ssim_generated",
            "diversity_ms_ssim_real")) {
      assertTrue(n.get(field).isNumber(), field + " in " + r.out());
      assertTrue(Double.isFinite(n.get(field).asDouble()), field + " in " + r.out());
    }
    assertTrue(n.get("swd_vs_real").asDouble() > 0, r.out());
    assertTrue(n.get("swd_real_halves").asDouble() >= 0, r.out());
    assertEquals(2, n.get("swd_level_sizes").size(), "32 and 16 px: " + r.out());
    return n;
  }

  private String[] evalArgs(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "gan",
                "eval",
                "--model",
                runDir.toString(),
                "--real",
                data.toString(),
                "--only",
                runDir.resolve("held-out.txt").toString(),
                "--count",
                "8"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void evalWithoutTheDetectorMeasuresAgainstTheHeldOutImages() throws Exception {
    Path json = dir.resolve("quality.json");
    JsonNode n = evalJson(run(evalArgs("--no-detector", "--out", json.toString())));
    assertTrue(n.get("detectability_auc").isNull(), n.toString());
    assertTrue(n.get("mean_p_fake_generated").isNull(), n.toString());
    assertEquals("none", n.get("detector").asText());
    assertEquals(n, mapper.readTree(Files.readString(json, StandardCharsets.UTF_8)));
  }

  @Test
  void evalWithTheDefaultDetectorGivesAnAuc() throws Exception {
    JsonNode n = evalJson(run(evalArgs()));
    JsonNode auc = n.get("detectability_auc");
    assertTrue(auc.isNumber(), n.toString());
    assertTrue(auc.asDouble() >= 0 && auc.asDouble() <= 1, n.toString());
    assertTrue(n.get("mean_p_fake_generated").isNumber(), n.toString());
    assertFalse(n.get("detector").asText().equals("none"), n.toString());
  }

  @Test
  void evalUsageErrors() throws Exception {
    Path list = dir.resolve("three.txt");
    Files.write(
        list,
        Files.readAllLines(runDir.resolve("held-out.txt"), StandardCharsets.UTF_8).subList(0, 3),
        StandardCharsets.UTF_8);
    Run r =
        run(
            "gan",
            "eval",
            "--model",
            runDir.toString(),
            "--real",
            data.toString(),
            "--only",
            list.toString(),
            "--count",
            "8",
            "--no-detector");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("at least 4 real images"), r.err());
    assertFalse(r.err().contains("internal error"), r.err());

    Path missing = dir.resolve("missing.txt");
    Run noList =
        run(
            "gan",
            "eval",
            "--model",
            runDir.toString(),
            "--real",
            data.toString(),
            "--only",
            missing.toString(),
            "--count",
            "8",
            "--no-detector");
    assertEquals(ExitCodes.USAGE, noList.code(), noList.err());
    assertTrue(noList.err().contains("missing.txt"), noList.err());

    Path nowhere = dir.resolve("no/such/folder/quality.json");
    Run badOut = run(evalArgs("--no-detector", "--out", nowhere.toString()));
    assertEquals(ExitCodes.USAGE, badOut.code(), badOut.err());
    assertTrue(badOut.err().contains(nowhere.getParent().toString()), badOut.err());
  }

  @Test
  void reportRewritesTheRunsPageAndRefusesOtherFolders() throws Exception {
    Path page = runDir.resolve("report.html");
    Files.delete(page);
    Run r = run("gan", "report", runDir.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(page.toString(), r.out().strip());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(html.contains("samples/grid-000004.png"), "the latest grid");
    assertTrue(html.contains("tiny-run") || html.contains("dcgan"), "the run's settings");

    Path notARun = Files.createDirectories(dir.resolve("not-a-run"));
    Run bad = run("gan", "report", notARun.toString());
    assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
    assertTrue(bad.err().contains(notARun.toString()), bad.err());
    assertFalse(Files.exists(notARun.resolve("report.html")));
  }
}
