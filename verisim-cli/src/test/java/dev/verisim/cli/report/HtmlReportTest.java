package dev.verisim.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.FaceRegion;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final ModelInfo MODEL = new ModelInfo("verisim-cnn-tiny", "2024.06");
  private static final String HOSTILE_PATH = "uploads/<script>alert('x')</script>&.jpg";

  @TempDir Path dir;

  @Test
  void reportIsSelfContainedEscapedAndComplete() throws Exception {
    Path out = dir.resolve("report.html");

    HtmlReport.write(out, items(), info());

    assertTrue(Files.exists(out));
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(html.contains("photos/fake &amp; bad.jpg"), "escaped ampersand in a path");
    assertTrue(html.contains("uploads/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;.jpg"));
    assertFalse(html.contains("<script"), "no script element at all");
    assertTrue(html.contains("data:image/jpeg;base64,"));
    assertTrue(html.contains("data:image/png;base64,"));
    assertTrue(html.contains("truncated"), "error code");
    assertTrue(html.contains("file ends &lt;early&gt;"), "escaped error message");

    Document doc = Jsoup.parse(html);
    assertEquals(0, doc.select("script").size());
    for (Element e : doc.select("[src], [href]")) {
      String url = e.hasAttr("src") ? e.attr("src") : e.attr("href");
      assertTrue(url.startsWith("data:image/"), "only embedded images, found " + url);
    }
    assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"?https?:.*"));
    assertEquals(
        List.of("photos/fake & bad.jpg", "photos/real.jpg", HOSTILE_PATH),
        doc.select("article h2").eachText());
    assertEquals(List.of("fake", "real", "error"), doc.select("article .badge").eachText());
    assertEquals("3", doc.selectFirst(".count.total b").text());
    assertEquals("1", doc.selectFirst(".count.fake b").text());
    assertEquals("0", doc.selectFirst(".count.uncertain b").text());
    assertTrue(doc.text().contains("evidence, not proof"));
    assertTrue(doc.text().contains("0.35 to 0.65"));
    assertTrue(doc.text().contains("verisim-cnn-tiny"));
  }

  @Test
  void heatmapsAreDrawnOverTheThumbnail() throws Exception {
    Path out = dir.resolve("report.html");

    HtmlReport.write(out, items(), info());

    Document doc = Jsoup.parse(out.toFile(), "UTF-8");
    Element fake = doc.select("article").get(0);
    assertEquals(1, fake.select("img.overlay").size(), "one cue has a heatmap");
    assertEquals(0, doc.select("article").get(1).select("img.overlay").size());
    assertEquals(2, fake.select(".stack").size(), "the thumbnail, then the overlay figure");
    assertEquals(3, fake.select("table.cues tr").size());
  }

  @Test
  void overlayCoversTheGridCellsAndFadesWithTheValue() {
    Heatmap grid = new Heatmap("error level", 2, 1, new float[] {0f, 1f});

    BufferedImage overlay = HtmlReport.overlay(grid, 10, 4);

    assertEquals(0, overlay.getRGB(4, 2) >>> 24, "left cell transparent");
    assertTrue(overlay.getRGB(5, 2) >>> 24 > 150, "right cell nearly opaque");
    assertEquals(0xFF, (overlay.getRGB(9, 3) >> 16) & 0xFF, "red");
  }

  @Test
  void faceBoxesAreOutlinedInTheColourOfTheirOwnVerdict() {
    BufferedImage thumb = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
    Verdict v =
        Verdict.analysed(
            "two.jpg",
            0.9,
            UncertainBand.DEFAULT,
            List.of(
                new CueEvidence(
                    "cnn",
                    0.9,
                    "two faces",
                    Map.of(),
                    Optional.empty(),
                    List.of(
                        new FaceRegion(20, 20, 40, 40, 0.9, false),
                        new FaceRegion(120, 20, 40, 40, 0.1, false),
                        new FaceRegion(0, 0, 200, 100, 0.5, true)))),
            ProvenanceSummary.ABSENT,
            new ModelInfo("m", "1"),
            1);
    // The original is 200 px wide: boxes are halved onto the 100 px thumbnail.
    HtmlReport.drawFaces(thumb, 200, v);
    assertEquals(HtmlReport.FACE_FAKE.getRGB(), thumb.getRGB(10, 15));
    assertEquals(HtmlReport.FACE_REAL.getRGB(), thumb.getRGB(60, 15));
    assertEquals(0xFF000000, thumb.getRGB(20, 20), "inside a box stays untouched");
    assertEquals(0xFF000000, thumb.getRGB(0, 0), "the whole-image fallback is not drawn");
  }

  @Test
  void thumbnailKeepsAspectAndNeverEnlarges() {
    BufferedImage wide = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_ARGB);
    BufferedImage small = new BufferedImage(50, 80, BufferedImage.TYPE_INT_RGB);

    BufferedImage t = HtmlReport.thumbnail(wide, 240);
    BufferedImage s = HtmlReport.thumbnail(small, 240);

    assertEquals(240, t.getWidth());
    assertEquals(120, t.getHeight());
    assertEquals(BufferedImage.TYPE_INT_RGB, t.getType());
    assertEquals(50, s.getWidth());
    assertEquals(80, s.getHeight());
  }

  @Test
  void escapeNeutralisesMarkupAndControlCharacters() {
    assertEquals(
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;\uFFFD",
        HtmlReport.escape("<a href=\"x\">'&\u0007"));
  }

  static List<ReportItem> items() {
    BufferedImage picture = picture();
    Heatmap heatmap = new Heatmap("error level", 4, 3, gradient(12));
    Verdict fake =
        Verdict.analysed(
            "photos/fake & bad.jpg",
            0.93,
            UncertainBand.DEFAULT,
            List.of(
                new CueEvidence(
                    "cnn",
                    0.95,
                    "The network is confident the image is generated.",
                    Map.of("cnn.logit", 2.9),
                    Optional.of(heatmap)),
                new CueEvidence("spectrum", 0.61, "Mild periodic peaks in the spectrum.", Map.of()),
                new CueEvidence(
                    "metadata",
                    0.98,
                    "The file labels itself AI-generated: XMP DigitalSourceType is"
                        + " trainedAlgorithmicMedia.",
                    Map.of())),
            new ProvenanceSummary("present", null),
            MODEL,
            41);
    Verdict real =
        Verdict.analysed(
            "photos/real.jpg",
            0.08,
            UncertainBand.DEFAULT,
            List.of(
                new CueEvidence("cnn", 0.1, "Looks like a camera photo.", Map.of()),
                new CueEvidence(
                    "metadata",
                    0.2,
                    "Metadata names a camera (Canon EOS 5D) with exposure settings.",
                    Map.of())),
            ProvenanceSummary.ABSENT,
            MODEL,
            35);
    Verdict error =
        Verdict.failed(
            HOSTILE_PATH,
            ErrorCode.TRUNCATED,
            "file ends <early>",
            UncertainBand.DEFAULT,
            MODEL,
            3);
    return List.of(
        new ReportItem(fake, Optional.of(HtmlReport.thumbnail(picture, 240))),
        new ReportItem(real, Optional.of(HtmlReport.thumbnail(picture, 240))),
        new ReportItem(error, Optional.empty()));
  }

  static ReportInfo info() {
    return new ReportInfo(
        "verisim detect <test>", "0.1.0-SNAPSHOT", MODEL, Instant.parse("2024-06-11T10:15:30Z"));
  }

  private static float[] gradient(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = i / (float) (n - 1);
    }
    return values;
  }

  private static BufferedImage picture() {
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int r = (x * 255) / img.getWidth();
        int g = (y * 255) / img.getHeight();
        int b = ((x / 40 + y / 40) % 2) * 120 + 60;
        img.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return img;
  }
}
