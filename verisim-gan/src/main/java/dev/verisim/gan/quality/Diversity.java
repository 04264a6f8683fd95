package dev.verisim.gan.quality;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The MS-SSIM diversity of a set of images, as in Odena, Olah and Shlens, "Conditional image
 * synthesis with auxiliary classifier GANs" (2017): the mean {@link MsSsim} over random pairs of
 * distinct images. Lower means more diverse; a generator that has collapsed to a few modes scores
 * close to 1, and a set of real images gives the level a generator should not exceed.
 */
public final class Diversity {
  private Diversity() {}

  /**
   * The mean MS-SSIM, its standard error and the number of pairs.
   *
   * @param standardError the sample standard deviation over the pairs divided by the square root of
   *     their number; NaN for a single pair
   */
  public record Result(double mean, double standardError, int pairs) {}

  /**
   * Mean MS-SSIM over {@code pairs} pairs drawn with replacement from the pairs of distinct
   * positions in {@code images} (a pair never compares an image with itself, but the same pair may
   * be drawn twice). Deterministic for a seed; the pairs are scored on all cores.
   */
  public static Result of(List<BufferedImage> images, int pairs, long seed) {
    Planes.commonSide(images);
    if (images.size() < 2) {
      throw new IllegalArgumentException("need at least two images, got " + images.size());
    }
    if (pairs < 1) {
      throw new IllegalArgumentException("pairs must be positive, got " + pairs);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int n = images.size();
    int[] first = new int[pairs];
    int[] second = new int[pairs];
    for (int p = 0; p < pairs; p++) {
      first[p] = random.nextInt(n);
      // Uniform over the other n - 1 positions.
      int other = random.nextInt(n - 1);
      second[p] = other >= first[p] ? other + 1 : other;
    }
    double[] scores = new double[pairs];
    IntStream.range(0, pairs)
        .parallel()
        .forEach(p -> scores[p] = MsSsim.msSsim(images.get(first[p]), images.get(second[p])));
    double sum = 0;
    for (double s : scores) {
      sum += s;
    }
    double mean = sum / pairs;
    double squares = 0;
    for (double s : scores) {
      squares += (s - mean) * (s - mean);
    }
    double standardError = pairs < 2 ? Double.NaN : Math.sqrt(squares / (pairs - 1) / pairs);
    return new Result(mean, standardError, pairs);
  }
}
