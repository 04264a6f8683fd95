package dev.verisim.provenance.watermark;

import static dev.verisim.provenance.watermark.WatermarkPattern.TILE;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An invisible, keyed image watermark carrying a {@link WatermarkPayload} of 32 bits.
 *
 * <pre>{@code
 * Watermarker marker = Watermarker.withDefaultKey();
 * BufferedImage marked = marker.embed(image, new WatermarkPayload(42, 1234));
 * WatermarkDetection d = marker.detect(marked);   // d.present(), d.payload()
 * }</pre>
 *
 * <p><b>Embedding.</b> A {@value WatermarkPattern#TILE}-pixel tile ({@link WatermarkPattern}) made
 * of a synchronisation pattern and the payload's code bits (32 bits + CRC-16, convolutional code of
 * rate 1/2, {@link PayloadCodec}) is repeated over the image, weighted by local texture, and added
 * to the luminance (the same delta on R, G and B). Its strength is searched per image so that the
 * PSNR of the 8-bit output against the input is {@value #TARGET_PSNR} dB (never below {@value
 * #MIN_PSNR}). Images of 512 pixels and more on the short side get a proportionally larger tile, so
 * detection can work on a bounded, shrunken copy.
 *
 * <p><b>Detection and its false-positive bound.</b> The detector looks for the tile lattice ({@link
 * SyncSearch}) in three tiers: (0) the untouched position; (1) any cyclic shift (crops) at scale 1
 * and no rotation, 4096 hypotheses; (2) a grid of scales 0.45 to 2.2 and rotations of +-2.5 degrees
 * with every shift. For each tier there are two tests: the sync score alone, and the sync score
 * together with a CRC match of the payload decoded there. For one hypothesis and an image without
 * the mark, {@code P(z >= z0) <= exp(-z0^2/2)} over the key's random phases (whatever the image),
 * and a CRC matches with probability 2^-16 independently (code and sync use disjoint coefficients,
 * and the decoded word is uniform because the code is linear and every code bit's sign is
 * randomised). A tier's p-value is its hypothesis count times that bound; the reported {@link
 * WatermarkDetection#falsePositiveProbability()} is six (tiers x tests) times the smallest p-value,
 * and the image is claimed marked when it is at most {@value #FALSE_POSITIVE_RATE}. Thresholds this
 * implies: z >= 5.6 untouched, 6.8 shifted, 8.0 anywhere (sync alone), or 3.0, 4.7 and 6.5 with a
 * matching CRC.
 *
 * <p>Deterministic: the same key, payload and image give the same pixels. Thread-safe.
 */
public final class Watermarker {
  /** The largest probability, for an unmarked image, that {@link #detect} claims a mark. */
  public static final double FALSE_POSITIVE_RATE = 1e-6;

  public static final double TARGET_PSNR = 40.5;
  public static final double MIN_PSNR = 40.0;

  /** Images smaller than this on either side are neither marked nor searched. */
  public static final int MIN_SIDE = 32;

  /** The short side from which the tile (and the detector's shrink factor) doubles, triples... */
  static final int SIDE_PER_TILE_STEP = 256;

  private static final String DEFAULT_KEY = "verisim-default-watermark-key";

  /** Tiers x tests, for the Bonferroni correction of the final p-value. */
  private static final int SUB_TESTS = 6;

  private final WatermarkPattern pattern;
  private final SyncSearch search;

  private Watermarker(String key) {
    this.pattern = new WatermarkPattern(key);
    this.search = new SyncSearch(pattern);
  }

  /** The project's public default key: anyone can detect (and forge) it; use your own for trust. */
  public static Watermarker withDefaultKey() {
    return new Watermarker(DEFAULT_KEY);
  }

  /** A watermarker for a secret key (any non-empty string); other keys do not see its marks. */
  public static Watermarker withKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the watermark key must not be empty");
    }
    return new Watermarker(key);
  }

  /**
   * Returns a marked copy ({@link BufferedImage#TYPE_INT_RGB}) of the image; alpha is dropped.
   *
   * @throws IllegalArgumentException when a side is below {@link #MIN_SIDE}
   */
  public BufferedImage embed(BufferedImage image, WatermarkPayload payload) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(payload, "payload");
    int w = image.getWidth();
    int h = image.getHeight();
    if (w < MIN_SIDE || h < MIN_SIDE) {
      throw new IllegalArgumentException(
          "cannot watermark an image smaller than " + MIN_SIDE + " pixels: " + w + "x" + h);
    }
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    int period = TILE * shrinkFactor(w, h);
    double[] tile = pattern.tile(PayloadCodec.encode(payload), period);
    float[] mask = LumaPlane.of(image).activity();
    double[] delta = new double[rgb.length];
    double energy = 0;
    for (int i = 0; i < mask.length; i++) {
      // Texture tolerates (and JPEG keeps) more of the mark than flat sky or skin does.
      double m = Math.pow(mask[i] + 3.0, 0.75);
      delta[i] = m;
      energy += m * m;
    }
    double rms = Math.sqrt(energy / delta.length);
    for (int y = 0; y < h; y++) {
      int tileRow = (y % period) * period;
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        delta[i] = Math.min(3.0, delta[i] / rms) * tile[tileRow + x % period];
      }
    }
    int[] out = new int[rgb.length];
    // PSNR falls as the strength grows: bisect to the target, keep the strongest that meets MIN.
    double lo = 0;
    double hi = 16;
    double best = 0;
    for (int iteration = 0; iteration < 18; iteration++) {
      double strength = (lo + hi) / 2;
      double psnr = apply(rgb, delta, strength, out);
      if (psnr >= MIN_PSNR) {
        best = Math.max(best, strength);
      }
      if (Math.abs(psnr - TARGET_PSNR) < 0.05 && psnr >= MIN_PSNR) {
        best = strength;
        break;
      }
      if (psnr > TARGET_PSNR) {
        lo = strength;
      } else {
        hi = strength;
      }
    }
    apply(rgb, delta, best, out);
    BufferedImage marked = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    marked.setRGB(0, 0, w, h, out, 0, w);
    return marked;
  }

  /** Writes the marked pixels into {@code out} and returns their PSNR against {@code rgb}. */
  private static double apply(int[] rgb, double[] delta, double strength, int[] out) {
    long squared = 0;
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int d = 0;
      int q = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        int c = (p >> shift) & 0xFF;
        int v = (int) Math.round(c + strength * delta[i]);
        v = v < 0 ? 0 : Math.min(255, v);
        d = v - c;
        squared += (long) d * d;
        q |= v << shift;
      }
      out[i] = q;
    }
    return Psnr.fromSquaredError(squared, 3L * rgb.length);
  }

  /** The integer factor the detector shrinks by, and the embedder's tile period multiplier. */
  static int shrinkFactor(int width, int height) {
    return Math.max(1, Math.min(width, height) / SIDE_PER_TILE_STEP);
  }

  /** Looks for this key's mark; never throws on image content. */
  public WatermarkDetection detect(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int factor = shrinkFactor(image.getWidth(), image.getHeight());
    LumaPlane plane = LumaPlane.of(image).shrink(factor);
    if (plane.width < MIN_SIDE || plane.height < MIN_SIDE) {
      return WatermarkDetection.tooSmall();
    }
    plane = plane.highPass();
    List<Candidate> candidates = new ArrayList<>();
    SyncSearch.Phases identity = search.fold(plane, 1, 0, Integer.MAX_VALUE);
    candidates.add(candidate(identity, search.unmovedShift(identity, plane), 1));
    candidates.add(candidate(identity, search.bestShift(identity), TILE * TILE));
    Candidate best = strongest(candidates);
    if (best.payload().isEmpty() || best.pValue() * SUB_TESTS > FALSE_POSITIVE_RATE) {
      // Not found where an untouched or cropped image has it: search scales and rotations.
      for (SyncSearch.Scored s : search.gridSearch(plane).subList(0, 3)) {
        candidates.add(candidate(s.phases(), s.alignment(), SyncSearch.gridHypotheses()));
      }
      best = strongest(candidates);
    }
    double fpp = Math.min(1, best.pValue() * SUB_TESTS);
    boolean present = fpp <= FALSE_POSITIVE_RATE;
    SyncSearch.Alignment a = best.alignment();
    return new WatermarkDetection(
        present,
        present ? best.payload().orElse(null) : null,
        best.bitAccuracy(),
        fpp,
        a.z(),
        a.scale() * factor / shrinkFactor(image.getWidth(), image.getHeight()),
        a.angle(),
        a.shiftX(),
        a.shiftY());
  }

  /** One tested alignment: its decoded payload (if the CRC matched) and its p-value. */
  private record Candidate(
      SyncSearch.Alignment alignment,
      Optional<WatermarkPayload> payload,
      double bitAccuracy,
      double pValue) {}

  private Candidate candidate(
      SyncSearch.Phases phases, SyncSearch.Alignment alignment, double hypotheses) {
    double[] soft = search.softBits(phases, alignment);
    PayloadCodec.Decoded decoded = PayloadCodec.decode(soft);
    int agree = 0;
    for (int j = 0; j < soft.length; j++) {
      if ((soft[j] > 0) == decoded.codeword()[j]) {
        agree++;
      }
    }
    double z = Math.max(0, alignment.z());
    double p = Math.min(1, hypotheses * Math.exp(-z * z / 2));
    if (decoded.payload().isPresent()) {
      p *= PayloadCodec.CRC_PASS_PROBABILITY;
    }
    return new Candidate(alignment, decoded.payload(), (double) agree / soft.length, p);
  }

  private static Candidate strongest(List<Candidate> candidates) {
    Candidate best = candidates.get(0);
    for (Candidate c : candidates) {
      if (c.pValue() < best.pValue()) {
        best = c;
      }
    }
    return best;
  }
}
