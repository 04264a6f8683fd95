package dev.verisim.cli.report;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.FaceRegion;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictError;
import dev.verisim.detect.video.VideoDetails;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Writes verdicts as one self-contained HTML page: a summary, then a card per input with its
 * thumbnail, verdict, per-cue score bars and explanations, and each spatial cue's heatmap drawn
 * over the thumbnail.
 *
 * <p>The page loads nothing: images are embedded as data URIs, the CSS is inline, there is no
 * JavaScript, and a Content-Security-Policy forbids any other source, so it can be mailed or
 * archived as one file and opened offline. Every piece of text is escaped, because paths, messages
 * and metadata quoted in explanations come from untrusted files.
 *
 * <pre>{@code
 * List<ReportItem> items = List.of(
 *     new ReportItem(verdict, Optional.of(HtmlReport.thumbnail(image.rgb(), 240))));
 * HtmlReport.write(Path.of("report.html"), items,
 *     new ReportInfo("verisim detect", "0.1.0", verdict.model(), Instant.now()));
 * }</pre>
 */
public final class HtmlReport {
  /** Default longest side of a thumbnail, in pixels. */
  public static final int THUMBNAIL_SIDE = 240;

  /** Most opaque a heatmap cell gets, so the picture stays visible underneath. */
  private static final int MAX_OVERLAY_ALPHA = 190;

  /** Plain-language meaning of cues verisim ships, shown for those that appear in the report. */
  private static final Map<String, String> CUE_MEANINGS =
      Map.of(
          "metadata",
          "what the file says about itself: AI-generation labels, generator software, camera"
              + " EXIF, C2PA content credentials. Easy to strip or forge, so missing metadata"
              + " proves nothing.",
          "spectrum",
          "regular patterns in the image's frequency spectrum, as left by the upsampling layers of"
              + " many generators.",
          "jpeg",
          "the file's JPEG compression history: its quality setting, signs that it was compressed"
              + " twice (as when an edited photo is saved again), and an error-level map of regions"
              + " that re-compress differently from the rest.",
          "noise",
          "how evenly the fine grain of sensor noise is spread: a pasted or retouched region often"
              + " has more or less noise than the rest of the picture.",
          "cnn",
          "a neural network trained on real and fake faces scores every face it finds (boxes on the"
              + " picture: red fake, green real, amber uncertain, each face on its own); the most"
              + " suspicious face counts. Its heatmap shows which parts of that face made it say"
              + " fake. With no face in the picture it does not count.",
          "frames",
          "for a video: the faces of sampled frames, followed from frame to frame and each scored by"
              + " the image model; a face's frames are pooled, and the most suspicious face counts."
              + " The plot shows the probability of fake second by second, with the uncertain band"
              + " shaded.",
          "flicker",
          "for a video: whether the face's brightness and sharpness wobble from one frame to the"
              + " next against the background, as a face made frame by frame and blended in often"
              + " does. Not calibrated, and not part of p_fake yet.");

