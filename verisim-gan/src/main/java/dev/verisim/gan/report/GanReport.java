package dev.verisim.gan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.gan.report.SvgChart.Series;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML report of a GAN training run, written into the run folder as {@code report.html}.
 *
 * <p>It reads what the trainer writes there: {@code run.json} (an object with {@code config},
 * {@code data}, {@code versions} and optionally {@code quality}, each shown as a table; nested
 * objects are flattened to dotted keys), {@code training-log.jsonl} (see {@link TrainingLog}; shown
 * as a summary and two line charts: the losses, then every other numeric field but {@code
 * elapsed_s}) and the sample grids {@code samples/grid-NNNNNN.png} (the latest large, and up to
 * {@value #STRIP} evenly spaced from first to last in a strip). A missing log or samples folder
 * just leaves its part out, so the report can be written at any time during training.
 *
 * <p>The page is self-contained: no script, font or stylesheet is loaded, a Content-Security-Policy
 * forbids them, and the grids are referenced by their path relative to the page ({@code
 * samples/...}), so the folder can be copied or served as it is. All text from the run is escaped.
 */
public final class GanReport {
  /** The page's file name inside the run folder. */
  public static final String FILE = "report.html";

  static final String RUN_JSON = "run.json";
  static final String SAMPLES = "samples";

  /** At most this many grids in the strip of earlier samples. */
  static final int STRIP = 12;

  private static final Pattern GRID = Pattern.compile("grid-(\\d{1,18})\\.png");
  private static final List<String> LOSSES = List.of("d_loss", "g_loss");

  private static final Map<String, String> QUALITY_MEANING =
      Map.of(
          "swd_vs_held_out",
          "sliced Wasserstein distance, samples against held-out real images; lower is better",
          "swd_real_halves",
          "the same between two halves of the real images: the floor to compare with",
          "diversity_ms_ssim",
          "mean MS-SSIM between pairs of samples; lower is more diverse (near 1: collapse)");

  private static final String CSS =
      String.join(
          "\n",
          ":root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#f6f8fa}",
          "body{margin:0;padding:24px;background:var(--bg);color:var(--ink);"
              + "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
          "main{max-width:1100px;margin:0 auto}h1{font-size:24px;margin:0 0 4px}",
          "h2{font-size:18px;margin:28px 0 8px}.muted{color:var(--muted)}",
          "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
              + "word-break:break-all}",
          "table{border-collapse:collapse;background:#fff;border:1px solid var(--line)}",
          "th,td{padding:5px 12px;border-top:1px solid #eaeef2;text-align:left;"
              + "vertical-align:top}",
          "td.num{text-align:right;font-variant-numeric:tabular-nums}",
          "figure{margin:0 0 16px;background:#fff;border:1px solid var(--line);border-radius:8px;"
              + "padding:12px}figcaption{font-size:13px;color:var(--muted)}",
          ".latest img{display:block;width:100%;max-width:768px;height:auto;"
              + "image-rendering:pixelated}",
          ".strip{display:flex;flex-wrap:wrap;gap:8px}",
          ".strip figure{padding:6px;margin:0}",
          ".strip img{display:block;width:150px;height:auto;image-rendering:pixelated}",
          "svg{display:block;width:100%;height:auto}",
          "svg text{font:11px system-ui,sans-serif;fill:var(--muted)}",
          "svg .grid{stroke:#eaeef2}svg .frame{fill:none;stroke:var(--line)}",
          "svg .series{fill:none;stroke-width:1.5;stroke-linejoin:round}",
          ".legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 18px;"
              + "font-size:13px}",
          ".swatch{display:inline-block;width:18px;border-top:3px solid;margin-right:6px;"
              + "vertical-align:middle}.swatch.dashed{border-top-style:dashed}",
          "footer{margin-top:24px;font-size:12px;color:var(--muted)}");

  private GanReport() {}

  /** The page's stylesheet, which also styles {@link SvgChart}'s figures; for other reports. */
  public static String stylesheet() {
    return CSS;
  }

  /**
   * Writes {@code runDir/report.html}, replacing it atomically: a reader sees the old page or the
   * new one, never part of one.
   *
   * @return the page written
   * @throws IOException if {@code run.json} is missing or not a JSON object, a line of the training
   *     log is malformed (the message names the file and line), or the page cannot be written
   */
  public static Path write(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new NotDirectoryException(runDir.toString());
    }
    JsonNode run = readRun(runDir.resolve(RUN_JSON));
    TrainingLog log = TrainingLog.read(runDir);
    List<Grid> grids = grids(runDir.resolve(SAMPLES));
    String html = render(runDir, run, log, grids);
    Path out = runDir.resolve(FILE);
    Path tmp = Files.createTempFile(runDir, "." + FILE + ".", ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
      if (posix != null) {
        posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return out;
  }

  private static JsonNode readRun(Path file) throws IOException {
    JsonNode run;
    try {
      run = TrainingLog.JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (run == null || !run.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    return run;
  }

  /** A sample grid: its step and its path relative to the run folder. */
  record Grid(long step, String href) {}

  private static List<Grid> grids(Path samples) throws IOException {
    List<Grid> grids = new ArrayList<>();
    if (!Files.isDirectory(samples)) {
      return grids;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(samples)) {
      for (Path f : files) {
        Matcher m = GRID.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          grids.add(new Grid(Long.parseLong(m.group(1)), SAMPLES + "/" + f.getFileName()));
        }
      }
    }
    grids.sort(Comparator.comparingLong(Grid::step).thenComparing(Grid::href));
    return grids;
  }

  /** At most {@code max} of the grids, evenly spaced, the first and last among them. */
  static List<Grid> evenlySpaced(List<Grid> grids, int max) {
    if (grids.size() <= max) {
      return grids;
    }
    List<Grid> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      out.add(grids.get((int) Math.round(i * (grids.size() - 1) / (double) (max - 1))));
    }
    return out;
  }

  private static String render(Path runDir, JsonNode run, TrainingLog log, List<Grid> grids) {
    Path abs = runDir.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    StringBuilder w = new StringBuilder(16384);
    w.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "img-src 'self' file:; style-src 'unsafe-inline'\">\n")
        .append("<title>Training report: ")
        .append(escape(name))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("\n</style>\n</head>\n<body>\n<main>\n<h1>Training report: ")
        .append(escape(name))
        .append("</h1>\n<p class=\"muted\">Run folder <code>")
        .append(escape(abs.toString()))
        .append("</code></p>\n");
    JsonNode config = run.path("config");
    summary(w, log, config, grids);
    samples(w, grids);
    charts(w, log);
    JsonNode quality = run.path("quality");
    if (quality.isObject()) {
      w.append("<h2>Quality</h2>\n<table id=\"quality\">\n")
          .append("<tr><th>metric</th><th>value</th><th>meaning</th></tr>\n");
      for (Map.Entry<String, String> e : flatten(quality).entrySet()) {
        w.append("<tr><td>")
            .append(escape(e.getKey()))
            .append("</td><td class=\"num\">")
            .append(escape(e.getValue()))
            .append("</td><td class=\"muted\">")
            .append(escape(QUALITY_MEANING.getOrDefault(e.getKey(), "")))
            .append("</td></tr>\n");
      }
      w.append("</table>\n");
    }
    table(w, "config", "Configuration", config);
    table(w, "data", "Data", run.path("data"));
    table(w, "versions", "Versions", run.path("versions"));
    w.append("<footer>Written by verisim-gan from <code>run.json</code>, <code>")
        .append(TrainingLog.FILE)
        .append("</code> and <code>samples/</code>. The page is self-contained: it loads nothing")
        .append(" from the network and runs no script.</footer>\n</main>\n</body>\n</html>\n");
    return w.toString();
  }

  private static void summary(StringBuilder w, TrainingLog log, JsonNode config, List<Grid> grids) {
    w.append("<h2>Summary</h2>\n<table id=\"summary\">\n");
    List<TrainingLog.Row> rows = log.rows();
    if (rows.isEmpty()) {
      summaryRow(w, "steps-done", "steps done", "none logged yet");
    } else {
      long done = rows.get(rows.size() - 1).step();
      String steps = String.valueOf(done);
      JsonNode planned = config.path("steps");
      if (planned.canConvertToExactIntegral() && planned.asLong() > 0) {
        steps +=
            " of "
                + planned.asLong()
                + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / planned.asLong());
      }
      summaryRow(w, "steps-done", "steps done", steps);
      summaryRow(w, "wall-time", "wall time", duration(log.last("elapsed_s")));
      summaryRow(w, "median-steps-per-s", "median steps/s", number(log.median("steps_per_s")));
      for (String loss : LOSSES) {
        if (log.fields().contains(loss)) {
          summaryRow(w, "last-" + loss.replace('_', '-'), "last " + loss, number(log.last(loss)));
        }
      }
      String logged = String.valueOf(rows.size());
      if (log.superseded() > 0) {
        logged += " (" + log.superseded() + " more superseded when the run resumed)";
      }
      summaryRow(w, "logged-steps", "logged steps", logged);
    }
    summaryRow(w, "sample-grids", "sample grids", String.valueOf(grids.size()));
    w.append("</table>\n");
  }

  private static void summaryRow(StringBuilder w, String id, String name, String value) {
    w.append("<tr><th>")
        .append(escape(name))
        .append("</th><td class=\"num\" id=\"")
        .append(id)
        .append("\">")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  private static void samples(StringBuilder w, List<Grid> grids) {
    if (grids.isEmpty()) {
      return;
    }
    Grid latest = grids.get(grids.size() - 1);
    w.append("<h2>Samples</h2>\n<figure class=\"latest\"><img id=\"latest-grid\" src=\"")
        .append(escape(latest.href()))
        .append("\" alt=\"samples at step ")
        .append(latest.step())
        .append("\"><figcaption>Step ")
        .append(latest.step())
        .append(", the latest grid. Every grid uses the same latent vectors, so a cell shows one")
        .append(" latent through training.</figcaption></figure>\n");
    if (grids.size() > 1) {
      w.append("<div class=\"strip\">\n");
      for (Grid g : evenlySpaced(grids, STRIP)) {
        w.append("<figure><img src=\"")
            .append(escape(g.href()))
            .append("\" alt=\"samples at step ")
            .append(g.step())
            .append("\" loading=\"lazy\"><figcaption>step ")
            .append(g.step())
            .append("</figcaption></figure>\n");
      }
      w.append("</div>\n");
    }
  }

  private static void charts(StringBuilder w, TrainingLog log) {
    if (log.rows().isEmpty()) {
      return;
    }
    List<Series> losses = new ArrayList<>();
    List<Series> others = new ArrayList<>();
    for (String field : log.fields()) {
      if (field.equals("elapsed_s")) {
        continue;
      }
      double[][] xy = log.series(field);
      (LOSSES.contains(field) ? losses : others).add(new Series(field, xy[0], xy[1]));
    }
    losses.sort(Comparator.comparingInt(s -> LOSSES.indexOf(s.name())));
    w.append("<h2>Training</h2>\n");
    if (!losses.isEmpty()) {
      w.append(
          SvgChart.figure(
              "losses", "Discriminator and generator loss against training step.", losses));
    }
    if (!others.isEmpty()) {
      w.append(
          SvgChart.figure(
              "metrics",
              "Every other logged value against training step, on one linear axis: a value much"
                  + " smaller than the others shows as a flat line; its last value is in the"
                  + " legend.",
              others));
    }
  }

  private static void table(StringBuilder w, String id, String title, JsonNode node) {
    if (!node.isObject()) {
      return;
    }
    w.append("<h2>").append(escape(title)).append("</h2>\n<table id=\"").append(id).append("\">\n");
    for (Map.Entry<String, String> e : flatten(node).entrySet()) {
      w.append("<tr><th>")
          .append(escape(e.getKey()))
          .append("</th><td>")
          .append(escape(e.getValue()))
          .append("</td></tr>\n");
    }
    w.append("</table>\n");
  }

  /** The object's values by key, nested objects under dotted keys, arrays as compact JSON. */
  static Map<String, String> flatten(JsonNode object) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    flatten("", object, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject() && !v.isEmpty()) {
        flatten(key + ".", v, out);
      } else if (v.isValueNode()) {
        out.put(key, v.asText());
      } else {
        out.put(key, v.toString());
      }
    }
  }

  /** Seconds as {@code 52.1 s} or {@code 1:02:05 (3725 s)}; a dash when unknown. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "-";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d (%d s)", s / 3600, s / 60 % 60, s % 60, s);
  }

  /** Four significant digits, no trailing zeros; a dash for NaN. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-4 || a >= 1e9)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** Text made safe for HTML content and quoted attributes; control characters become U+FFFD. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
          out.append(control ? '\uFFFD' : c);
        }
      }
    }
    return out.toString();
  }
}
