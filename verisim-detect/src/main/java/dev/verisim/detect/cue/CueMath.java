package dev.verisim.detect.cue;

import dev.verisim.core.verdict.Heatmap;
import java.util.Arrays;

/** Small numeric helpers shared by the pixel cues; all of them keep features finite. */
final class CueMath {
  private CueMath() {}

  /** {@code value} clamped to [lo, hi]; {@code fallback} when it is NaN. */
  static double bounded(double value, double lo, double hi, double fallback) {
    if (Double.isNaN(value)) {
      return fallback;
    }
    return Math.max(lo, Math.min(hi, value));
  }

  /** The logistic function, used to turn a feature into a score in (0,1). */
  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** The median of the first {@code n} values; reorders them. */
  static double median(float[] values, int n) {
    if (n == 0) {
      return 0;
    }
    Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  }

  /** The k-th smallest of the first {@code n} values (0-based), by quickselect; reorders them. */
  static float select(float[] values, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      float pivot = values[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = values[i];
          values[i] = values[j];
          values[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return values[k];
      }
    }
    return values[k];
  }

  /**
   * Spreads per-block values over a heatmap that covers the whole upright image, at most {@code
   * maxCells} cells a side. Each block lands in the cell that holds its centre; a cell keeps the
   * largest value that lands in it, and cells outside the analysis window stay 0.
   *
   * @param blockValues row-major, {@code blocksX * blocksY} values in [0,1]
   */
  static Heatmap blockHeatmap(
      String what,
      float[] blockValues,
      int blocksX,
      int blocksY,
      int blockSize,
      LumaPlane window,
      int imageWidth,
      int imageHeight,
      int maxCells) {
    int cellsX = Math.max(1, Math.min(maxCells, (imageWidth + blockSize - 1) / blockSize));
    int cellsY = Math.max(1, Math.min(maxCells, (imageHeight + blockSize - 1) / blockSize));
    float[] cells = new float[cellsX * cellsY];
    for (int by = 0; by < blocksY; by++) {
      for (int bx = 0; bx < blocksX; bx++) {
        long cx = window.originX() + (long) bx * blockSize + blockSize / 2;
        long cy = window.originY() + (long) by * blockSize + blockSize / 2;
        int x = (int) Math.min(cellsX - 1, cx * cellsX / imageWidth);
        int y = (int) Math.min(cellsY - 1, cy * cellsY / imageHeight);
        float v = blockValues[by * blocksX + bx];
        if (!(v >= 0)) {
          v = 0;
        }
        cells[y * cellsX + x] = Math.max(cells[y * cellsX + x], Math.min(1f, v));
      }
    }
    return new Heatmap(what, cellsX, cellsY, cells);
  }
}
