package dev.verisim.detect.cue;

import dev.verisim.core.media.Degradations;
import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Heatmap;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Reads the compression history of a JPEG: the quality it was last saved at, signs that it was
 * saved twice at different qualities, and regions whose error level differs from the rest.
 *
 * <ul>
 *   <li><b>Quality</b>: the luminance quantization table is read from the file's DQT marker and
 *       matched against the IJG tables of every quality 1-100.
 *   <li><b>Double compression</b> (Popescu and Farid; Lin et al.): a JPEG decoded and saved again
 *       with a different table has its DCT coefficients quantized twice. Dividing the coefficients
 *       of each 8x8 block by the current steps then gives histograms with periodic gaps or peaks
 *       instead of a smooth decay. Edited photos are typically saved twice; a camera saves once.
 *   <li><b>Error level</b>: the analysis window (its centred 1024x1024 part when larger) is saved
 *       again at quality {@value #ELA_QUALITY} and the mean change per 8x8 block is compared across
 *       the image. A region pasted from a source with another compression history changes by a
 *       different amount than its surroundings.
 * </ul>
 *
 * <p>Only JPEG inputs are analysed; other formats get neutral features and a score of 0. When the
 * EXIF orientation rotated the image, the 8x8 grid of the upright pixels is not the file's grid, so
 * the double-compression check is skipped and the explanation says so.
 */
public final class JpegCue implements Cue {
  public static final String IS_JPEG = "jpeg.is_jpeg";
  public static final String QUALITY = "jpeg.quality";
  public static final String DOUBLE_COMPRESSION = "jpeg.double_compression";
  public static final String ELA_SPREAD = "jpeg.ela_spread";

  private static final List<String> FEATURES =
      List.of(IS_JPEG, QUALITY, DOUBLE_COMPRESSION, ELA_SPREAD);

  /** The quality the error-level analysis saves at, as is usual for ELA. */
  static final int ELA_QUALITY = 90;

  /** Largest side of the part of the window the error-level analysis re-encodes, in pixels. */
  private static final int ELA_SIDE = 1024;

  /** Largest side of the error-level grid, in cells. */
  private static final int MAX_ELA_CELLS = 32;

  /** Low AC frequencies (natural order): enough coefficients to fill a histogram in any image. */
  private static final int[] HISTOGRAM_FREQUENCIES = {1, 8, 16, 9, 2, 3, 10, 17, 24};

  private static final int HISTOGRAM_BINS = 128;

  /** A histogram bin and its two neighbours need this many counts on average to be judged. */
  private static final double MIN_BIN_COUNT = 20;

  /** Judged bins needed before a double-compression value is reported. */
  private static final int MIN_JUDGED_BINS = 6;

  private static final double[][] DCT = dctMatrix();

  @Override
  public String name() {
    return "jpeg";
  }

  @Override
  public List<String> featureNames() {
    return FEATURES;
  }

  @Override
  public CueEvidence analyse(CueInput input) {
    if (input.image().format() != MediaFormat.JPEG) {
      return neutral(
          0,
          "The image is not a JPEG (it is "
              + input.image().format()
              + "), so the JPEG compression checks do not apply.");
    }
    JpegQuantTables.Parsed parsed = JpegQuantTables.parse(input.image().bytes());
    int[] luminanceTable = parsed.luminance();
    if (luminanceTable == null) {
      return neutral(
          1,
          "The JPEG's quantization tables could not be read, so its compression history was not"
              + " checked.");
    }
    int quality = JpegQuantTables.estimateQuality(luminanceTable);
    LumaPlane luma = input.luma();

    boolean upright = input.image().exifOrientation() == 1;
    DoubleQuantization dq =
        upright ? doubleQuantization(luma, luminanceTable) : new DoubleQuantization(0, 0);
    ErrorLevels ela = errorLevels(input);

    double doubleCompression = CueMath.bounded(dq.value, 0, 1, 0);
    double spread = CueMath.bounded(ela.spread, 0, 10, 0);
    Map<String, Double> features = new LinkedHashMap<>();
    features.put(IS_JPEG, 1.0);
    features.put(QUALITY, (double) quality);
    features.put(DOUBLE_COMPRESSION, doubleCompression);
    features.put(ELA_SPREAD, spread);

    // Error levels of an untouched JPEG vary within about a factor 3 between cells (log spread
    // ~1.1); a pasted region with another history pushes that well above 1.5.
    double elaSuspicion = CueMath.logistic(4.0 * (spread - 1.6));
    double score = CueMath.bounded(Math.max(doubleCompression, elaSuspicion), 0, 1, 0);

    StringBuilder explanation = new StringBuilder();
    explanation.append(
        String.format(Locale.ROOT, "Saved as a JPEG at about quality %d. ", quality));
    if (!upright) {
      explanation.append(
          "The photo was rotated by its EXIF orientation, so the double-compression check was"
              + " skipped. ");
    } else if (dq.judgedBins < MIN_JUDGED_BINS) {
      explanation.append("Too little fine detail to check whether it was compressed twice. ");
    } else if (doubleCompression >= 0.5) {
      explanation.append(
          String.format(
              Locale.ROOT,
              "Its compression statistics show regular gaps (double-compression score %.2f):"
                  + " it was most likely saved before at a different quality, as happens when"
                  + " an image is edited and saved again. ",
              doubleCompression));
    } else {
      explanation.append(
          String.format(
              Locale.ROOT,
              "No sign that it was compressed twice (double-compression score %.2f). ",
              doubleCompression));
    }
    explanation.append(
        String.format(
            Locale.ROOT,
            "Re-saving changes some regions %.1f times more than others%s",
            Math.exp(spread),
            elaSuspicion >= 0.5
                ? ", which suggests parts of the image have a different history."
                : ", an ordinary amount."));
    return new CueEvidence(
        name(), score, explanation.toString(), features, Optional.ofNullable(ela.heatmap));
  }

  private CueEvidence neutral(double isJpeg, String explanation) {
    Map<String, Double> features = new LinkedHashMap<>();
    features.put(IS_JPEG, isJpeg);
    features.put(QUALITY, 100.0);
    features.put(DOUBLE_COMPRESSION, 0.0);
    features.put(ELA_SPREAD, 0.0);
    return new CueEvidence(name(), 0.0, explanation, features);
  }

  private record DoubleQuantization(double value, int judgedBins) {}

  /**
   * How strongly the histograms of requantized low-frequency DCT coefficients deviate from a smooth
   * decay. For each bin with enough counts, the jump of its log count against the mean of its two
   * neighbours' log counts is compared with what counting noise alone explains; the excess is
   * averaged and mapped to [0,1). A once-compressed image gives about 0, a comb of gaps about 1.
   */
  static DoubleQuantization doubleQuantization(LumaPlane luma, int[] table) {
    int blocksX = luma.width() / 8;
    int blocksY = luma.height() / 8;
    // The window's origin lies on the 8x8 grid of the file (CueInput aligns crops to it).
    int[][] histograms = new int[HISTOGRAM_FREQUENCIES.length][HISTOGRAM_BINS];
    double[] block = new double[64];
    double[] coefficients = new double[64];
    for (int by = 0; by < blocksY; by++) {
      for (int bx = 0; bx < blocksX; bx++) {
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            block[y * 8 + x] = luma.at(bx * 8 + x, by * 8 + y) - 128.0;
          }
        }
        dct(block, coefficients);
        for (int f = 0; f < HISTOGRAM_FREQUENCIES.length; f++) {
          int natural = HISTOGRAM_FREQUENCIES[f];
          long level = Math.abs(Math.round(coefficients[natural] / Math.max(1, table[natural])));
          if (level < HISTOGRAM_BINS) {
            histograms[f][(int) level]++;
          }
        }
      }
    }
    double excess = 0;
    int judged = 0;
    float[] jumps = new float[HISTOGRAM_BINS];
    double[] noise = new double[HISTOGRAM_BINS];
    for (int[] histogram : histograms) {
      // Bin 0 and its neighbour 1 are skipped: the peak at zero is sharp in every JPEG.
      int n = 0;
      for (int k = 2; k < HISTOGRAM_BINS - 1; k++) {
        double mean = (histogram[k - 1] + histogram[k] + histogram[k + 1]) / 3.0;
        if (mean < MIN_BIN_COUNT) {
          continue;
        }
        jumps[n] =
            (float)
                (Math.log(histogram[k] + 1.0)
                    - 0.5 * (Math.log(histogram[k - 1] + 1.0) + Math.log(histogram[k + 1] + 1.0)));
        // The jump of pure Poisson counts has a mean size of about 1/sqrt(count); allow 1.5x.
        noise[n] = 1.5 / Math.sqrt(mean);
        n++;
      }
      if (n == 0) {
        continue;
      }
      // A smooth but curved histogram (coarse steps, bell-shaped coefficients) has jumps of one
      // sign and similar size; removing their median keeps only the alternating comb of double
      // quantization.
      float[] sorted = java.util.Arrays.copyOf(jumps, n);
      double curvature = CueMath.median(sorted, n);
      for (int i = 0; i < n; i++) {
        excess += Math.max(0, Math.abs(jumps[i] - curvature) - noise[i]);
      }
      judged += n;
    }
    if (judged < MIN_JUDGED_BINS) {
      return new DoubleQuantization(0, judged);
    }
    return new DoubleQuantization(1 - Math.exp(-excess / judged), judged);
  }

  private record ErrorLevels(double spread, Heatmap heatmap) {}

  /**
   * Saves the analysis window again at {@link #ELA_QUALITY} and measures the mean absolute change
   * of luminance per 8x8 block, averaged over coarse cells. The spread is the range between the 5th
   * and 95th percentile of the cells' log error levels; the heatmap shows how far each cell is from
   * the median error level, in either direction.
   */
  private static ErrorLevels errorLevels(CueInput input) {
    LumaPlane window = input.luma();
    // Re-encoding dominates the cost, so a large window is analysed on its centred 1024x1024 part.
    int blocksX = Math.min(window.width(), ELA_SIDE) / 8;
    int blocksY = Math.min(window.height(), ELA_SIDE) / 8;
    if (blocksX < 2 || blocksY < 2) {
      return new ErrorLevels(0, null);
    }
    int w = blocksX * 8;
    int h = blocksY * 8;
    int x0 = ((window.width() - w) / 2) & ~7;
    int y0 = ((window.height() - h) / 2) & ~7;
    LumaPlane luma =
        LumaPlane.of(input.image().rgb(), window.originX() + x0, window.originY() + y0, w, h);
    BufferedImage part = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] argb = input.image().rgb().getRGB(luma.originX(), luma.originY(), w, h, null, 0, w);
    part.setRGB(0, 0, w, h, argb, 0, w);
    LumaPlane resaved = LumaPlane.of(reencode(part, ELA_QUALITY), 0, 0, w, h);

    int cellBlocks = Math.max(1, (Math.max(blocksX, blocksY) + MAX_ELA_CELLS - 1) / MAX_ELA_CELLS);
    int cellsX = Math.max(1, blocksX / cellBlocks);
    int cellsY = Math.max(1, blocksY / cellBlocks);
    int cellSide = cellBlocks * 8;
    float[] logError = new float[cellsX * cellsY];
    boolean[] clipped = new boolean[cellsX * cellsY];
    int usable = 0;
    for (int cy = 0; cy < cellsY; cy++) {
      for (int cx = 0; cx < cellsX; cx++) {
        double sum = 0;
        int clippedPixels = 0;
        for (int y = cy * cellSide; y < (cy + 1) * cellSide; y++) {
          for (int x = cx * cellSide; x < (cx + 1) * cellSide; x++) {
            float v = luma.at(x, y);
            sum += Math.abs(v - resaved.at(x, y));
            if (v <= 1.5f || v >= 253.5f) {
              clippedPixels++;
            }
          }
        }
        int cell = cy * cellsX + cx;
        // Clipped pixels cannot change on re-saving; such cells say nothing about history.
        clipped[cell] = clippedPixels * 4 > cellSide * cellSide;
        // The offset keeps cells that did not change at all (flat areas) finite.
        logError[cell] = (float) Math.log(sum / (cellSide * cellSide) + 0.05);
        if (!clipped[cell]) {
          usable++;
        }
      }
    }
    if (usable < 4) {
      return new ErrorLevels(0, null);
    }
    float[] sorted = new float[usable];
    int n = 0;
    for (int i = 0; i < logError.length; i++) {
      if (!clipped[i]) {
        sorted[n++] = logError[i];
      }
    }
    java.util.Arrays.sort(sorted);
    double spread =
        sorted[(int) Math.floor(0.95 * (n - 1))] - sorted[(int) Math.ceil(0.05 * (n - 1))];
    double median = CueMath.median(sorted, n);
    float[] deviation = new float[logError.length];
    for (int i = 0; i < deviation.length; i++) {
      // A cell changing 4 times more, or 4 times less, than the median is fully suspicious.
      deviation[i] =
          clipped[i] ? 0f : (float) Math.min(1.0, Math.abs(logError[i] - median) / Math.log(4));
    }
    Heatmap heatmap =
        CueMath.blockHeatmap(
            "error level deviation",
            deviation,
            cellsX,
            cellsY,
            cellSide,
            luma,
            input.image().width(),
            input.image().height(),
            MAX_ELA_CELLS);
    return new ErrorLevels(spread, heatmap);
  }

  /** Encodes with the JDK's JPEG writer (IJG tables) and decodes the result. */
  private static BufferedImage reencode(BufferedImage image, int quality) {
    try {
      BufferedImage decoded =
          ImageIO.read(new ByteArrayInputStream(Degradations.jpeg(image, quality)));
      if (decoded == null) {
        throw new IllegalStateException("the JDK could not read its own JPEG");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException("re-encoding in memory failed", e);
    }
  }

  /**
   * The 8x8 DCT-II as JPEG defines it (orthonormal), only for horizontal and vertical frequencies
   * below 4, which is all the histograms use; coefficients in natural order.
   */
  private static void dct(double[] block, double[] out) {
    double[] rows = new double[32];
    for (int y = 0; y < 8; y++) {
      for (int u = 0; u < 4; u++) {
        double s = 0;
        for (int x = 0; x < 8; x++) {
          s += DCT[u][x] * block[y * 8 + x];
        }
        rows[y * 4 + u] = s;
      }
    }
    for (int v = 0; v < 4; v++) {
      for (int u = 0; u < 4; u++) {
        double s = 0;
        for (int y = 0; y < 8; y++) {
          s += DCT[v][y] * rows[y * 4 + u];
        }
        out[v * 8 + u] = s;
      }
    }
  }

  private static double[][] dctMatrix() {
    double[][] m = new double[8][8];
    for (int u = 0; u < 8; u++) {
      double c = u == 0 ? Math.sqrt(1.0 / 8) : Math.sqrt(2.0 / 8);
      for (int x = 0; x < 8; x++) {
        m[u][x] = c * Math.cos((2 * x + 1) * u * Math.PI / 16);
      }
    }
    return m;
  }
}
