package dev.verisim.gan.report;

import static dev.verisim.gan.report.GanReport.escape;
import static dev.verisim.gan.report.GanReport.number;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, with its legend as HTML: one {@code <path>} per series (a break at
 * each non-finite value, a dot for a point with no neighbour), round-number ticks on both axes, and
 * at most {@link #MAX_POINTS} points per series (largest-triangle-three-buckets, which keeps the
 * first and last point and the spikes). Its classes are styled by {@link GanReport#stylesheet()}.
 */
public final class SvgChart {
  static final int MAX_POINTS = 1000;

  private static final int WIDTH = 720;
  private static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int BOTTOM = 40;
  private static final int TICKS = 6;

  /** Colour-blind-friendly (Tableau 10, yellow last); later series reuse them dashed. */
  private static final String[] COLOURS = {
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#ff9da7",
    "#bab0ac", "#edc948"
  };

  /** A named line; {@code ys[i]} is the value at {@code xs[i]}, non-finite for a gap. */
  public record Series(String name, double[] xs, double[] ys) {}

  private SvgChart() {}

  /** A {@code <figure>} with the chart, its legend and caption; the x axis is the step. */
  static String figure(String id, String caption, List<Series> series) {
    return figure(id, caption, "step", series);
  }

  /** A {@code <figure>} with the chart, its legend and caption; {@code xLabel} names the x axis. */
  public static String figure(String id, String caption, String xLabel, List<Series> series) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.xs().length; i++) {
        if (Double.isFinite(s.xs()[i]) && Double.isFinite(s.ys()[i])) {
          xMin = Math.min(xMin, s.xs()[i]);
          xMax = Math.max(xMax, s.xs()[i]);
          yMin = Math.min(yMin, s.ys()[i]);
          yMax = Math.max(yMax, s.ys()[i]);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("<figure class=\"chart\" id=\"").append(escape(id)).append("\">\n");
    if (xMin > xMax) {
      out.append("<p class=\"muted\">No finite values logged yet.</p>\n");
    } else {
      Axis x = Axis.of(xMin, xMax, xMin >= 0);
      Axis y = Axis.of(yMin, yMax, false);
      out.append(svg(x, y, xLabel, series));
    }
    out.append("<ul class=\"legend\">\n");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int finite = 0;
      for (double v : s.ys()) {
        finite += Double.isFinite(v) ? 1 : 0;
      }
      double last = Double.NaN;
      for (int j = s.ys().length - 1; j >= 0 && last != last; j--) {
        last = Double.isFinite(s.ys()[j]) ? s.ys()[j] : Double.NaN;
      }
      out.append("<li><span class=\"swatch")
          .append(dashed(i) ? " dashed" : "")
          .append("\" style=\"border-color:")
          .append(colour(i))
          .append("\"></span>")
          .append(escape(s.name()))
          .append(" <span class=\"muted\">last ")
          .append(number(last));
      int nonFinite = s.ys().length - finite;
      if (nonFinite > 0) {
        out.append(", ").append(nonFinite).append(" non-finite");
      }
      out.append("</span></li>\n");
    }
    out.append("</ul>\n<figcaption>").append(escape(caption)).append("</figcaption>\n");
    return out.append("</figure>\n").toString();
  }

  private static String svg(Axis x, Axis y, String xLabel, List<Series> series) {
    int w = WIDTH - LEFT - RIGHT;
    int h = HEIGHT - TOP - BOTTOM;
    StringBuilder out = new StringBuilder();
    out.append("<svg viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    for (double t : y.ticks()) {
      String py = coord(TOP + h - y.scale(t) * h);
      out.append("<line class=\"grid\" x1=\"" + LEFT + "\" x2=\"" + (LEFT + w) + "\" y1=\"")
          .append(py)
          .append("\" y2=\"")
          .append(py)
          .append("\"/><text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(py)
          .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
          .append(y.label(t))
          .append("</text>\n");
    }
    for (double t : x.ticks()) {
      String px = coord(LEFT + x.scale(t) * w);
      out.append("<line class=\"grid\" y1=\"" + TOP + "\" y2=\"" + (TOP + h) + "\" x1=\"")
          .append(px)
          .append("\" x2=\"")
          .append(px)
          .append("\"/><text x=\"")
          .append(px)
          .append("\" y=\"")
          .append(TOP + h + 16)
          .append("\" text-anchor=\"middle\">")
          .append(x.label(t))
          .append("</text>\n");
    }
    out.append("<rect class=\"frame\" x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\"/>\n<text x=\"")
        .append(LEFT + w / 2)
        .append("\" y=\"")
        .append(HEIGHT - 6)
        .append("\" text-anchor=\"middle\">")
        .append(escape(xLabel))
        .append("</text>\n");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int[] keep = downsample(s.xs(), s.ys(), MAX_POINTS);
      if (keep.length == 0) {
        continue;
      }
      int[] nonFiniteBefore = new int[s.ys().length + 1];
      for (int j = 0; j < s.ys().length; j++) {
        boolean bad = !(Double.isFinite(s.xs()[j]) && Double.isFinite(s.ys()[j]));
        nonFiniteBefore[j + 1] = nonFiniteBefore[j] + (bad ? 1 : 0);
      }
      StringBuilder d = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      int segmentStart = 0;
      for (int k = 0; k < keep.length; k++) {
        boolean breaks = k == 0 || nonFiniteBefore[keep[k]] > nonFiniteBefore[keep[k - 1] + 1];
        if (breaks && k > 0 && k - segmentStart == 1) {
          dots.append(dot(keep[segmentStart], s, x, y, i));
        }
        if (breaks) {
          segmentStart = k;
        }
        int j = keep[k];
        if (d.length() > 0) {
          d.append(' ');
        }
        d.append(breaks ? 'M' : 'L')
            .append(coord(LEFT + x.scale(s.xs()[j]) * w))
            .append(' ')
            .append(coord(TOP + h - y.scale(s.ys()[j]) * h));
      }
      if (keep.length - segmentStart == 1) {
        dots.append(dot(keep[segmentStart], s, x, y, i));
      }
      out.append("<path class=\"series\" data-series=\"")
          .append(escape(s.name()))
          .append("\" d=\"")
          .append(d)
          .append("\" stroke=\"")
          .append(colour(i))
          .append(dashed(i) ? "\" stroke-dasharray=\"6 3" : "")
          .append("\"><title>")
          .append(escape(s.name()))
          .append("</title></path>\n")
          .append(dots);
    }
    return out.append("</svg>\n").toString();
  }

  private static String dot(int j, Series s, Axis x, Axis y, int i) {
    int w = WIDTH - LEFT - RIGHT;
    int h = HEIGHT - TOP - BOTTOM;
    return "<circle cx=\""
        + coord(LEFT + x.scale(s.xs()[j]) * w)
        + "\" cy=\""
        + coord(TOP + h - y.scale(s.ys()[j]) * h)
        + "\" r=\"2.5\" fill=\""
        + colour(i)
        + "\"/>\n";
  }

  private static String colour(int i) {
    return COLOURS[i % COLOURS.length];
  }

  private static boolean dashed(int i) {
    return (i / COLOURS.length) % 2 == 1;
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * The indices of at most {@code max} (at least 3) of the finite points, in order, chosen by
   * largest-triangle-three-buckets; all of them when there are no more than {@code max}.
   */
  static int[] downsample(double[] xs, double[] ys, int max) {
    List<Integer> finite = new ArrayList<>();
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
        finite.add(i);
      }
    }
    int n = finite.size();
    if (n <= max) {
      return finite.stream().mapToInt(Integer::intValue).toArray();
    }
    int[] out = new int[max];
    out[0] = finite.get(0);
    double bucket = (n - 2) / (double) (max - 2);
    int a = 0;
    for (int b = 0; b < max - 2; b++) {
      int nextStart = (int) Math.floor((b + 1) * bucket) + 1;
      int nextEnd = Math.min((int) Math.floor((b + 2) * bucket) + 1, n);
      double avgX = 0;
      double avgY = 0;
      for (int j = nextStart; j < nextEnd; j++) {
        avgX += xs[finite.get(j)];
        avgY += ys[finite.get(j)];
      }
      avgX /= Math.max(1, nextEnd - nextStart);
      avgY /= Math.max(1, nextEnd - nextStart);
      int start = (int) Math.floor(b * bucket) + 1;
      int end = Math.min((int) Math.floor((b + 1) * bucket) + 1, n - 1);
      double ax = xs[finite.get(a)];
      double ay = ys[finite.get(a)];
      double best = -1;
      int chosen = start;
      for (int j = start; j < end; j++) {
        double px = xs[finite.get(j)];
        double py = ys[finite.get(j)];
        double area = Math.abs((ax - avgX) * (py - ay) - (ax - px) * (avgY - ay));
        if (area > best) {
          best = area;
          chosen = j;
        }
      }
      out[b + 1] = finite.get(chosen);
      a = chosen;
    }
    out[max - 1] = finite.get(n - 1);
    return out;
  }

  /** An axis over round numbers: {@code lo} and {@code hi} are multiples of {@code step}. */
  record Axis(double lo, double hi, double step) {
    static Axis of(double min, double max, boolean nonNegative) {
      if (min == max) {
        double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
        min = nonNegative ? Math.max(0, min - pad) : min - pad;
        max = max + pad;
      }
      double step = nice((max - min) / (TICKS - 1));
      return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    /** 1, 2 or 5 times a power of ten, the nearest to {@code x}. */
    static double nice(double x) {
      double exp = Math.floor(Math.log10(x));
      double f = x / Math.pow(10, exp);
      double nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
      return nf * Math.pow(10, exp);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      long first = Math.round(lo / step);
      long last = Math.round(hi / step);
      for (long k = first; k <= last; k++) {
        ticks.add(k * step);
      }
      return ticks;
    }

    double scale(double v) {
      return (v - lo) / (hi - lo);
    }

    String label(double v) {
      if (Math.abs(v) < step / 2) {
        return "0";
      }
      double unit = step >= 1000 ? 1000 : 1;
      int decimals = (int) Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9));
      return String.format(Locale.ROOT, "%." + decimals + "f", v / unit) + (unit > 1 ? "k" : "");
    }
  }
}
