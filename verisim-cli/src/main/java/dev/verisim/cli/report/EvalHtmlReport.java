package dev.verisim.cli.report;

import static dev.verisim.cli.report.HtmlReport.escape;

import dev.verisim.core.metrics.BinaryMetrics.Confusion;
import dev.verisim.core.metrics.BinaryMetrics.ReliabilityBin;
import dev.verisim.core.metrics.BinaryMetrics.RocPoint;
import dev.verisim.eval.EvalReport;
import dev.verisim.eval.EvalReport.ItemError;
import dev.verisim.eval.EvalReport.Metrics;
import dev.verisim.eval.EvalReport.RobustnessRow;
import dev.verisim.eval.EvalReport.SourceMetrics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The page of {@code verisim eval --report}: metrics with their meaning, an ROC curve and a
 * reliability diagram as inline SVG, the per-source and robustness tables. Self-contained and
 * escaped like {@link HtmlReport}: it loads nothing and runs nothing.
 */
public final class EvalHtmlReport {
  /** At most this many unanalysable items are listed by name. */
  static final int LISTED_ERRORS = 200;

  private static final int PLOT = 300;
  private static final int MARGIN = 40;

  private static final String CSS =
      String.join(
          "\n",
          ":root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#f6f8fa;--accent:#0969da;"
              + "--fake:#c62828}",
          "body{margin:0;padding:24px;background:var(--bg);color:var(--ink);"
              + "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
          "main{max-width:1100px;margin:0 auto}h1{font-size:24px;margin:0 0 4px}",
          "h2{font-size:18px;margin:24px 0 8px}.muted{color:var(--muted)}",
          "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
              + "word-break:break-all}",
          "table{border-collapse:collapse;background:#fff;border:1px solid var(--line)}",
          "th,td{padding:6px 12px;border-top:1px solid #eaeef2;text-align:left;"
              + "vertical-align:top}",
          "td.num{text-align:right;font-variant-numeric:tabular-nums}",
          ".plots{display:flex;flex-wrap:wrap;gap:24px}",
          "figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;"
              + "padding:8px}figcaption{font-size:13px;color:var(--muted);max-width:380px}",
          "svg text{font:11px system-ui,sans-serif;fill:var(--muted)}",
          "footer{margin-top:24px;font-size:12px;color:var(--muted)}");

  private EvalHtmlReport() {}

