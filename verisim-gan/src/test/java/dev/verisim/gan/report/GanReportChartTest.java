package dev.verisim.gan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.gan.report.GanReport.Grid;
import dev.verisim.gan.report.SvgChart.Axis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GanReportChartTest {
  @Test
  void downsamplingKeepsEndsAndSpikesAndSkipsNonFinite() {
    int n = 5000;
    double[] xs = IntStream.range(0, n).asDoubleStream().toArray();
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      ys[i] = Math.sin(i / 50.0);
    }
    ys[2345] = 40;
    ys[10] = Double.NaN;

    int[] keep = SvgChart.downsample(xs, ys, 1000);

    assertEquals(1000, keep.length);
    assertEquals(0, keep[0]);
    assertEquals(n - 1, keep[keep.length - 1]);
    assertTrue(Arrays.stream(keep).anyMatch(i -> i == 2345), "the spike survives");
    assertTrue(Arrays.stream(keep).noneMatch(i -> i == 10));
    for (int i = 1; i < keep.length; i++) {
      assertTrue(keep[i] > keep[i - 1]);
    }
    assertEquals(
        3, SvgChart.downsample(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 1000).length);
  }

  @Test
  void axesUseRoundNumbers() {
    Axis y = Axis.of(0.0123, 0.987, false);
    assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(y));
    Axis x = Axis.of(100, 25000, true);
    assertEquals(List.of("0", "5k", "10k", "15k", "20k", "25k"), labels(x));
    Axis lr = Axis.of(0.0002, 0.0002, false);
    assertTrue(lr.lo() < 0.0002 && lr.hi() > 0.0002);
    assertTrue(labels(lr).contains("0.00020"), labels(lr).toString());
    Axis single = Axis.of(0, 0, true);
    assertEquals(0, single.lo());
    assertEquals(1, single.hi(), 1e-12);
  }

  @Test
  void gridStripIsEvenlySpacedFromFirstToLast() {
    List<Grid> grids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      grids.add(new Grid(500L * (i + 1), "samples/g" + i));
    }
    List<Grid> strip = GanReport.evenlySpaced(grids, GanReport.STRIP);
    assertEquals(12, strip.size());
    assertEquals(grids.get(0), strip.get(0));
    assertEquals(grids.get(29), strip.get(11));
    assertEquals(12, strip.stream().distinct().count());
  }

  @Test
  void numbersAreShortAndEscapingCoversAttributes() {
    assertEquals("0.0002", GanReport.number(0.0002));
    assertEquals("1.235", GanReport.number(1.23456));
    assertEquals("-", GanReport.number(Double.NaN));
    assertEquals("1:02:05 (3725 s)", GanReport.duration(3725));
    assertEquals(
        "&lt;a href=&quot;x&quot;&gt; &amp; &#39;", GanReport.escape("<a href=\"x\"> & '"));
  }

  private static List<String> labels(Axis a) {
    return a.ticks().stream().map(a::label).toList();
  }
}
