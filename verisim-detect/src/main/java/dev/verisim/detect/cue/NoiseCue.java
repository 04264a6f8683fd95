package dev.verisim.detect.cue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Heatmap;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the strength of the fine noise across the image, to find a region whose noise does not
 * match the rest.
 *
 * <p>A camera leaves sensor noise of about the same strength everywhere at a given brightness. A
 * region pasted from another photo, retouched, blurred or generated carries different noise: more,
 * less or none. The cue removes the image content with a high-pass filter that cancels smooth
 * gradients (Immerkaer's noise-estimation mask), estimates the noise level of each 32x32 block
 * robustly (median absolute residual, so edges in a block barely matter), and measures how far the
 * most deviant group of neighbouring blocks is from the image-wide median, in robust units.
 *
 * <p>Blocks that are mostly clipped (black or white) are ignored, because clipping removes noise.
 * Genuine causes of uneven noise remain: large flat areas such as a clear sky, strong local
 * denoising by a phone, or very dark regions; the explanation says how large and how different the
 * region is so a reader can judge.
 */
public final class NoiseCue implements Cue {
  public static final String INCONSISTENCY = "noise.inconsistency";
  public static final String LEVEL = "noise.level";
  public static final String OUTLIER_FRACTION = "noise.outlier_fraction";

  private static final List<String> FEATURES = List.of(INCONSISTENCY, LEVEL, OUTLIER_FRACTION);

  /** Blocks further than this many robust units from the median count as outliers. */
  private static final double OUTLIER_Z = 3.0;

  /**
   * The smallest spread of log noise levels used as the robust unit: block estimates from 1000
   * residuals scatter by about 5% even when the noise is perfectly uniform.
   */
  private static final double MIN_SPREAD = 0.1;

  /** Added to sigma before taking logs, so noise-free blocks stay finite. */
  private static final double SIGMA_OFFSET = 0.1;

  /** Immerkaer's mask has weights whose squares sum to 36: a noise of sigma gives 6 sigma. */
  private static final double MASK_GAIN = 6.0;

  private static final int MAX_HEATMAP_CELLS = 64;

  @Override
  public String name() {
    return "noise";
  }

  @Override
  public List<String> featureNames() {
    return FEATURES;
  }

  @Override
  public CueEvidence analyse(CueInput input) {
    LumaPlane luma = input.luma();
    int w = luma.width();
    int h = luma.height();
    if (w < 3 || h < 3) {
      return neutral(0, "The image is too small to measure its noise; this check was skipped.");
    }
    float[] residual = residual(luma);
    int rw = w - 2;
    int rh = h - 2;
    int block = blockSize(rw, rh);
    if (block == 0) {
      float[] all = residual.clone();
      double sigma = sigmaOf(all, all.length);
      return neutral(
          sigma,
          String.format(
              Locale.ROOT,
              "The image is too small to compare noise between regions; its noise level is %.1f"
                  + " grey levels.",
              sigma));
    }
    int blocksX = rw / block;
    int blocksY = rh / block;
    int blocks = blocksX * blocksY;
    double[] logSigma = new double[blocks];
    boolean[] valid = new boolean[blocks];
    float[] scratch = new float[block * block];
    int validCount = 0;
    for (int by = 0; by < blocksY; by++) {
      for (int bx = 0; bx < blocksX; bx++) {
        int n = 0;
        int clipped = 0;
        for (int y = by * block; y < (by + 1) * block; y++) {
          for (int x = bx * block; x < (bx + 1) * block; x++) {
            scratch[n++] = Math.abs(residual[y * rw + x]);
            float v = luma.at(x + 1, y + 1);
            if (v <= 1.5f || v >= 253.5f) {
              clipped++;
            }
          }
        }
        int b = by * blocksX + bx;
        if (clipped * 4 > n) {
          continue;
        }
        logSigma[b] = Math.log(sigmaOf(scratch, n) + SIGMA_OFFSET);
        valid[b] = true;
        validCount++;
      }
    }
    if (validCount < 4) {
      return neutral(
          0,
          "Almost the whole image is clipped to black or white, so its noise cannot be compared;"
              + " this check was skipped.");
    }
    float[] validLogs = new float[validCount];
    int k = 0;
    for (int b = 0; b < blocks; b++) {
      if (valid[b]) {
        validLogs[k++] = (float) logSigma[b];
      }
    }
    double median = CueMath.median(validLogs, validCount);
    for (int i = 0; i < validCount; i++) {
      validLogs[i] = (float) Math.abs(validLogs[i] - median);
    }
    double spread = Math.max(MIN_SPREAD, 1.4826 * CueMath.median(validLogs, validCount));

    double[] z = new double[blocks];
    int outliers = 0;
    for (int b = 0; b < blocks; b++) {
      z[b] = valid[b] ? (logSigma[b] - median) / spread : 0;
      if (Math.abs(z[b]) >= OUTLIER_Z) {
        outliers++;
      }
    }
    Cluster worst = mostDeviantCluster(z, blocksX, blocksY);

    double level = CueMath.bounded(Math.exp(median) - SIGMA_OFFSET, 0, 128, 0);
    double inconsistency = CueMath.bounded(Math.log1p(worst.combinedZ), 0, 10, 0);
    double outlierFraction = outliers / (double) validCount;
    Map<String, Double> features = new LinkedHashMap<>();
    features.put(INCONSISTENCY, inconsistency);
    features.put(LEVEL, level);
    features.put(OUTLIER_FRACTION, outlierFraction);

    float[] heat = new float[blocks];
    for (int b = 0; b < blocks; b++) {
      heat[b] = (float) Math.min(1.0, Math.abs(z[b]) / (3 * OUTLIER_Z));
    }
    // Blocks start one pixel in, where the residual starts; the heatmap helper wants the corner.
    LumaPlane shifted = new LumaPlane(w, h, luma.y(), luma.originX() + 1, luma.originY() + 1);
    Heatmap heatmap =
        CueMath.blockHeatmap(
            "noise inconsistency",
            heat,
            blocksX,
            blocksY,
            block,
            shifted,
            input.image().width(),
            input.image().height(),
            MAX_HEATMAP_CELLS);

    // Chance clusters in an evenly noisy photo reach a combined z of about 5-10 (log1p: 2.3);
    // a pasted region of a different noise is in the tens or hundreds.
    double score = CueMath.logistic(3.0 * (inconsistency - 3.0));
    String explanation;
    if (worst.size == 0) {
      explanation =
          String.format(
              Locale.ROOT,
              "The noise is even across the image (about %.1f grey levels everywhere); no region"
                  + " stands out.",
              level);
    } else {
      double clusterLog = median + worst.meanZ * spread;
      double ratio = Math.exp(clusterLog - median);
      explanation =
          String.format(
              Locale.ROOT,
              "A region covering %.0f%% of the image has %.1f times the noise of the rest (%.1f vs"
                  + " %.1f grey levels); %s.",
              100.0 * worst.size / validCount,
              ratio,
              Math.max(0, Math.exp(clusterLog) - SIGMA_OFFSET),
              level,
              score >= 0.5
                  ? "a region with different noise suggests it was pasted, retouched or generated"
                  : "a difference this small is common in untouched photos");
    }
    return new CueEvidence(name(), score, explanation, features, Optional.of(heatmap));
  }

  private CueEvidence neutral(double sigma, String explanation) {
    Map<String, Double> features = new LinkedHashMap<>();
    features.put(INCONSISTENCY, 0.0);
    features.put(LEVEL, CueMath.bounded(sigma, 0, 128, 0));
    features.put(OUTLIER_FRACTION, 0.0);
    return new CueEvidence(name(), 0.0, explanation, features);
  }

  /** 32x32 blocks, or smaller ones so that small images still have at least 16 blocks. */
  private static int blockSize(int rw, int rh) {
    for (int block = 32; block >= 8; block /= 2) {
      if ((rw / block) * (rh / block) >= 16) {
        return block;
      }
    }
    return (rw / 8) * (rh / 8) >= 4 ? 8 : 0;
  }

  /**
   * Immerkaer's mask [1 -2 1; -2 4 -2; 1 -2 1] over the interior pixels: zero on any locally planar
   * patch, so what is left is mostly noise.
   */
  private static float[] residual(LumaPlane luma) {
    int w = luma.width();
    int h = luma.height();
    float[] y = luma.y();
    float[] out = new float[(w - 2) * (h - 2)];
    for (int row = 1; row < h - 1; row++) {
      int up = (row - 1) * w;
      int mid = row * w;
      int down = (row + 1) * w;
      int o = (row - 1) * (w - 2);
      for (int x = 1; x < w - 1; x++) {
        float v =
            y[up + x - 1]
                - 2 * y[up + x]
                + y[up + x + 1]
                - 2 * y[mid + x - 1]
                + 4 * y[mid + x]
                - 2 * y[mid + x + 1]
                + y[down + x - 1]
                - 2 * y[down + x]
                + y[down + x + 1];
        out[o + x - 1] = v;
      }
    }
    return out;
  }

  /** Robust noise sigma from absolute residuals: median / 0.6745 / mask gain. Reorders them. */
  private static double sigmaOf(float[] absResiduals, int n) {
    for (int i = 0; i < n; i++) {
      absResiduals[i] = Math.abs(absResiduals[i]);
    }
    return CueMath.select(absResiduals, n, n / 2) / 0.6745 / MASK_GAIN;
  }

  private record Cluster(int size, double combinedZ, double meanZ) {}

  /**
   * The 4-connected group of outlier blocks (same sign) with the largest combined z (Stouffer: sum
   * of z over the square root of the count), so that one large region of moderately different noise
   * counts as much as a few very different blocks.
   */
  private static Cluster mostDeviantCluster(double[] z, int blocksX, int blocksY) {
    int[] label = new int[z.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    Cluster worst = new Cluster(0, 0, 0);
    int next = 0;
    for (int start = 0; start < z.length; start++) {
      if (label[start] != 0 || Math.abs(z[start]) < OUTLIER_Z) {
        continue;
      }
      double sign = Math.signum(z[start]);
      next++;
      label[start] = next;
      queue.add(start);
      int size = 0;
      double sum = 0;
      while (!queue.isEmpty()) {
        int b = queue.poll();
        size++;
        sum += z[b];
        int bx = b % blocksX;
        int by = b / blocksX;
        int[] neighbours = {
          bx > 0 ? b - 1 : -1,
          bx < blocksX - 1 ? b + 1 : -1,
          by > 0 ? b - blocksX : -1,
          by < blocksY - 1 ? b + blocksX : -1
        };
        for (int nb : neighbours) {
          if (nb >= 0 && label[nb] == 0 && z[nb] * sign >= OUTLIER_Z) {
            label[nb] = next;
            queue.add(nb);
          }
        }
      }
      double combined = Math.abs(sum) / Math.sqrt(size);
      if (combined > worst.combinedZ) {
        worst = new Cluster(size, combined, sum / size);
      }
    }
    return worst;
  }
}
