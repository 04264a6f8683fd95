package dev.verisim.gan.quality;

import java.util.List;

/**
 * A sliced Wasserstein distance per pyramid level, finest first, and their average; all scaled by
 * 1000 as in Karras et al. 2018.
 *
 * @param levelSizes the side in pixels of each level, e.g. 64, 32, 16
 * @param perLevel the distance at each level, in the order of {@code levelSizes}
 * @param average the mean of {@code perLevel}
 */
public record SwdResult(List<Integer> levelSizes, List<Double> perLevel, double average) {
  public SwdResult {
    levelSizes = List.copyOf(levelSizes);
    perLevel = List.copyOf(perLevel);
    if (levelSizes.size() != perLevel.size()) {
      throw new IllegalArgumentException(
          levelSizes.size() + " level sizes but " + perLevel.size() + " distances");
    }
  }
}
