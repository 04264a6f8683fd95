package dev.verisim.provenance.watermark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The keyed pattern of one tile: which Fourier coefficients of a {@value #TILE} x {@value #TILE}
 * tile carry the mark, the key's phase of each, and which of them form the synchronisation pattern
 * and which carry each code bit.
 *
 * <p>The coefficients are those between {@value #MIN_RADIUS} and {@value #MAX_RADIUS} cycles per
 * tile (about 0.05 to 0.24 cycles per pixel): low enough to survive JPEG at quality 50 and a
 * halving of the size (which doubles every frequency), high enough to stay clear of the strong
 * low-frequency content of photos. Each one has unit magnitude and a phase drawn from the key, so
 * for an image without this key's mark every phase the detector compares is uniform and independent
 * of the image: that is what the false-positive bound rests on.
 */
final class WatermarkPattern {
  static final int TILE = 64;
  static final double MIN_RADIUS = 3.0;
  static final double MAX_RADIUS = 15.5;

  /** Share of the coefficients given to the synchronisation pattern; the rest carry code bits. */
  private static final double SYNC_SHARE = 0.36;

  /** Frequencies (u, v) of the used coefficients, one per conjugate pair (upper half plane). */
  final int[] u;

  final int[] v;

  /** The key's phase of each coefficient. */
  final double[] phase;

  /** -1 for a synchronisation coefficient, else the index of the code bit it carries. */
  final int[] codeBit;

  final int syncCount;

  /** The seed derived from the key, for the other keyed choices (dithers). */
  final long seed;

  WatermarkPattern(String key) {
    seed = seed(key);
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> band = new ArrayList<>();
    for (int vv = 0; vv <= TILE / 2 - 1; vv++) {
      for (int uu = -TILE / 2 + 1; uu <= TILE / 2 - 1; uu++) {
        if (vv == 0 && uu <= 0) {
          continue; // one of each conjugate pair
        }
        double r = Math.hypot(uu, vv);
        if (r >= MIN_RADIUS && r <= MAX_RADIUS) {
          band.add(new int[] {uu, vv});
        }
      }
    }
    // A keyed shuffle, so which frequencies sync and which carry each bit depends on the key.
    for (int i = band.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int[] t = band.get(i);
      band.set(i, band.get(j));
      band.set(j, t);
    }
    int n = band.size();
    u = new int[n];
    v = new int[n];
    phase = new double[n];
    codeBit = new int[n];
    syncCount = (int) Math.round(n * SYNC_SHARE);
    for (int i = 0; i < n; i++) {
      u[i] = band.get(i)[0];
      v[i] = band.get(i)[1];
      phase[i] = 2 * Math.PI * random.nextDouble();
      codeBit[i] = i < syncCount ? -1 : (i - syncCount) % PayloadCodec.CODE_BITS;
    }
  }

  int size() {
    return u.length;
  }

  /**
   * The spatial tile of {@code period} x {@code period} pixels (a multiple of {@link #TILE} for
   * large images) for a codeword, RMS 1: the sum of the sync cosines and of each code bit's
   * cosines, negated for a 1 bit.
   */
  double[] tile(boolean[] code, int period) {
    double[] spectrum = new double[period * period * 2];
    for (int i = 0; i < size(); i++) {
      double p = phase[i] + (codeBit[i] >= 0 && code[codeBit[i]] ? Math.PI : 0);
      put(spectrum, period, u[i], v[i], Math.cos(p), Math.sin(p));
      put(spectrum, period, -u[i], -v[i], Math.cos(p), -Math.sin(p));
    }
    new DoubleFFT_2D(period, period).complexInverse(spectrum, false);
    double[] tile = new double[period * period];
    double energy = 0;
    for (int i = 0; i < tile.length; i++) {
      tile[i] = spectrum[2 * i];
      energy += tile[i] * tile[i];
    }
    double rms = Math.sqrt(energy / tile.length);
    for (int i = 0; i < tile.length; i++) {
      tile[i] /= rms;
    }
    return tile;
  }

  /** Stores a coefficient at frequency (fu, fv) of a period x period row-major complex array. */
  private static void put(double[] a, int period, int fu, int fv, double re, double im) {
    int col = Math.floorMod(fu, period);
    int row = Math.floorMod(fv, period);
    a[2 * (row * period + col)] = re;
    a[2 * (row * period + col) + 1] = im;
  }

  private static long seed(String key) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(("verisim-watermark-v1:" + key).getBytes(StandardCharsets.UTF_8));
      long s = 0;
      for (int i = 0; i < 8; i++) {
        s = (s << 8) | (h[i] & 0xFF);
      }
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