  private static final String CSS =
      String.join(
          "\n",
          ":root{--fake:#c62828;--real:#2e7d32;--uncertain:#b26a00;--error:#616161;"
              + "--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--card:#fff;--bg:#f6f8fa}",
          "*{box-sizing:border-box}",
          "body{margin:0;padding:24px;background:var(--bg);color:var(--ink);"
              + "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
          "main{max-width:1100px;margin:0 auto}",
          "h1{font-size:24px;margin:0 0 4px}",
          "h2{font-size:16px;margin:0 0 6px;word-break:break-all;font-family:ui-monospace,"
              + "SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}",
          ".muted{color:var(--muted)}",
          ".summary{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}",
          ".count{background:var(--card);border:1px solid var(--line);border-radius:8px;"
              + "padding:10px 16px;min-width:110px}",
          ".count b{display:block;font-size:26px;line-height:1.1}",
          ".count.fake b{color:var(--fake)}.count.real b{color:var(--real)}",
          ".count.uncertain b{color:var(--uncertain)}.count.error b{color:var(--error)}",
          ".note{background:#fffbe6;border:1px solid #e8d58a;border-radius:8px;padding:10px 16px;"
              + "margin:0 0 20px}",
          ".note p{margin:6px 0}.note ul{margin:6px 0;padding-left:20px}",
          ".card{display:flex;gap:18px;background:var(--card);border:1px solid var(--line);"
              + "border-left:6px solid var(--muted);border-radius:8px;padding:16px;margin:0 0 14px}",
          ".card.fake{border-left-color:var(--fake)}.card.real{border-left-color:var(--real)}",
          ".card.uncertain{border-left-color:var(--uncertain)}",
          ".card.error{border-left-color:var(--error)}",
          ".images{display:flex;flex-wrap:wrap;gap:10px;flex:0 0 auto;max-width:500px;"
              + "align-content:flex-start}",
          "figure{margin:0}figcaption{font-size:12px;color:var(--muted);max-width:240px}",
          ".stack{position:relative;display:block;line-height:0}",
          ".stack img{display:block;max-width:240px;height:auto;border-radius:4px}",
          ".stack img.overlay{position:absolute;left:0;top:0;width:100%;height:100%}",
          ".noimage{width:160px;height:120px;display:flex;align-items:center;"
              + "justify-content:center;background:#eaeef2;border-radius:4px;color:var(--muted);"
              + "font-size:12px;text-align:center;padding:8px}",
          ".body{flex:1 1 auto;min-width:0}",
          ".badge{display:inline-block;color:#fff;border-radius:4px;padding:1px 8px;"
              + "font-weight:700;font-size:13px;letter-spacing:.04em;text-transform:uppercase}",
          ".badge.fake{background:var(--fake)}.badge.real{background:var(--real)}",
          ".badge.uncertain{background:var(--uncertain)}.badge.error{background:var(--error)}",
          ".facts{margin:0 0 10px}",
          ".pfake{font-weight:700}",
          "table.cues{border-collapse:collapse;width:100%}",
          "table.cues td{padding:6px 8px 6px 0;vertical-align:top;border-top:1px solid #eaeef2}",
          "td.name{font-weight:600;white-space:nowrap}",
          "td.score{width:190px}",
          ".bar{height:10px;background:#eaeef2;border-radius:5px;overflow:hidden;margin-top:5px}",
          ".bar span{display:block;height:100%}",
          ".num{font-size:12px;color:var(--muted)}",
          ".err{background:#f3f4f6;border-radius:6px;padding:8px 10px;word-break:break-word}",
          ".err code{font-weight:700}",
          ".legend{display:inline-block;width:90px;height:8px;vertical-align:middle;"
              + "border-radius:4px;background:linear-gradient(90deg,rgba(255,220,0,0),"
              + "rgba(255,0,0,.75))}",
          "figure.timeline{margin:4px 0 10px}figure.timeline figcaption{max-width:480px}",
          "svg.timeline{max-width:100%;height:auto}",
          "footer{margin-top:24px;font-size:12px;color:var(--muted)}",
          "@media (max-width:700px){.card{flex-direction:column}.images{max-width:none}}");

  private HtmlReport() {}