  /** Writes the page to a file, replacing it, as UTF-8. */
  public static void write(Path out, EvalReport report, ReportInfo info) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      render(w, report, info);
    }
  }

  /** Writes the page to a writer; does not close it. */
  public static void render(Writer w, EvalReport r, ReportInfo info) throws IOException {
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.write(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "style-src 'unsafe-inline'\">\n");
    w.write("<title>" + escape(info.title()) + "</title>\n<style>\n" + CSS + "\n</style>\n");
    w.write("</head>\n<body>\n<main>\n<h1>" + escape(info.title()) + "</h1>\n");
    w.write(
        "<p class=\"muted\">Data <code>"
            + escape(r.dataset())
            + "</code> &middot; "
            + r.n()
            + " items, "
            + r.errors().size()
            + " could not be analysed &middot; model "
            + escape(r.model().id())
            + " "
            + escape(r.model().version())
            + " &middot; uncertain band ["
            + fmt(r.band().low())
            + ", "
            + fmt(r.band().high())
            + "] &middot; "
            + escape(DateTimeFormatter.ISO_INSTANT.format(info.created()))
            + "</p>\n");
    writeMetrics(w, r.overall());
    w.write("<h2>Curves</h2>\n<div class=\"plots\">\n");
    w.write(
        "<figure>"
            + rocSvg(r.roc(), r.overall())
            + "<figcaption>ROC curve: fraction of fakes caught against fraction of reals"
            + " flagged, over every threshold. The diagonal is guessing; the dot marks the"
            + " model's own threshold 0.5.</figcaption></figure>\n");
    w.write(
        "<figure>"
            + reliabilitySvg(r.reliability())
            + "<figcaption>Reliability diagram: in each p_fake bin, the fraction that was"
            + " really fake. Bars on the diagonal mean p_fake can be read as a"
            + " probability.</figcaption></figure>\n");
    w.write("</div>\n");
    writeSources(w, r.perSource());
    writeRobustness(w, r.robustness());
    writeErrors(w, r.errors());
    w.write(
        "<footer>Written by verisim "
            + escape(info.verisimVersion())
            + ". This page is self-contained: it loads nothing from the network.</footer>\n");
    w.write("</main>\n</body>\n</html>\n");
  }

  private static void writeMetrics(Writer w, Metrics m) throws IOException {
    w.write("<h2>Metrics</h2>\n<table>\n<tr><th>metric</th><th>value</th><th>meaning</th></tr>\n");
    row(w, "items", m.real() + " real, " + m.fake() + " fake", "analysed items by label");
    row(w, "AUC", fmt(m.auc()), "chance that a random fake scores above a random real (0.5: none)");
    row(w, "average precision", fmt(m.averagePrecision()), "area under precision-recall, fake");
    row(
        w,
        "EER",
        fmt(m.eer().rate()) + " at " + fmt(m.eer().threshold()),
        "error rate where reals flagged equal fakes missed");
    row(w, "accuracy at 0.5", fmt(m.accuracy()), "fraction right at the model's own threshold");
    row(
        w,
        "best accuracy",
        fmt(m.bestAccuracy().rate()) + " at " + fmt(m.bestAccuracy().threshold()),
        "best any threshold reaches here, chosen in hindsight");
    row(w, "log loss", fmt(m.logLoss()), "mean surprise of p_fake; lower is better");
    row(w, "ECE", fmt(m.ece()), "mean gap between p_fake and the observed fraction of fakes");
    row(w, "uncertain", pct(m.uncertainFraction()), "share the detector called uncertain");
    row(
        w,
        "accuracy when decided",
        fmt(m.decidedAccuracy()),
        "fraction right among real/fake verdicts");
    w.write("</table>\n");
    Confusion c = m.confusion();
    w.write(
        "<h2>Confusion at 0.5</h2>\n<table>\n<tr><th></th><th>said fake</th><th>said real</th>"
            + "</tr>\n<tr><th>fake</th><td class=\"num\">"
            + c.truePositives()
            + "</td><td class=\"num\">"
            + c.falseNegatives()
            + "</td></tr>\n<tr><th>real</th><td class=\"num\">"
            + c.falsePositives()
            + "</td><td class=\"num\">"
            + c.trueNegatives()
            + "</td></tr>\n</table>\n");
  }

  private static void row(Writer w, String name, String value, String meaning) throws IOException {
    w.write(
        "<tr><td>"
            + escape(name)
            + "</td><td class=\"num\">"
            + escape(value)
            + "</td><td class=\"muted\">"
            + escape(meaning)
            + "</td></tr>\n");
  }

  private static void writeSources(Writer w, List<SourceMetrics> sources) throws IOException {
    w.write(
        "<h2>Per source</h2>\n<p class=\"muted\">Each source's fakes against every real; reals"
            + " judged alone (specificity: fraction with p_fake &le; 0.5).</p>\n<table>\n<tr>"
            + "<th>source</th><th>real</th><th>fake</th><th>AUC</th><th>AP</th><th>EER</th>"
            + "<th>fakes caught</th><th>specificity</th></tr>\n");
    for (SourceMetrics s : sources) {
      w.write(
          "<tr><td><code>"
              + escape(s.source())
              + "</code></td>"
              + cells(
                  String.valueOf(s.real()),
                  String.valueOf(s.fake()),
                  fmt(s.auc()),
                  fmt(s.averagePrecision()),
                  fmt(s.eer()),
                  fmt(s.fakeRecall()),
                  fmt(s.specificity()))
              + "</tr>\n");
    }
    w.write("</table>\n");
  }

  private static void writeRobustness(Writer w, List<RobustnessRow> rows) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    w.write(
        "<h2>Robustness</h2>\n<p class=\"muted\">The same items degraded in memory and analysed"
            + " again.</p>\n<table>\n<tr><th>condition</th><th>n</th><th>errors</th><th>AUC</th>"
            + "<th>accuracy</th><th>ECE</th></tr>\n");
    for (RobustnessRow row : rows) {
      w.write(
          "<tr><td><code>"
              + escape(row.condition())
              + "</code></td>"
              + cells(
                  String.valueOf(row.n()),
                  String.valueOf(row.errors()),
                  fmt(row.auc()),
                  fmt(row.accuracy()),
                  fmt(row.ece()))
              + "</tr>\n");
    }
    w.write("</table>\n");
  }

  private static void writeErrors(Writer w, List<ItemError> errors) throws IOException {
    if (errors.isEmpty()) {
      return;
    }
    w.write(
        "<h2>Not analysed</h2>\n<table>\n<tr><th>path</th><th>code</th><th>message</th></tr>\n");
    for (ItemError e : errors.subList(0, Math.min(LISTED_ERRORS, errors.size()))) {
      w.write(
          "<tr><td><code>"
              + escape(e.path())
              + "</code></td><td>"
              + escape(e.code())
              + "</td><td>"
              + escape(e.message())
              + "</td></tr>\n");
    }
    w.write("</table>\n");
    if (errors.size() > LISTED_ERRORS) {
      w.write("<p class=\"muted\">and " + (errors.size() - LISTED_ERRORS) + " more.</p>\n");
    }
  }

  private static String cells(String... values) {
    StringBuilder s = new StringBuilder();
    for (String v : values) {
      s.append("<td class=\"num\">").append(escape(v)).append("</td>");
    }
    return s.toString();
  }

  static String rocSvg(List<RocPoint> roc, Metrics m) {
    StringBuilder s = frame("ROC curve", "false-positive rate", "true-positive rate");
    s.append(line(0, 0, 1, 1, "#d0d7de", "4 4"));
    if (!roc.isEmpty()) {
      StringBuilder pts = new StringBuilder();
      for (RocPoint p : roc) {
        pts.append(x(p.falsePositiveRate()))
            .append(',')
            .append(y(p.truePositiveRate()))
            .append(' ');
      }
      s.append("<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
      Confusion c = m.confusion();
      if (!Double.isNaN(c.falsePositiveRate()) && !Double.isNaN(c.truePositiveRate())) {
        s.append("<circle r=\"4\" fill=\"#c62828\" cx=\"")
            .append(x(c.falsePositiveRate()))
            .append("\" cy=\"")
            .append(y(c.truePositiveRate()))
            .append("\"><title>threshold 0.5</title></circle>");
      }
    }
    return s.append("</svg>").toString();
  }

  static String reliabilitySvg(List<ReliabilityBin> bins) {
    StringBuilder s =
        frame("Reliability diagram", "p_fake bin (dot: its mean p_fake)", "fraction fake");
    s.append(line(0, 0, 1, 1, "#d0d7de", "4 4"));
    for (ReliabilityBin b : bins) {
      if (b.count() == 0) {
        continue;
      }
      double top = b.fractionFake();
      s.append("<rect fill=\"#0969da\" fill-opacity=\"0.6\" x=\"")
          .append(x(b.lower()) + 1)
          .append("\" y=\"")
          .append(y(top))
          .append("\" width=\"")
          .append(Math.max(1, x(b.upper()) - x(b.lower()) - 2))
          .append("\" height=\"")
          .append(y(0) - y(top))
          .append("\"><title>")
          .append(
              escape(
                  String.format(
                      Locale.ROOT,
                      "p_fake %.1f-%.1f: %d items, mean p_fake %.3f, fraction fake %.3f",
                      b.lower(),
                      b.upper(),
                      b.count(),
                      b.meanProbability(),
                      b.fractionFake())))
          .append("</title></rect>");
      s.append("<circle r=\"3\" fill=\"#c62828\" cx=\"")
          .append(x(b.meanProbability()))
          .append("\" cy=\"")
          .append(y(top))
          .append("\"/>");
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder frame(String title, String xLabel, String yLabel) {
    int size = PLOT + 2 * MARGIN;
    StringBuilder s = new StringBuilder();
    s.append("<svg width=\"")
        .append(size)
        .append("\" height=\"")
        .append(size)
        .append("\" viewBox=\"0 0 ")
        .append(size)
        .append(' ')
        .append(size)
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(title))
        .append("\">");
    s.append("<rect x=\"")
        .append(MARGIN)
        .append("\" y=\"")
        .append(MARGIN)
        .append("\" width=\"")
        .append(PLOT)
        .append("\" height=\"")
        .append(PLOT)
        .append("\" fill=\"#fff\" stroke=\"#59636e\"/>");
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      s.append(text(x(v), y(0) + 14, fmt1(v), "middle"));
      s.append(text(x(0) - 6, y(v) + 4, fmt1(v), "end"));
    }
    s.append(text(x(0.5), y(0) + 30, xLabel, "middle"));
    s.append("<text transform=\"translate(12 ")
        .append(y(0.5))
        .append(") rotate(-90)\" text-anchor=\"middle\">")
        .append(escape(yLabel))
        .append("</text>");
    return s;
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return "<line x1=\""
        + x(x1)
        + "\" y1=\""
        + y(y1)
        + "\" x2=\""
        + x(x2)
        + "\" y2=\""
        + y(y2)
        + "\" stroke=\""
        + colour
        + "\" stroke-dasharray=\""
        + dash
        + "\"/>";
  }

  private static String text(int x, int y, String text, String anchor) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + escape(text)
        + "</text>";
  }

  private static int x(double v) {
    return MARGIN + (int) Math.round(v * PLOT);
  }

  private static int y(double v) {
    return MARGIN + PLOT - (int) Math.round(v * PLOT);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "-";
  }
}
