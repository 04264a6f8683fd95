package dev.verisim.gan.quality;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The sliced Wasserstein distance (SWD) between two sets of images, on patches of their Laplacian
 * pyramids, as in Karras et al., "Progressive growing of GANs for improved quality, stability, and
 * variation" (ICLR 2018, appendix D) and their {@code metrics/sliced_wasserstein.py}. It compares
 * the distribution of local 7x7 colour structure at each scale, needs no pretrained network, and is
 * small for sets that look alike.
 *
 * <p>Per image: a Laplacian pyramid (5x5 binomial kernel [1,4,6,4,1]/16, mirrored borders, as
 * OpenCV's {@code pyrDown}/{@code pyrUp}) from the full size down to 16x16, whose last level is the
 * low-pass residual; at each level 128 random 7x7x3 neighbourhoods lying wholly inside. Per set and
 * level, the descriptors are normalised by the per-channel mean and standard deviation over all of
 * them. Per level, the distance is the mean absolute difference of the sorted projections onto 128
 * random unit directions, averaged over 4 repeats, times 1000. Sets of different sizes: the larger
 * set's descriptors are subsampled, without replacement, to the smaller count.
 *
 * <p>Deterministic for a seed: the neighbourhoods of the first set, of the second set, the
 * directions and the subsample each come from their own {@link Random} seeded from it, drawn in a
 * fixed order (documented at {@code stream(long, int)}), so that {@code bench/quality_reference.py}
 * can replay them in NumPy. The two sets get different neighbourhoods, so a set against itself
 * gives a small positive value, the metric's noise floor, and swapping the sets changes the result
 * within that noise. Projections run on all cores.
 *
 * <p>Memory: 147 floats per neighbourhood, that is 75 kB per image and level for each set.
 */
public final class SlicedWasserstein {
  static final int NEIGHBOURHOOD = 7;
  static final int NEIGHBOURHOODS_PER_IMAGE = 128;
  static final int DIRECTION_REPEATS = 4;
  static final int DIRECTIONS_PER_REPEAT = 128;
  static final int COARSEST = 16;
  static final int DIMENSIONS = 3 * NEIGHBOURHOOD * NEIGHBOURHOOD;

  private static final int HALF = NEIGHBOURHOOD / 2;
  // Directions projected together: 16 doubles per descriptor per set at a time.
  private static final int BLOCK = 16;
  private static final float[] BINOMIAL = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};
  // pyrUp's kernel is 4 times pyrDown's, that is twice the binomial in each direction.
  private static final float[] BINOMIAL_UP = {2 / 16f, 8 / 16f, 12 / 16f, 8 / 16f, 2 / 16f};

  private SlicedWasserstein() {}

  /**
   * SWD between two sets of square 8-bit sRGB images of one size (at least 16, halving evenly down
   * to the coarsest level at or above 16), scaled by 1000.
   */
  public static SwdResult distance(List<BufferedImage> a, List<BufferedImage> b, long seed) {
    int side = Planes.commonSide(a);
    if (Planes.commonSide(b) != side) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "sets differ in size: %d and %d", side, b.get(0).getWidth()));
    }
    List<Integer> sizes = levelSizes(side);
    float[][] descA = descriptors(a, sizes, new Random(stream(seed, 1)));
    float[][] descB = descriptors(b, sizes, new Random(stream(seed, 2)));
    Random directions = new Random(stream(seed, 3));
    Random subsample = new Random(stream(seed, 4));
    List<Double> perLevel = new ArrayList<>();
    double sum = 0;
    for (int level = 0; level < sizes.size(); level++) {
      float[] x = descA[level];
      float[] y = descB[level];
      int n = Math.min(x.length, y.length) / DIMENSIONS;
      x = subsample(x, n, subsample);
      y = subsample(y, n, subsample);
      double d = 1e3 * slicedWasserstein(x, y, n, directions);
      perLevel.add(d);
      sum += d;
    }
    return new SwdResult(sizes, perLevel, sum / sizes.size());
  }

  /**
   * The seed of stream {@code k} (1: first set's neighbourhoods, 2: second set's, 3: directions, 4:
   * subsample): SplitMix64's finaliser of {@code seed + k * 0x9E3779B97F4A7C15}. Each stream draws,
   * in order: for each image, for each level (finest first), for each neighbourhood, {@code x = 3 +
   * nextInt(size - 6)} then {@code y} likewise; for each level, for each repeat, for each
   * direction, 147 {@code nextGaussian()}s; for each level, first set then second, if larger than
   * the other, a partial Fisher-Yates shuffle ({@code j = i + nextInt(count - i)}, keep the first
   * {@code n}).
   */
  static long stream(long seed, int k) {
    long z = seed + k * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The sides of the pyramid levels: the image side, halved while at least {@link #COARSEST}. */
  static List<Integer> levelSizes(int side) {
    if (side < COARSEST) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "images are %d pixels, need at least %d", side, COARSEST));
    }
    List<Integer> sizes = new ArrayList<>();
    for (int s = side; s >= COARSEST; s /= 2) {
      if (!sizes.isEmpty() && sizes.get(sizes.size() - 1) != 2 * s) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "%d does not halve evenly down to %d", side, s));
      }
      sizes.add(s);
    }
    return List.copyOf(sizes);
  }

  /** Per level, the normalised descriptors of a set, one row of {@link #DIMENSIONS} each. */
  static float[][] descriptors(List<BufferedImage> images, List<Integer> sizes, Random random) {
    int levels = sizes.size();
    int perImage = levels * NEIGHBOURHOODS_PER_IMAGE * 2;
    int[] positions = new int[images.size() * perImage];
    for (int i = 0, p = 0; i < images.size(); i++) {
      for (int level = 0; level < levels; level++) {
        for (int n = 0; n < NEIGHBOURHOODS_PER_IMAGE; n++) {
          positions[p++] = HALF + random.nextInt(sizes.get(level) - 2 * HALF);
          positions[p++] = HALF + random.nextInt(sizes.get(level) - 2 * HALF);
        }
      }
    }
    int rowsPerImage = NEIGHBOURHOODS_PER_IMAGE * DIMENSIONS;
    float[][] out = new float[levels][images.size() * rowsPerImage];
    IntStream.range(0, images.size())
        .parallel()
        .forEach(
            i -> {
              float[][][] pyramid = laplacianPyramid(Planes.rgb(images.get(i)), sizes);
              for (int level = 0, p = i * perImage; level < levels; level++) {
                int side = sizes.get(level);
                int row = i * rowsPerImage;
                for (int n = 0; n < NEIGHBOURHOODS_PER_IMAGE; n++, row += DIMENSIONS) {
                  int x0 = positions[p++];
                  int y0 = positions[p++];
                  extract(pyramid[level], side, x0, y0, out[level], row);
                }
              }
            });
    for (float[] level : out) {
      normalise(level);
    }
    return out;
  }

  /**
   * Copies one neighbourhood. The component order is the reference's {@code (channel, x, y)}, from
   * its {@code np.ogrid[0:N, 0:3, -H:H+1, -H:H+1]} naming x before y; any fixed order gives the
   * same distance in distribution, this one the same numbers for the same directions.
   */
  private static void extract(float[][] planes, int side, int x0, int y0, float[] out, int at) {
    for (int c = 0; c < 3; c++) {
      for (int dx = -HALF; dx <= HALF; dx++) {
        for (int dy = -HALF; dy <= HALF; dy++) {
          out[at++] = planes[c][(y0 + dy) * side + x0 + dx];
        }
      }
    }
  }

  /** Subtracts each channel's mean and divides by its standard deviation (left as is if 0). */
  static void normalise(float[] descriptors) {
    int perChannel = NEIGHBOURHOOD * NEIGHBOURHOOD;
    int rows = descriptors.length / DIMENSIONS;
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        for (int k = 0, at = r * DIMENSIONS + c * perChannel; k < perChannel; k++, at++) {
          sum += descriptors[at];
        }
      }
      double count = (double) rows * perChannel;
      double mean = sum / count;
      for (int r = 0; r < rows; r++) {
        for (int k = 0, at = r * DIMENSIONS + c * perChannel; k < perChannel; k++, at++) {
          double d = descriptors[at] - mean;
          squares += d * d;
        }
      }
      double std = Math.sqrt(squares / count);
      double scale = std > 0 ? 1 / std : 1;
      for (int r = 0; r < rows; r++) {
        for (int k = 0, at = r * DIMENSIONS + c * perChannel; k < perChannel; k++, at++) {
          descriptors[at] = (float) ((descriptors[at] - mean) * scale);
        }
      }
    }
  }

  /** The first {@code n} rows after a seeded partial shuffle; the array itself if it has n rows. */
  private static float[] subsample(float[] descriptors, int n, Random random) {
    int count = descriptors.length / DIMENSIONS;
    if (count == n) {
      return descriptors;
    }
    int[] order = IntStream.range(0, count).toArray();
    float[] out = new float[n * DIMENSIONS];
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(count - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      System.arraycopy(descriptors, order[i] * DIMENSIONS, out, i * DIMENSIONS, DIMENSIONS);
    }
    return out;
  }

  /**
   * The unscaled SWD of two descriptor sets of {@code n} rows each: over {@link #DIRECTION_REPEATS}
   * repeats of {@link #DIRECTIONS_PER_REPEAT} random unit directions, the mean absolute difference
   * of the sorted projections.
   */
  static double slicedWasserstein(float[] a, float[] b, int n, Random random) {
    double total = 0;
    for (int repeat = 0; repeat < DIRECTION_REPEATS; repeat++) {
      double[][] dirs = new double[DIRECTIONS_PER_REPEAT][DIMENSIONS];
      for (double[] dir : dirs) {
        double norm = 0;
        for (int k = 0; k < DIMENSIONS; k++) {
          dir[k] = random.nextGaussian();
          norm += dir[k] * dir[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < DIMENSIONS; k++) {
          dir[k] /= norm;
        }
      }
      double[] perDirection = new double[DIRECTIONS_PER_REPEAT];
      IntStream.range(0, DIRECTIONS_PER_REPEAT / BLOCK)
          .parallel()
          .forEach(block -> sortedDistances(a, b, n, dirs, block * BLOCK, perDirection));
      double sum = 0;
      for (double v : perDirection) {
        sum += v;
      }
      total += sum / DIRECTIONS_PER_REPEAT;
    }
    return total / DIRECTION_REPEATS;
  }

  /** For directions {@code from..from+BLOCK-1}: the mean absolute gap of sorted projections. */
  private static void sortedDistances(
      float[] a, float[] b, int n, double[][] dirs, int from, double[] out) {
    // Direction components interleaved, so that the inner loop runs over directions and
    // vectorises; each projection still sums its 147 terms in order.
    double[] interleaved = new double[DIMENSIONS * BLOCK];
    for (int k = 0; k < DIMENSIONS; k++) {
      for (int j = 0; j < BLOCK; j++) {
        interleaved[k * BLOCK + j] = dirs[from + j][k];
      }
    }
    double[][] pa = project(a, n, interleaved);
    double[][] pb = project(b, n, interleaved);
    for (int j = 0; j < BLOCK; j++) {
      Arrays.sort(pa[j]);
      Arrays.sort(pb[j]);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.abs(pa[j][i] - pb[j][i]);
      }
      out[from + j] = sum / n;
    }
  }

  private static double[][] project(float[] rows, int n, double[] interleaved) {
    double[][] out = new double[BLOCK][n];
    double[] acc = new double[BLOCK];
    for (int r = 0, at = 0; r < n; r++) {
      Arrays.fill(acc, 0);
      for (int k = 0; k < DIMENSIONS; k++, at++) {
        double v = rows[at];
        for (int j = 0, t = k * BLOCK; j < BLOCK; j++, t++) {
          acc[j] += v * interleaved[t];
        }
      }
      for (int j = 0; j < BLOCK; j++) {
        out[j][r] = acc[j];
      }
    }
    return out;
  }

  /**
   * The Laplacian pyramid of one image's planes, one level per size: each level minus the upsampled
   * next, except the last, which is the low-pass residual. As the reference's {@code
   * generate_laplacian_pyramid}.
   */
  static float[][][] laplacianPyramid(float[][] planes, List<Integer> sizes) {
    int levels = sizes.size();
    float[][][] pyramid = new float[levels][][];
    pyramid[0] = planes;
    for (int level = 1; level < levels; level++) {
      int side = sizes.get(level - 1);
      float[][] down = new float[3][];
      for (int c = 0; c < 3; c++) {
        down[c] = pyrDown(pyramid[level - 1][c], side);
        float[] up = pyrUp(down[c], side / 2);
        float[] band = pyramid[level - 1][c].clone();
        for (int i = 0; i < band.length; i++) {
          band[i] -= up[i];
        }
        pyramid[level - 1][c] = band;
      }
      pyramid[level] = down;
    }
    return pyramid;
  }

  /** Binomial blur with mirrored borders, then every second pixel: OpenCV's pyrDown. */
  static float[] pyrDown(float[] in, int side) {
    float[] blurred = blur(in, side, BINOMIAL);
    int half = side / 2;
    float[] out = new float[half * half];
    for (int y = 0; y < half; y++) {
      for (int x = 0; x < half; x++) {
        out[y * half + x] = blurred[2 * y * side + 2 * x];
      }
    }
    return out;
  }

  /** Zeros between pixels, then 4 times the binomial blur: OpenCV's pyrUp. */
  static float[] pyrUp(float[] in, int side) {
    int twice = 2 * side;
    float[] spread = new float[twice * twice];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        spread[2 * y * twice + 2 * x] = in[y * side + x];
      }
    }
    return blur(spread, twice, BINOMIAL_UP);
  }

  /** Separable 5-tap filter with whole-sample mirrored borders (d c b | a b c d | c b a). */
  private static float[] blur(float[] in, int side, float[] k) {
    float[] rows = new float[in.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double s = 0;
        for (int i = -2; i <= 2; i++) {
          s += k[i + 2] * in[y * side + mirror(x + i, side)];
        }
        rows[y * side + x] = (float) s;
      }
    }
    float[] out = new float[in.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double s = 0;
        for (int i = -2; i <= 2; i++) {
          s += k[i + 2] * rows[mirror(y + i, side) * side + x];
        }
        out[y * side + x] = (float) s;
      }
    }
    return out;
  }

  private static int mirror(int i, int side) {
    return i < 0 ? -i : i >= side ? 2 * side - 2 - i : i;
  }
}
