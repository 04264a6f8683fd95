package dev.verisim.gan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanReportTest {
  private static final int LINES = 50;
  private static final Pattern COMMAND = Pattern.compile("[ML]");

  @TempDir Path run;

  @Test
  void showsSettingsSummaryChartsAndSamples() throws Exception {
    writeRunJson("dcgan");
    double[] speeds = writeLog(LINES);
    writeGrid(500);
    writeGrid(1000);
    writeGrid(1500);

    Path out = GanReport.write(run);

    assertEquals(run.resolve("report.html"), out);
    try (Stream<Path> files = Files.list(run)) {
      assertEquals(
          List.of("report.html", "run.json", "samples", "training-log.jsonl"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary file left behind");
    }
    Document doc = Jsoup.parse(out.toFile(), "UTF-8");

    assertEquals("dcgan", cell(doc, "config", "architecture"));
    assertEquals("64", cell(doc, "config", "resolution"));
    assertEquals("32", cell(doc, "config", "batch"));
    assertEquals("0.5", cell(doc, "config", "adam.beta1"), "nested objects are flattened");
    assertEquals("[1,2]", cell(doc, "config", "mix"));
    assertEquals("faces & friends/aligned", cell(doc, "data", "root"));
    assertEquals("2.21.3", cell(doc, "versions", "jackson"));
    Element swd = doc.select("#quality tr:has(td:eq(0):containsOwn(swd_vs_held_out))").first();
    assertNotNull(swd);
    assertEquals("12.3", swd.child(1).text());

    assertEquals("500 of 1000 (50.0%)", doc.getElementById("steps-done").text());
    assertEquals("0:04:20 (260 s)", doc.getElementById("wall-time").text());
    double[] sorted = speeds.clone();
    Arrays.sort(sorted);
    double median = (sorted[LINES / 2 - 1] + sorted[LINES / 2]) / 2;
    assertEquals(1.49, median, 1e-12, "the fixture's middle values are 1.48 and 1.50");
    assertEquals(median, Double.parseDouble(doc.getElementById("median-steps-per-s").text()), 1e-9);
    assertEquals("50", doc.getElementById("logged-steps").text());

    Element losses = doc.getElementById("losses");
    assertEquals(List.of("d_loss", "g_loss"), seriesNames(losses));
    assertEquals(LINES, points(losses, "d_loss"));
    assertEquals(LINES, points(losses, "g_loss"));
    assertEquals(2, losses.select(".legend li").size());

    Element metrics = doc.getElementById("metrics");
    assertEquals(List.of("steps_per_s", "lr", "r1"), seriesNames(metrics), "first use order");
    assertEquals(LINES, points(metrics, "steps_per_s"));
    assertEquals(LINES / 10, points(metrics, "r1"), "logged on every tenth line only");
    assertEquals(LINES - 1, points(metrics, "lr"), "one NaN");
    assertEquals(2, count(path(metrics, "lr"), "M"), "the NaN breaks the line");
    assertEquals(3, metrics.select(".legend li").size());
    assertTrue(metrics.select(".legend li").get(1).text().contains("1 non-finite"));

    Element latest = doc.getElementById("latest-grid");
    assertEquals("samples/grid-001500.png", latest.attr("src"));
    assertEquals(
        List.of("step 500", "step 1000", "step 1500"), doc.select(".strip figcaption").eachText());
    assertEquals(4, doc.select("img").size());
    for (Element img : doc.select("img")) {
      assertTrue(Files.isRegularFile(run.resolve(img.attr("src"))), img.attr("src"));
    }
    assertEquals(0, doc.select("script, link, iframe, object").size());
    for (Element e : doc.select("[src], [href]")) {
      assertTrue(e.attr("src").startsWith("samples/"), "only the sample grids: " + e);
    }
  }

  @Test
  void textFromTheRunIsEscaped() throws Exception {
    String hostile = "<script>alert('x')</script>&";
    writeRunJson(hostile);
    writeLog(3);

    Path out = GanReport.write(run);

    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertFalse(html.contains("<script"), "no script element at all");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
    Document doc = Jsoup.parse(html);
    assertEquals(0, doc.select("script").size());
    assertEquals(hostile, cell(doc, "config", "architecture"));
    assertEquals("x", cell(doc, "config", "<b>key</b>"), "keys are escaped too");
  }

  @Test
  void oneLogLineAndNoSamplesStillRender() throws Exception {
    writeRunJson("dcgan");
    Files.writeString(
        run.resolve("training-log.jsonl"),
        "{\"step\":100,\"d_loss\":1.5,\"g_loss\":0.75,\"steps_per_s\":2.0,\"elapsed_s\":50.0}\n");

    Document doc = Jsoup.parse(GanReport.write(run).toFile(), "UTF-8");

    assertEquals("100 of 1000 (10.0%)", doc.getElementById("steps-done").text());
    assertEquals("2", doc.getElementById("median-steps-per-s").text());
    assertEquals("50.0 s", doc.getElementById("wall-time").text());
    assertEquals("0", doc.getElementById("sample-grids").text());
    Element losses = doc.getElementById("losses");
    assertEquals(1, points(losses, "d_loss"));
    assertEquals(2, losses.select("circle").size(), "a lone point is drawn as a dot");
    assertEquals(1, points(doc.getElementById("metrics"), "steps_per_s"));
    assertNull(doc.getElementById("latest-grid"));
    assertEquals(0, doc.select("img").size());
  }

  @Test
  void noLogYetStillRenders() throws Exception {
    writeRunJson("dcgan");
    Files.createDirectories(run.resolve("samples"));

    Document doc = Jsoup.parse(GanReport.write(run).toFile(), "UTF-8");

    assertEquals("none logged yet", doc.getElementById("steps-done").text());
    assertNull(doc.getElementById("losses"));
    assertEquals("dcgan", cell(doc, "config", "architecture"));
  }

  @Test
  void malformedLogLineIsAnErrorNamingFileAndLine() throws Exception {
    writeRunJson("dcgan");
    writeLog(5);
    List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve("training-log.jsonl")));
    lines.set(3, "{\"step\":40,\"d_loss\":");
    Files.write(run.resolve("training-log.jsonl"), lines);

    IOException e = assertThrows(IOException.class, () -> GanReport.write(run));

    assertTrue(e.getMessage().contains("training-log.jsonl line 4"), e.getMessage());
    assertFalse(Files.exists(run.resolve("report.html")));

    lines.set(3, "{\"d_loss\":1.0}");
    Files.write(run.resolve("training-log.jsonl"), lines);
    e = assertThrows(IOException.class, () -> GanReport.write(run));
    assertTrue(e.getMessage().contains("training-log.jsonl line 4"), e.getMessage());
    assertTrue(e.getMessage().contains("step"), e.getMessage());
  }

  @Test
  void aLastLineBeingWrittenIsLeftOut() throws Exception {
    writeRunJson("dcgan");
    writeLog(5);
    Files.writeString(
        run.resolve("training-log.jsonl"),
        "{\"step\":60,\"d_lo",
        java.nio.file.StandardOpenOption.APPEND);

    Document doc = Jsoup.parse(GanReport.write(run).toFile(), "UTF-8");

    assertEquals("5", doc.getElementById("logged-steps").text());
    assertEquals(5, points(doc.getElementById("losses"), "d_loss"));
  }

  @Test
  void aResumedRunSupersedesTheStepsItLoggedAgain() throws Exception {
    writeRunJson("dcgan");
    StringBuilder log = new StringBuilder();
    for (int step : new int[] {10, 20, 30, 40, 20, 30, 40, 50}) {
      log.append("{\"step\":").append(step).append(",\"d_loss\":1,\"g_loss\":2}\n");
    }
    Files.writeString(run.resolve("training-log.jsonl"), log);

    Document doc = Jsoup.parse(GanReport.write(run).toFile(), "UTF-8");

    assertEquals(
        "5 (3 more superseded when the run resumed)", doc.getElementById("logged-steps").text());
    assertEquals(5, points(doc.getElementById("losses"), "d_loss"));
  }

  @Test
  void aLongLogIsDownsampledPerSeries() throws Exception {
    writeRunJson("dcgan");
    writeLog(2500);

    Document doc = Jsoup.parse(GanReport.write(run).toFile(), "UTF-8");

    assertEquals(SvgChart.MAX_POINTS, points(doc.getElementById("losses"), "d_loss"));
    assertEquals(250, points(doc.getElementById("metrics"), "r1"));
    assertEquals("25000 of 1000 (2500.0%)", doc.getElementById("steps-done").text());
  }

  @Test
  void missingOrBrokenRunJsonIsAnError() throws Exception {
    assertThrows(IOException.class, () -> GanReport.write(run));
    Files.writeString(run.resolve("run.json"), "[1, 2]");
    IOException e = assertThrows(IOException.class, () -> GanReport.write(run));
    assertTrue(e.getMessage().contains("run.json"), e.getMessage());
  }

  // --- fixtures ---

  private void writeRunJson(String architecture) throws IOException {
    String json =
        String.format(
            Locale.ROOT,
            """
        {"config": {"architecture": %s, "loss": "wgan-gp", "resolution": 64, "batch": 32,
                    "steps": 1000, "seed": 7, "lr": 0.0002, "adam": {"beta1": 0.5},
                    "mix": [1, 2], "<b>key</b>": "x"},
         "data": {"root": "faces & friends/aligned", "sha256": "ab12", "images": 900,
                  "held_out": 100},
         "versions": {"verisim": "0.1.0-SNAPSHOT", "jackson": "2.21.3"},
         "quality": {"swd_vs_held_out": 12.3, "swd_real_halves": 4.5,
                     "diversity_ms_ssim": 0.21}}
        """,
            TrainingLog.JSON.writeValueAsString(architecture));
    Files.writeString(run.resolve("run.json"), json);
  }

  /** Steps 10, 20, ...; r1 on every tenth line; lr NaN on the seventh. Returns steps/s. */
  private double[] writeLog(int lines) throws IOException {
    StringBuilder log = new StringBuilder();
    double[] speeds = new double[lines];
    for (int i = 0; i < lines; i++) {
      speeds[i] = 1.0 + (i * 7 % 50) * 0.02; // shuffled, distinct
      log.append(
          String.format(
              Locale.ROOT,
              "{\"step\":%d,\"d_loss\":%.3f,\"g_loss\":%.3f,\"steps_per_s\":%.2f,"
                  + "\"elapsed_s\":%.1f",
              (i + 1) * 10,
              1.5 - i * 0.01,
              0.5 + (i % 5) * 0.1,
              speeds[i],
              (i + 1) * 5.2));
      if (i % 10 == 9) {
        log.append(String.format(Locale.ROOT, ",\"r1\":%.3f", 0.01 * i));
      }
      log.append(i == 6 ? ",\"lr\":NaN" : ",\"lr\":0.0002").append("}\n");
    }
    Files.writeString(run.resolve("training-log.jsonl"), log);
    return speeds;
  }

  private void writeGrid(int step) throws IOException {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(step % 256, 80, 160));
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    Files.createDirectories(run.resolve("samples"));
    ImageIO.write(
        img,
        "png",
        run.resolve(String.format(Locale.ROOT, "samples/grid-%06d.png", step)).toFile());
  }

  // --- reading the page ---

  private static String cell(Document doc, String table, String key) {
    for (Element row : doc.select("#" + table + " tr")) {
      if (row.child(0).text().equals(key)) {
        return row.child(1).text();
      }
    }
    throw new AssertionError("no row " + key + " in " + table);
  }

  private static List<String> seriesNames(Element chart) {
    return chart.select("path.series").eachAttr("data-series");
  }

  private static String path(Element chart, String series) {
    Element path = chart.selectFirst("path.series[data-series=" + series + "]");
    assertNotNull(path, series);
    return path.attr("d");
  }

  private static int points(Element chart, String series) {
    return count(path(chart, series), "[ML]");
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