  /** Writes the report to a file, replacing it, as UTF-8. */
  public static void write(Path out, List<ReportItem> items, ReportInfo info) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      render(w, items, info);
    }
  }

  /** Writes the report's HTML to a writer (for example an HTTP response); does not close it. */
  public static void render(Writer w, List<ReportItem> items, ReportInfo info) throws IOException {
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Defence in depth: even if escaping missed something, the page can load and run nothing.
    w.write(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "img-src data:; style-src 'unsafe-inline'\">\n");
    w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.write("<title>" + escape(info.title()) + "</title>\n<style>\n" + CSS + "\n</style>\n");
    w.write("</head>\n<body>\n<main>\n");
    writeHeader(w, items, info);
    writeNote(w, items);
    for (ReportItem item : items) {
      writeCard(w, item);
    }
    w.write(
        "<footer>Written by verisim "
            + escape(info.verisimVersion())
            + ". This page is self-contained: it loads nothing from the network.</footer>\n");
    w.write("</main>\n</body>\n</html>\n");
  }

  /**
   * A copy scaled so its longest side is at most {@code maxSide}, as TYPE_INT_RGB; never enlarged.
   * Halves repeatedly before the last bilinear step, which keeps fine detail from aliasing.
   */
  public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("thumbnail side must be at least 1, got " + maxSide);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    double scale = Math.min(1.0, maxSide / (double) Math.max(w, h));
    int targetW = Math.max(1, (int) Math.round(w * scale));
    int targetH = Math.max(1, (int) Math.round(h * scale));
    BufferedImage current = toRgb(image);
    while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
      current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    if (current.getWidth() != targetW || current.getHeight() != targetH) {
      current = resize(current, targetW, targetH);
    }
    return current == image ? copy(image) : current;
  }

  /**
   * Outlines, on a thumbnail, each face the verdict's cues scored: red when that face alone would
   * be called fake, green when real, amber when uncertain. A whole-image fallback is not drawn.
   *
   * @param originalWidth the width of the image the face boxes refer to
   */
  public static void drawFaces(BufferedImage thumbnail, int originalWidth, Verdict verdict) {
    double scale = thumbnail.getWidth() / (double) Math.max(1, originalWidth);
    java.awt.Graphics2D g = thumbnail.createGraphics();
    try {
      g.setStroke(new java.awt.BasicStroke(2f));
      for (var cue : verdict.cues()) {
        for (FaceRegion f : cue.faces()) {
          if (f.wholeImage()) {
            continue;
          }
          g.setColor(
              switch (verdict.band().classify(f.pFake())) {
                case FAKE -> FACE_FAKE;
                case REAL -> FACE_REAL;
                default -> FACE_UNCERTAIN;
              });
          g.drawRect(
              (int) Math.round(f.x() * scale),
              (int) Math.round(f.y() * scale),
              Math.max(1, (int) Math.round(f.width() * scale) - 1),
              Math.max(1, (int) Math.round(f.height() * scale) - 1));
        }
      }
    } finally {
      g.dispose();
    }
  }

  static final java.awt.Color FACE_FAKE = new java.awt.Color(0xD0, 0x20, 0x20);
  static final java.awt.Color FACE_REAL = new java.awt.Color(0x20, 0xA0, 0x40);
  static final java.awt.Color FACE_UNCERTAIN = new java.awt.Color(0xE0, 0xA0, 0x00);

  /**
   * The heatmap as a transparent-to-red image of the given size: cell (x, y) covers the pixels
   * {@code [x*width/grid.width, (x+1)*width/grid.width)}, as {@link Heatmap} defines.
   */
  static BufferedImage overlay(Heatmap heatmap, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    float[] values = heatmap.values();
    for (int py = 0; py < height; py++) {
      int cy = (int) ((long) py * heatmap.height() / height);
      for (int px = 0; px < width; px++) {
        int cx = (int) ((long) px * heatmap.width() / width);
        float v = values[cy * heatmap.width() + cx];
        double s = Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
        // Yellow at low suspicion turning red at high, fading in with the value.
        int alpha = (int) Math.round(MAX_OVERLAY_ALPHA * s);
        int green = (int) Math.round(220 * (1 - s));
        out.setRGB(px, py, (alpha << 24) | (255 << 16) | (green << 8));
      }
    }
    return out;
  }

  private static void writeHeader(Writer w, List<ReportItem> items, ReportInfo info)
      throws IOException {
    Map<Label, Integer> counts = new EnumMap<>(Label.class);
    Set<UncertainBand> bands = new LinkedHashSet<>();
    for (ReportItem item : items) {
      counts.merge(item.verdict().label(), 1, Integer::sum);
      bands.add(item.verdict().band());
    }
    w.write("<header>\n<h1>" + escape(info.title()) + "</h1>\n");
    w.write(
        "<p class=\"muted\">Created "
            + escape(
                DateTimeFormatter.ISO_INSTANT.format(
                    info.created().truncatedTo(ChronoUnit.SECONDS)))
            + " by verisim "
            + escape(info.verisimVersion())
            + " &middot; model <b>"
            + escape(info.model().id())
            + "</b> version "
            + escape(info.model().version())
            + "</p>\n</header>\n");
    w.write("<section class=\"summary\">\n");
    w.write(countBox("total", "inputs", items.size()));
    for (Label label : Label.values()) {
      w.write(countBox(label.id(), label.id(), counts.getOrDefault(label, 0)));
    }
    w.write("</section>\n");
    if (bands.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (UncertainBand band : bands) {
      text.append(text.length() == 0 ? "" : "; ")
          .append(number(band.low()))
          .append(" to ")
          .append(number(band.high()));
    }
    w.write(
        "<p>Uncertain band: a calibrated p_fake from <b>"
            + escape(text.toString())
            + "</b> (bounds included) is reported as <i>uncertain</i> rather than guessed; below"
            + " it is <i>real</i>, above it <i>fake</i>.</p>\n");
  }

  private static String countBox(String cssClass, String label, int count) {
    return "<div class=\"count "
        + escape(cssClass)
        + "\"><b>"
        + count
        + "</b>"
        + escape(label)
        + "</div>\n";
  }

  private static void writeNote(Writer w, List<ReportItem> items) throws IOException {
    w.write("<section class=\"note\">\n<p><b>How to read this report.</b> ");
    w.write(
        "Each cue is an independent test of the file. Its score runs from 0 (looks like a"
            + " camera photo) to 1 (looks generated or manipulated); cue scores are not"
            + " probabilities. p_fake combines them into a calibrated probability. Scores are"
            + " evidence, not proof: heavy editing or compression can make a real photo look"
            + " suspicious, and a generated image can pass every test. A heatmap shows where a cue"
            + " found the image most suspicious (yellow to red), not an outline of what was"
            + " changed. C2PA <i>present</i> means content credentials are embedded, not that they"
            + " were verified.</p>\n");
    Set<String> names = new LinkedHashSet<>();
    for (ReportItem item : items) {
      for (CueEvidence cue : item.verdict().cues()) {
        names.add(cue.name());
      }
    }
    StringBuilder list = new StringBuilder();
    for (String name : names) {
      String meaning = CUE_MEANINGS.get(name);
      if (meaning != null) {
        list.append("<li><b>").append(escape(name)).append("</b>: ");
        list.append(escape(meaning)).append("</li>\n");
      }
    }
    if (list.length() > 0) {
      w.write("<ul>\n" + list + "</ul>\n");
    }
    w.write("</section>\n");
  }

  private static void writeCard(Writer w, ReportItem item) throws IOException {
    Verdict v = item.verdict();
    String label = v.label().id();
    w.write("<article class=\"card " + label + "\">\n<div class=\"images\">\n");
    writeImages(w, item);
    w.write("</div>\n<div class=\"body\">\n<h2>" + escape(v.path()) + "</h2>\n");
    StringBuilder facts = new StringBuilder();
    facts.append("<span class=\"badge ").append(label).append("\">").append(label);
    facts.append("</span> ");
    if (v.pFake().isPresent()) {
      facts.append("<span class=\"pfake\">p_fake ");
      facts.append(number(v.pFake().getAsDouble())).append("</span> &middot; ");
    }
    facts.append(escape(v.media())).append(" &middot; ").append(v.elapsedMs()).append(" ms");
    if (v.error().isEmpty()) {
      facts.append(" &middot; C2PA: ").append(escape(v.provenance().c2pa()));
      facts.append(" &middot; watermark: ");
      String watermark = v.provenance().watermark();
      facts.append(
          watermark == null
              ? "not checked (watermark detection is not built yet)"
              : "<b>" + escape(watermark) + "</b>");
    }
    w.write("<p class=\"facts\">" + facts + "</p>\n");
    if (v.details().orElse(null) instanceof VideoDetails video) {
      writeVideo(w, video, v.band());
    }
    if (v.error().isPresent()) {
      VerdictError error = v.error().get();
      w.write(
          "<p class=\"err\">Could not be analysed: <code>"
              + escape(error.code().id())
              + "</code> &mdash; "
              + escape(error.message())
              + "</p>\n");
    }
    if (!v.cues().isEmpty()) {
      w.write("<table class=\"cues\">\n");
      for (CueEvidence cue : v.cues()) {
        writeCueRow(w, cue);
      }
      w.write("</table>\n");
    }
    w.write("</div>\n</article>\n");
  }

  private static void writeVideo(Writer w, VideoDetails d, UncertainBand band) throws IOException {
    long faces = d.tracks().stream().filter(t -> !t.wholeFrame()).count();
    w.write(
        String.format(
            Locale.ROOT,
            "<p class=\"muted\">%.1f s, %dx%d, %.3g fps, %s; %d of %d frames analysed (%.3g a"
                + " second); %d face%s followed</p>%n",
            d.durationSeconds(),
            d.width(),
            d.height(),
            d.fps(),
            escape(d.codec()),
            d.framesSampled(),
            d.framesDecoded(),
            d.sampleFps(),
            faces,
            faces == 1 ? "" : "s"));
    w.write("<figure class=\"timeline\">" + timelineSvg(d, band));
    w.write(
        "<figcaption>p_fake second by second (the most suspicious face of each sampled frame,"
            + " pooled per second); shaded: the uncertain band</figcaption></figure>\n");
  }

  /**
   * An inline SVG plot of a video's timeline: p_fake per second as a line with dots (a second with
   * nothing scored breaks the line), over the uncertain band shaded in amber.
   */
  static String timelineSvg(VideoDetails d, UncertainBand band) {
    int width = 480;
    int height = 130;
    int left = 34;
    int right = 8;
    int top = 8;
    int bottom = 22;
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    double span =
        Math.max(
            1.0,
            Math.max(
                d.durationSeconds(),
                d.timeline().isEmpty()
                    ? 0
                    : d.timeline().get(d.timeline().size() - 1).second() + 1));
    java.util.function.DoubleUnaryOperator x = t -> left + plotW * t / span;
    java.util.function.DoubleUnaryOperator y = p -> top + plotH * (1 - p);
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"p_fake per"
                + " second\"><title>p_fake per second</title>",
            width,
            height,
            width,
            height));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\""
                + " stroke=\"#d0d7de\"/>",
            left,
            top,
            plotW,
            plotH));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"band\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                + " fill=\"#e0a000\" fill-opacity=\"0.18\"/>",
            left,
            y.applyAsDouble(band.high()),
            plotW,
            y.applyAsDouble(band.low()) - y.applyAsDouble(band.high())));
    for (double p : new double[] {0, 0.5, 1}) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\""
                  + " fill=\"#59636e\">%.1f</text>",
              left - 4,
              y.applyAsDouble(p) + 3,
              p));
    }
    int ticks = (int) Math.min(10, Math.ceil(span));
    for (int i = 0; i <= ticks; i++) {
      double t = span * i / ticks;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\""
                  + " fill=\"#59636e\">%.0f s</text>",
              x.applyAsDouble(t),
              height - 6,
              t));
    }
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (VideoDetails.TimelinePoint pt : d.timeline()) {
      if (pt.pFake().isEmpty()) {
        if (line.length() > 0) {
          svg.append(polyline(line));
          line.setLength(0);
        }
        continue;
      }
      double px = x.applyAsDouble(pt.second() + 0.5);
      double py = y.applyAsDouble(pt.pFake().getAsDouble());
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      String colour =
          switch (band.classify(pt.pFake().getAsDouble())) {
            case FAKE -> "#c62828";
            case REAL -> "#2e7d32";
            default -> "#b26a00";
          };
      dots.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%d s: p_fake"
                  + " %.2f, %d face%s</title></circle>",
              px,
              py,
              colour,
              pt.second(),
              pt.pFake().getAsDouble(),
              pt.faces(),
              pt.faces() == 1 ? "" : "s"));
    }
    if (line.length() > 0) {
      svg.append(polyline(line));
    }
    svg.append(dots).append("</svg>");
    return svg.toString();
  }

  private static String polyline(CharSequence points) {
    return "<polyline fill=\"none\" stroke=\"#1f2328\" stroke-width=\"1.5\" points=\""
        + points.toString().trim()
        + "\"/>";
  }

  private static void writeImages(Writer w, ReportItem item) throws IOException {
    Optional<BufferedImage> thumb = item.thumbnail();
    String thumbUri = thumb.map(t -> dataUri(t, "jpeg")).orElse(null);
    if (thumbUri != null) {
      w.write(
          "<figure><div class=\"stack\"><img src=\""
              + thumbUri
              + "\" width=\""
              + thumb.get().getWidth()
              + "\" height=\""
              + thumb.get().getHeight()
              + "\" alt=\"thumbnail\"></div><figcaption>"
              + (item.verdict().media().equals("video")
                  ? "the most suspicious sampled frame"
                  : "input")
              + "</figcaption></figure>\n");
    } else {
      w.write("<div class=\"noimage\">no preview</div>\n");
    }
    for (CueEvidence cue : item.verdict().cues()) {
      if (cue.heatmap().isEmpty()) {
        continue;
      }
      Heatmap heatmap = cue.heatmap().get();
      String caption =
          escape(cue.name())
              + ": "
              + escape(heatmap.what())
              + "<br>low <span class=\"legend\" title=\"low to high suspicion\"></span> high";
      int width;
      int height;
      String base;
      if (thumb.isPresent()) {
        width = thumb.get().getWidth();
        height = thumb.get().getHeight();
        base = thumbUri;
      } else {
        // No picture to draw on: a neutral grey field with the grid's aspect ratio.
        double scale = 160.0 / Math.max(heatmap.width(), heatmap.height());
        width = Math.max(1, (int) Math.round(heatmap.width() * scale));
        height = Math.max(1, (int) Math.round(heatmap.height() * scale));
        base = dataUri(grey(width, height), "png");
      }
      String overlayUri = dataUri(overlay(heatmap, width, height), "png");
      w.write(
          "<figure><div class=\"stack\"><img src=\""
              + base
              + "\" width=\""
              + width
              + "\" height=\""
              + height
              + "\" alt=\"\"><img class=\"overlay\" src=\""
              + overlayUri
              + "\" alt=\""
              + escape(cue.name())
              + " heatmap\"></div><figcaption>"
              + caption
              + "</figcaption></figure>\n");
    }
  }

  private static void writeCueRow(Writer w, CueEvidence cue) throws IOException {
    double score = cue.score();
    // Green at 0 through amber to red at 1; the number is printed too, colour is not the message.
    long hue = Math.round(120 * (1 - score));
    String percent = String.format(Locale.ROOT, "%.1f", 100 * score);
    w.write(
        "<tr><td class=\"name\">"
            + escape(cue.name())
            + "</td><td class=\"score\"><span class=\"num\">score "
            + number(score)
            + "</span><div class=\"bar\" role=\"img\" aria-label=\"score "
            + number(score)
            + "\"><span style=\"width:"
            + percent
            + "%;background:hsl("
            + hue
            + ",65%,42%)\"></span></div></td><td>"
            + escape(cue.explanation())
            + "</td></tr>\n");
  }

  /**
   * Text made safe for HTML element content and quoted attribute values. Control characters, which
   * HTML forbids, become U+FFFD so a hostile path cannot break the page.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
          out.append(control ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  private static String number(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String dataUri(BufferedImage image, String format) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return "data:image/"
          + format
          + ";base64,"
          + Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage grey(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0x9AA4AE));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return img;
  }

  private static BufferedImage resize(BufferedImage src, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  private static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    return copy(image);
  }

  /** A TYPE_INT_RGB copy; transparent pixels become white, as a viewer would show them. */
  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }
}
