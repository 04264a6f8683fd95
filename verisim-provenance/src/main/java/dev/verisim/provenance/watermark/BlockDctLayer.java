package dev.verisim.provenance.watermark;

import java.util.SplittableRandom;

/**
 * The JPEG-proof layer of the mark: quantisation index modulation on five low-frequency
 * coefficients of every 8 x 8 luminance block, on the grid of JPEG's own quantiser at quality 50.
 *
 * <p>Why: at 64 x 64 pixels and 40 dB PSNR, JPEG at quality 50 adds as much noise in the mark's
 * band as the mark has energy, and neither a spread-spectrum mark nor an informed one in the
 * Fourier domain kept 48 bits through it (about 60% payload success at best, measured on LFW
 * faces). JPEG's quantiser is known: a coefficient already on a multiple of its quality-50 step
 * comes back unchanged from a quality-50 re-encoding, and within half a step from any higher
 * quality. Each used coefficient is moved to the nearest multiple of its step whose parity is the
 * bit XOR a keyed parity, so the bit is that parity. The price: it is read only where the block
 * grid was not moved (no crop, no resize); the spread-spectrum layer covers those.
 *
 * <p>Reading: {@code psi = pi (F / Q - d)} per coefficient, {@code cos psi} is +1 on a 0 bit, -1 on
 * a 1 bit. Without the mark, the keyed parities d make each {@code cos psi} a symmetric variable in
 * [-1, 1], independent across coefficients, so by Hoeffding the score {@code z = sum cos psi /
 * sqrt(M)} over the M synchronisation coefficients has {@code P(z >= z0) <= exp(-z0^2/2)}.
 */
final class BlockDctLayer {
  static final int BLOCK = 8;

  /** (u, v) of the coefficients used (u across), and their steps in the IJG quality-50 table. */
  private static final int[][] SLOTS = {{1, 0}, {0, 1}, {1, 1}, {2, 0}, {0, 2}};

  private static final double[] STEPS = {11, 12, 12, 10, 14};

  /** Groups of coefficients that carry the synchronisation pattern (bit 0 always). */
  static final int SYNC_GROUPS = 24;

  /** At most this many coefficients per group (a 64 x 64 image has 2.5). */
  private static final int SLOTS_PER_GROUP = 8;

  private static final double[][] BASIS = new double[BLOCK][BLOCK];

  static {
    for (int k = 0; k < BLOCK; k++) {
      double c = k == 0 ? Math.sqrt(1.0 / BLOCK) : Math.sqrt(2.0 / BLOCK);
      for (int x = 0; x < BLOCK; x++) {
        BASIS[k][x] = c * Math.cos((2 * x + 1) * k * Math.PI / (2 * BLOCK));
      }
    }
  }

  private final long seed;

  BlockDctLayer(long seed) {
    this.seed = seed;
  }

  /** The keyed layout for an image of blocksX x blocksY blocks. */
  private Layout layout(int blocksX, int blocksY) {
    int slots = blocksX * blocksY * SLOTS.length;
    int groups = SYNC_GROUPS + PayloadCodec.CODE_BITS;
    SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
    int[] order = new int[slots];
    for (int i = 0; i < slots; i++) {
      order[i] = i;
    }
    for (int i = slots - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    // Big images have far more coefficients than the code needs: use a keyed subset and leave
    // the energy to the spread-spectrum layer, which is the one that survives geometric edits.
    int used = Math.min(slots, SLOTS_PER_GROUP * groups);
    int[] group = new int[slots];
    boolean[] parity = new boolean[slots];
    for (int i = 0; i < slots; i++) {
      group[order[i]] = i < used ? i % groups : -1;
    }
    for (int i = 0; i < slots; i++) {
      parity[i] = random.nextBoolean();
    }
    return new Layout(group, parity);
  }

  private record Layout(int[] group, boolean[] parity) {}

  /**
   * The luminance change that puts every used coefficient of {@code luma} (w x h, row-major) on its
   * bit's lattice; zero outside complete blocks.
   */
  float[] delta(float[] luma, int w, int h, boolean[] code) {
    int bx = w / BLOCK;
    int by = h / BLOCK;
    Layout layout = layout(bx, by);
    float[] delta = new float[luma.length];
    double[] block = new double[BLOCK * BLOCK];
    for (int b = 0; b < bx * by; b++) {
      int x0 = (b % bx) * BLOCK;
      int y0 = (b / bx) * BLOCK;
      read(luma, w, x0, y0, block);
      for (int s = 0; s < SLOTS.length; s++) {
        int slot = b * SLOTS.length + s;
        int g = layout.group[slot];
        if (g < 0) {
          continue;
        }
        boolean bit = g >= SYNC_GROUPS && code[g - SYNC_GROUPS];
        int wanted = (bit ^ layout.parity[slot]) ? 1 : 0;
        double f = coefficient(block, SLOTS[s][0], SLOTS[s][1]);
        double q = STEPS[s];
        // The nearest multiple of q with the wanted parity.
        long k = Math.round(f / q);
        if (Math.floorMod(k, 2) != wanted) {
          k += (f / q >= k) ? 1 : -1;
        }
        double change = k * q - f;
        for (int y = 0; y < BLOCK; y++) {
          for (int x = 0; x < BLOCK; x++) {
            delta[(y0 + y) * w + x0 + x] +=
                (float) (change * BASIS[SLOTS[s][1]][y] * BASIS[SLOTS[s][0]][x]);
          }
        }
      }
    }
    return delta;
  }

  /** What the layer reads: the sync score z and the soft code bits (positive for a 1). */
  record Reading(double z, double[] soft) {}

  Reading read(float[] luma, int w, int h) {
    int bx = w / BLOCK;
    int by = h / BLOCK;
    Layout layout = layout(bx, by);
    double[] soft = new double[PayloadCodec.CODE_BITS];
    double sync = 0;
    int syncCount = 0;
    double[] block = new double[BLOCK * BLOCK];
    for (int b = 0; b < bx * by; b++) {
      read(luma, w, (b % bx) * BLOCK, (b / bx) * BLOCK, block);
      for (int s = 0; s < SLOTS.length; s++) {
        int slot = b * SLOTS.length + s;
        int g = layout.group[slot];
        if (g < 0) {
          continue;
        }
        double f = coefficient(block, SLOTS[s][0], SLOTS[s][1]);
        double c = Math.cos(Math.PI * (f / STEPS[s] - (layout.parity[slot] ? 1 : 0)));
        if (g < SYNC_GROUPS) {
          sync += c;
          syncCount++;
        } else {
          soft[g - SYNC_GROUPS] -= c;
        }
      }
    }
    return new Reading(syncCount == 0 ? 0 : sync / Math.sqrt(syncCount), soft);
  }

  private static void read(float[] luma, int w, int x0, int y0, double[] block) {
    for (int y = 0; y < BLOCK; y++) {
      for (int x = 0; x < BLOCK; x++) {
        block[y * BLOCK + x] = luma[(y0 + y) * w + x0 + x];
      }
    }
  }

  /** The orthonormal 2-D DCT coefficient (u across, v down) of a block: JPEG's own scale. */
  private static double coefficient(double[] block, int u, int v) {
    double sum = 0;
    for (int y = 0; y < BLOCK; y++) {
      double row = 0;
      for (int x = 0; x < BLOCK; x++) {
        row += block[y * BLOCK + x] * BASIS[u][x];
      }
      sum += row * BASIS[v][y];
    }
    return sum;
  }
}
