package dev.verisim.core.verdict;

import java.util.Objects;

/**
 * A coarse grid of suspicion over the image, row-major, values in [0,1] (1 = most suspicious). The
 * grid covers the whole upright image; cell (x, y) covers the pixels {@code [x*W/width,
 * (x+1)*W/width)} horizontally, likewise vertically.
 *
 * @param what what the values measure, for example "error level"
 */
public record Heatmap(String what, int width, int height, float[] values) {
  public Heatmap {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(values, "values");
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw new IllegalArgumentException(
          "heatmap " + width + "x" + height + " needs " + width * height + " values");
    }
    values = values.clone();
  }

  public float at(int x, int y) {
    return values[y * width + x];
  }

  @Override
  public float[] values() {
    return values.clone();
  }
}
