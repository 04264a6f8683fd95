package dev.verisim.arena;

import static dev.verisim.gan.report.GanReport.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.label.AtomicFiles;
import dev.verisim.gan.report.GanReport;
import dev.verisim.gan.report.SvgChart;
import dev.verisim.gan.report.SvgChart.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arena's page, {@code report.html}, made from {@code arena.json} alone (so it can be written
 * again at any time): who is winning in plain words, a table of every round's numbers, charts of
 * detection and image quality per round, the forgetting matrix, and each round's sample grid
 * (linked beside the page, labelled AI-generated). Self-contained as {@code verisim gan}'s report:
 * inline SVG and CSS, no script, a Content-Security-Policy that loads nothing else.
 *
 * <p>Every number in the round table carries {@code data-round} and {@code data-metric} attributes
 * naming the {@code arena.json} field it shows, so a test (or a reader's script) can check them.
 */
public final class ArenaReport {
  public static final String FILE = "report.html";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String CSS_EXTRA =
      String.join(
          "\n",
          ".summary li{margin:4px 0}",
          ".grids{display:flex;flex-wrap:wrap;gap:12px}",
          ".grids figure{margin:0;padding:8px}",
          ".grids img{display:block;width:280px;height:auto;image-rendering:pixelated}",
          "td.cell{text-align:right;font-variant-numeric:tabular-nums}",
          "td.none{color:var(--muted);text-align:center}");

  private ArenaReport() {}

  /** Writes {@code out/report.html} from {@code out/arena.json}, replacing it atomically. */
  public static Path write(Path out) throws IOException {
    JsonNode arena = MAPPER.readTree(out.resolve(Arena.ARENA_JSON).toFile());
    Path file = out.resolve(FILE);
    AtomicFiles.write(file, render(out, arena).getBytes(StandardCharsets.UTF_8));
    return file;
  }

  static String render(Path out, JsonNode arena) {
    List<RoundResult> rounds = new ArrayList<>();
    arena.path("rounds").forEach(r -> rounds.add(RoundResult.fromJson(r)));
    List<String> launderings = new ArrayList<>();
    arena.path("config").path("launderings").forEach(l -> launderings.add(l.asText()));
    StringBuilder w = new StringBuilder(32768);
    w.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "img-src 'self' file:; style-src 'unsafe-inline'\">\n")
        .append("<title>Arena: generator against detector</title>\n<style>\n")
        .append(GanReport.stylesheet())
        .append('\n')
        .append(CSS_EXTRA)
        .append("\n</style>\n</head>\n<body>\n<main>\n")
        .append("<h1>Arena: generator against detector, ")
        .append(rounds.size())
        .append(rounds.size() == 1 ? " round" : " rounds")
        .append("</h1>\n<p class=\"muted\">Real images <code>")
        .append(escape(arena.path("data").path("root").asText()))
        .append("</code>: ")
        .append(arena.path("data").path("training").asInt())
        .append(" for training, ")
        .append(arena.path("data").path("held_out").asInt())
        .append(" held out for evaluation. Seed ")
        .append(arena.path("seed").asLong())
        .append(".</p>\n");
    if (arena.has("command")) {
      w.append("<p class=\"muted\"><code>")
          .append(escape(arena.path("command").asText()))
          .append("</code></p>\n");
    }
    w.append("<h2>Who is winning</h2>\n<ul class=\"summary\" id=\"summary\">\n");
    arena
        .path("summary")
        .forEach(s -> w.append("<li>").append(escape(s.asText())).append("</li>\n"));
    w.append("</ul>\n");
    w.append(
        "<p class=\"muted\">How to read it: AUC is the chance that the detector scores a random"
            + " fake above a random held-out real image (1: always caught, 0.5: guessing)."
            + " <em>Before</em> is the previous round's detector on this round's new fakes, the"
            + " generator's gain; <em>after</em> is the detector retrained on them, the"
            + " detector's answer. SWD (sliced Wasserstein distance, x1000) measures how far the"
            + " fakes are from held-out real images; two halves of the real images give the"
            + " floor.</p>\n");
    if (!rounds.isEmpty()) {
      table(w, rounds, launderings);
      charts(w, rounds, launderings);
      forgetting(w, rounds);
      grids(w, rounds);
    }
    w.append("<h2>Provenance</h2>\n<table id=\"provenance\">\n");
    flatten(w, "config", arena.path("config"));
    flatten(w, "data", arena.path("data"));
    flatten(w, "versions", arena.path("versions"));
    w.append("</table>\n<footer>Written by verisim from <code>")
        .append(Arena.ARENA_JSON)
        .append("</code>. Every image in the grids above is AI-generated by verisim and labelled")
        .append(" so: an invisible verisim watermark and XMP metadata with IPTC digital source")
        .append(" type trainedAlgorithmicMedia.</footer>\n</main>\n</body>\n</html>\n");
    return w.toString();
  }

  private static void table(StringBuilder w, List<RoundResult> rounds, List<String> launderings) {
    w.append("<h2>Rounds</h2>\n<table id=\"rounds\">\n<thead><tr><th>round</th>")
        .append("<th>generator steps</th><th>AUC before</th><th>AUC after</th>")
        .append("<th>lowest AUC on older fakes</th>");
    for (String l : launderings) {
      w.append("<th>AUC laundered ").append(escape(l)).append("</th>");
    }
    w.append("<th>SWD</th><th>SWD real halves</th><th>time</th></tr></thead>\n<tbody>\n");
    for (RoundResult r : rounds) {
      w.append("<tr><td>").append(r.round()).append("</td><td class=\"num\">");
      w.append(r.generatorSteps()).append("</td>");
      cell(w, r.round(), "auc_before", auc(r.aucBefore()));
      cell(w, r.round(), "auc_after", auc(r.aucAfter()));
      cell(w, r.round(), "auc_older_min", auc(r.worstOlderAuc()));
      for (String l : launderings) {
        Double v = r.aucLaundered().get(l);
        cell(w, r.round(), "auc_laundered:" + l, auc(v == null ? Double.NaN : v));
      }
      cell(w, r.round(), "swd", fixed(r.swd(), 2));
      cell(w, r.round(), "swd_real_halves", fixed(r.swdRealHalves(), 2));
      Double total = r.seconds().get("total");
      w.append("<td class=\"num\">")
          .append(total == null ? "-" : String.format(Locale.ROOT, "%.0f s", total))
          .append("</td></tr>\n");
    }
    w.append("</tbody>\n</table>\n");
  }

  private static void cell(StringBuilder w, int round, String metric, String text) {
    w.append("<td class=\"num\" data-round=\"")
        .append(round)
        .append("\" data-metric=\"")
        .append(escape(metric))
        .append("\">")
        .append(text)
        .append("</td>");
  }

  /** An AUC as printed everywhere in the report: 4 decimals, a dash when undefined. */
  static String auc(double v) {
    return fixed(v, 4);
  }

  static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
  }

  private static void charts(StringBuilder w, List<RoundResult> rounds, List<String> launderings) {
    int n = rounds.size();
    double[] xs = new double[n];
    double[] before = new double[n];
    double[] after = new double[n];
    double[] older = new double[n];
    double[] swd = new double[n];
    double[] floor = new double[n];
    for (int i = 0; i < n; i++) {
      RoundResult r = rounds.get(i);
      xs[i] = r.round();
      before[i] = r.aucBefore();
      after[i] = r.aucAfter();
      older[i] = r.worstOlderAuc();
      swd[i] = r.swd();
      floor[i] = r.swdRealHalves();
    }
    List<Series> detection = new ArrayList<>();
    detection.add(new Series("AUC before retraining (previous detector, new fakes)", xs, before));
    detection.add(new Series("AUC after retraining", xs, after));
    detection.add(new Series("lowest AUC on an older round's fakes", xs, older));
    for (String l : launderings) {
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        Double v = rounds.get(i).aucLaundered().get(l);
        ys[i] = v == null ? Double.NaN : v;
      }
      detection.add(new Series("AUC after, fakes laundered " + l, xs, ys));
    }
    w.append("<h2>Detection and quality per round</h2>\n")
        .append(
            SvgChart.figure(
                "detection",
                "The detector's AUC on each round's new fakes against held-out real images:"
                    + " before and after it retrains, on older rounds' fakes, and on the new"
                    + " fakes laundered (real images untouched). Round 1 has no 'before'.",
                "round",
                detection))
        .append(
            SvgChart.figure(
                "quality",
                "Sliced Wasserstein distance (x1000) of each round's fakes to held-out real"
                    + " images; lower is closer. Two halves of the real images give the floor.",
                "round",
                List.of(
                    new Series("SWD fakes vs held-out reals", xs, swd),
                    new Series("SWD between two halves of the reals", xs, floor))));
    double[][] m = Arena.forgetting(rounds);
    List<Series> perFakes = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double[] ys = new double[n];
      for (int d = 0; d < n; d++) {
        ys[d] = m[d][k];
      }
      perFakes.add(new Series("round " + (k + 1) + "'s fakes", xs, ys));
    }
    w.append(
        SvgChart.figure(
            "older",
            "Each round's fakes as the detector of each round sees them: a line that falls after"
                + " its own round means the detector forgets those fakes.",
            "detector round",
            perFakes));
  }

  private static void forgetting(StringBuilder w, List<RoundResult> rounds) {
    double[][] m = Arena.forgetting(rounds);
    w.append("<h2>Forgetting matrix</h2>\n<p class=\"muted\">AUC of the detector of each round")
        .append(" (rows) on the fakes of each round (columns). The diagonal is 'after', the cell")
        .append(" right of it the next round's 'before', cells left of it older fakes.</p>\n")
        .append("<table id=\"forgetting\">\n<thead><tr><th>detector \\ fakes</th>");
    for (int k = 0; k < m.length; k++) {
      w.append("<th>round ").append(k + 1).append("</th>");
    }
    w.append("</tr></thead>\n<tbody>\n");
    for (int d = 0; d < m.length; d++) {
      w.append("<tr><th>round ").append(d + 1).append("</th>");
      for (int k = 0; k < m.length; k++) {
        double v = m[d][k];
        if (!Double.isFinite(v)) {
          w.append("<td class=\"none\">-</td>");
          continue;
        }
        // Red where the detector is fooled (0.5), green where it catches everything (1).
        double t = Math.max(0, Math.min(1, (v - 0.5) * 2));
        int red = (int) Math.round(255 - 90 * t);
        int green = (int) Math.round(165 + 90 * t);
        w.append(
                String.format(
                    Locale.ROOT,
                    "<td class=\"cell\" style=\"background:rgb(%d,%d,200)\" data-detector=\"%d\""
                        + " data-fakes=\"%d\">",
                    red,
                    green,
                    d + 1,
                    k + 1))
            .append(auc(v))
            .append("</td>");
      }
      w.append("</tr>\n");
    }
    w.append("</tbody>\n</table>\n");
  }

  private static void grids(StringBuilder w, List<RoundResult> rounds) {
    w.append("<h2>Samples per round</h2>\n<p class=\"muted\">Each round's first evaluation")
        .append(" fakes (AI-generated, labelled with verisim's watermark and XMP), beside held-out")
        .append(" real images.</p>\n<div class=\"grids\">\n")
        .append("<figure><img src=\"reals.png\" alt=\"held-out real images\">")
        .append("<figcaption>held-out real images</figcaption></figure>\n");
    for (RoundResult r : rounds) {
      String href = Arena.roundDir(r.round()) + "/" + Arena.SAMPLES;
      w.append("<figure><img src=\"")
          .append(escape(href))
          .append("\" alt=\"AI-generated samples of round ")
          .append(r.round())
          .append("\" loading=\"lazy\"><figcaption>round ")
          .append(r.round())
          .append(", AI-generated; SWD ")
          .append(fixed(r.swd(), 1))
          .append("</figcaption></figure>\n");
    }
    w.append("</div>\n");
  }

  private static void flatten(StringBuilder w, String prefix, JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(w, prefix + "." + e.getKey(), e.getValue());
      }
      return;
    }
    if (node.isMissingNode()) {
      return;
    }
    w.append("<tr><th>")
        .append(escape(prefix))
        .append("</th><td><code>")
        .append(escape(node.isTextual() ? node.asText() : node.toString()))
        .append("</code></td></tr>\n");
  }
}
