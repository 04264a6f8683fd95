package dev.verisim.provenance.watermark;

import static dev.verisim.provenance.watermark.WatermarkPattern.TILE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Finds where the tiled pattern sits in an image: its scale, rotation and cyclic shift.
 *
 * <p>For one (scale, angle) hypothesis the high-passed luminance is resampled on the hypothesised
 * tile lattice and folded modulo the tile, so every tile adds up in one {@value
 * WatermarkPattern#TILE}-square array; cropping only shifts that array cyclically. Each Fourier
 * coefficient of the fold in the mark's band is reduced to its phase (whitening: a photo's strong
 * coefficients count no more than its weak ones), and one inverse FFT correlates the phases with
 * the key's synchronisation phases at every shift at once.
 *
 * <p>The score of a hypothesis is {@code z = sqrt(2/M) * sum cos(phase error)} over the M sync
 * coefficients. For an image without the mark every phase error is uniform and independent (the
 * key's phases are), and a sum of M cosines of uniform phases is sub-Gaussian with variance proxy
 * M/2 (E exp(t cos) = I0(t) <= exp(t^2/4)), so {@code P(z >= z0) <= exp(-z0^2/2)} exactly, for any
 * image. The caller multiplies by the number of hypotheses searched.
 */
final class SyncSearch {
  /** Scales searched: the mark's tile may have been resized by 0.45x to 2.2x. */
  static final double MIN_SCALE = 0.45;

  static final double MAX_SCALE = 2.2;

  /** Ratio between neighbouring scales of the fine grid. */
  static final double SCALE_STEP = 1.015;

  static final double MAX_ANGLE = 2.5;
  static final double ANGLE_STEP = 0.5;

  /** Side of the centred region the coarse search looks at (the fine one uses everything). */
  private static final int COARSE_REGION = 128;

  private static final int CANDIDATES = 3;

  private final WatermarkPattern pattern;

  /** JTransforms' plans keep scratch buffers: one per thread, as a Watermarker is shared. */
  private static final ThreadLocal<DoubleFFT_2D> FFT =
      ThreadLocal.withInitial(() -> new DoubleFFT_2D(TILE, TILE));

  SyncSearch(WatermarkPattern pattern) {
    this.pattern = pattern;
  }

  /** A placement of the tile lattice: scale, rotation in degrees, shift in tile pixels, score. */
  record Alignment(double scale, double angle, int shiftX, int shiftY, double z) {}

  /** The folded, whitened band of one (scale, angle) hypothesis: cos and sin of each phase. */
  record Phases(double scale, double angle, double[] cos, double[] sin, double[] re, double[] im) {}

  static int scaleCount() {
    return (int) Math.floor(Math.log(MAX_SCALE / MIN_SCALE) / Math.log(SCALE_STEP)) + 1;
  }

  static int angleCount() {
    return (int) Math.round(2 * MAX_ANGLE / ANGLE_STEP) + 1;
  }

  /** How many (scale, angle, shift) hypotheses the full search stands for. */
  static double gridHypotheses() {
    return (double) scaleCount() * angleCount() * TILE * TILE;
  }

  static double scale(int i) {
    return MIN_SCALE * Math.pow(SCALE_STEP, i);
  }

  static double angle(int j) {
    return -MAX_ANGLE + j * ANGLE_STEP;
  }

  /**
   * Folds the plane on the lattice of the hypothesis. Tile point p maps to the image point {@code
   * centre + scale * R(angle) p}, so rotation about the centre and scaling both act on p.
   */
  Phases fold(LumaPlane plane, double scale, double angle, int region) {
    double[] sum = new double[TILE * TILE];
    int[] count = new int[TILE * TILE];
    int w = Math.min(plane.width, region);
    int h = Math.min(plane.height, region);
    double x0 = (plane.width - w) / 2.0;
    double y0 = (plane.height - h) / 2.0;
    // Integer centre: at scale 1 and angle 0 tile points land exactly on pixels.
    double cx = plane.width / 2;
    double cy = plane.height / 2;
    double a = Math.toRadians(angle);
    double c = Math.cos(a) * scale;
    double s = Math.sin(a) * scale;
    // The tile points whose image falls in the region: bound them by the region's corners.
    double reach = Math.hypot(w, h) / 2 / scale + 2;
    int pMin = (int) Math.floor(-reach);
    int pMax = (int) Math.ceil(reach);
    for (int py = pMin; py <= pMax; py++) {
      for (int px = pMin; px <= pMax; px++) {
        double x = cx + c * px - s * py;
        double y = cy + s * px + c * py;
        if (x < x0 || y < y0 || x > x0 + w - 1 || y > y0 + h - 1) {
          continue;
        }
        float value = plane.sample(x, y);
        if (Float.isNaN(value)) {
          continue;
        }
        int cell = (py & (TILE - 1)) * TILE + (px & (TILE - 1));
        sum[cell] += value;
        count[cell]++;
      }
    }
    double[] spectrum = new double[2 * TILE * TILE];
    for (int i = 0; i < sum.length; i++) {
      spectrum[2 * i] = count[i] > 0 ? sum[i] / count[i] : 0;
    }
    FFT.get().complexForward(spectrum);
    int n = pattern.size();
    double[] cos = new double[n];
    double[] sin = new double[n];
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      int at = 2 * (Math.floorMod(pattern.v[i], TILE) * TILE + Math.floorMod(pattern.u[i], TILE));
      re[i] = spectrum[at];
      im[i] = spectrum[at + 1];
      double mag = Math.hypot(re[i], im[i]);
      if (mag > 1e-9) {
        // Relative to the key's phase: a marked, unshifted tile gives 1 + 0i on sync coefficients.
        double k = Math.cos(pattern.phase[i]);
        double l = Math.sin(pattern.phase[i]);
        cos[i] = (re[i] * k + im[i] * l) / mag;
        sin[i] = (im[i] * k - re[i] * l) / mag;
      }
    }
    return new Phases(scale, angle, cos, sin, re, im);
  }

  /**
   * The raw band rotated into the key-phase frame at a shift: {@code X_k e^{-i(theta_k + 2 pi
   * k.s/T)}}, as {re, im}. A marked tile at that shift has its key's amplitudes there.
   */
  double[][] keyFrame(Phases phases, int sx, int sy) {
    int n = pattern.size();
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      double a = pattern.phase[i] + 2 * Math.PI * (pattern.u[i] * sx + pattern.v[i] * sy) / TILE;
      double c = Math.cos(a);
      double s = Math.sin(a);
      re[i] = phases.re[i] * c + phases.im[i] * s;
      im[i] = phases.im[i] * c - phases.re[i] * s;
    }
    return new double[][] {re, im};
  }

  /** The best cyclic shift of the sync pattern for folded phases, with its score. */
  Alignment bestShift(Phases phases) {
    double[] z = new double[2 * TILE * TILE];
    for (int i = 0; i < pattern.syncCount; i++) {
      int at = 2 * (Math.floorMod(pattern.v[i], TILE) * TILE + Math.floorMod(pattern.u[i], TILE));
      z[at] = phases.cos[i];
      z[at + 1] = phases.sin[i];
    }
    // sum_k Z_k exp(-2 pi i k.d / T) for every shift d at once.
    FFT.get().complexForward(z);
    int best = 0;
    for (int d = 1; d < TILE * TILE; d++) {
      if (z[2 * d] > z[2 * best]) {
        best = d;
      }
    }
    return new Alignment(
        phases.scale, phases.angle, best % TILE, best / TILE, z[2 * best] * norm());
  }

  /**
   * The score at the shift an untouched image has: the fold starts at the centre pixel, whose tile
   * coordinate is the centre modulo the tile.
   */
  Alignment unmovedShift(Phases phases, LumaPlane plane) {
    int sx = (plane.width / 2) % TILE;
    int sy = (plane.height / 2) % TILE;
    double sum = 0;
    for (int i = 0; i < pattern.syncCount; i++) {
      double shift = 2 * Math.PI * (pattern.u[i] * sx + pattern.v[i] * sy) / TILE;
      sum += phases.cos[i] * Math.cos(shift) + phases.sin[i] * Math.sin(shift);
    }
    return new Alignment(phases.scale, phases.angle, sx, sy, sum * norm());
  }

  private double norm() {
    return Math.sqrt(2.0 / pattern.syncCount);
  }

  /**
   * Soft code bits at an alignment: for each code bit the sum of its coefficients' phase agreement,
   * positive for a 1 (a 1 bit negates its coefficients).
   */
  double[] softBits(Phases phases, Alignment at) {
    double[] soft = new double[PayloadCodec.CODE_BITS];
    for (int i = pattern.syncCount; i < pattern.size(); i++) {
      double shift = 2 * Math.PI * (pattern.u[i] * at.shiftX() + pattern.v[i] * at.shiftY()) / TILE;
      // Re(e^{i phase} e^{-i shift})
      double agreement = phases.cos[i] * Math.cos(shift) + phases.sin[i] * Math.sin(shift);
      soft[pattern.codeBit[i]] -= agreement;
    }
    return soft;
  }

  /**
   * The grid search: a coarse pass (every other grid point, on the centred region) picks a few
   * candidates, then the fine grid around each is scored on the whole plane. The result is sorted
   * best first. Only fine-grid points are ever scored for the decision, so the union bound over
   * {@link #gridHypotheses()} holds however the candidates were picked.
   */
  List<Scored> gridSearch(LumaPlane plane) {
    List<Alignment> coarse = new ArrayList<>();
    for (int i = 0; i < scaleCount(); i += 2) {
      for (int j = 0; j < angleCount(); j += 2) {
        Phases p = fold(plane, scale(i), angle(j), COARSE_REGION);
        Alignment a = bestShift(p);
        coarse.add(new Alignment(i, j, a.shiftX(), a.shiftY(), a.z()));
      }
    }
    coarse.sort(Comparator.comparingDouble(Alignment::z).reversed());
    List<Scored> fine = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Alignment c : coarse.subList(0, Math.min(CANDIDATES, coarse.size()))) {
      int ci = (int) c.scale();
      int cj = (int) c.angle();
      for (int i = Math.max(0, ci - 1); i <= Math.min(scaleCount() - 1, ci + 1); i++) {
        for (int j = Math.max(0, cj - 1); j <= Math.min(angleCount() - 1, cj + 1); j++) {
          if (!seen.add((long) i * 1000 + j)) {
            continue;
          }
          Phases p = fold(plane, scale(i), angle(j), Integer.MAX_VALUE);
          fine.add(new Scored(p, bestShift(p)));
        }
      }
    }
    fine.sort(Comparator.comparingDouble((Scored s) -> s.alignment().z()).reversed());
    return fine;
  }

  /** Folded phases with the best alignment found in them. */
  record Scored(Phases phases, Alignment alignment) {}
}
