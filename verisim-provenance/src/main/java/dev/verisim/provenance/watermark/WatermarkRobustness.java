package dev.verisim.provenance.watermark;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The robustness harness: marks each image with a random payload, applies every {@link
 * WatermarkAttack} to the marked image and to the unmarked original, and counts what the detector
 * finds. Deterministic for a seed.
 */
public final class WatermarkRobustness {
  private final Watermarker watermarker;

  public WatermarkRobustness(Watermarker watermarker) {
    this.watermarker = Objects.requireNonNull(watermarker, "watermarker");
  }

  /**
   * One attack's results.
   *
   * @param detected marked images claimed marked after the attack
   * @param exact marked images whose exact payload was read after the attack
   * @param meanBitAccuracy mean raw bit accuracy over the marked images
   * @param falseClaims unmarked originals claimed marked after the same attack
   * @param medianMillis median detection time per image after the attack
   */
  public record Row(
      WatermarkAttack attack,
      int images,
      int detected,
      int exact,
      double meanBitAccuracy,
      int falseClaims,
      double medianMillis) {

    public double detectionRate() {
      return images == 0 ? 0 : (double) detected / images;
    }

    public double exactRate() {
      return images == 0 ? 0 : (double) exact / images;
    }
  }

  /** Every attack's row, with the PSNR of the marked images against their originals. */
  public record Report(List<Row> rows, int images, double meanPsnr, double minPsnr, long seed) {}

  /** One image's outcome under every attack, opaque: {@link #summarise} reads it. */
  public static final class Tally {
    private final int[] detected = new int[WatermarkAttack.values().length];
    private final int[] exact = new int[detected.length];
    private final int[] falseClaims = new int[detected.length];
    private final double[] accuracy = new double[detected.length];
    private final List<List<Double>> millis = new ArrayList<>();
    private double psnr;

    private Tally() {
      for (int i = 0; i < detected.length; i++) {
        millis.add(new ArrayList<>());
      }
    }
  }

  /** The payload image i of a run gets: drawn from the seed, independent of the other images. */
  public static WatermarkPayload payload(long seed, int index) {
    return WatermarkPayload.fromBits(new SplittableRandom(seed * 1_000_003L + index).nextInt());
  }

  /** Marks, attacks and detects one image; safe to call from several threads. */
  public Tally measure(BufferedImage original, WatermarkPayload payload) {
    Tally t = new Tally();
    BufferedImage marked = watermarker.embed(original, payload);
    t.psnr = Psnr.of(original, marked);
    for (WatermarkAttack attack : WatermarkAttack.values()) {
      int a = attack.ordinal();
      BufferedImage attacked = attack.apply(marked);
      long start = System.nanoTime();
      WatermarkDetection d = watermarker.detect(attacked);
      t.millis.get(a).add((System.nanoTime() - start) / 1e6);
      if (d.present()) {
        t.detected[a]++;
      }
      if (payload.equals(d.payload())) {
        t.exact[a]++;
      }
      t.accuracy[a] += d.bitAccuracy();
      if (watermarker.detect(attack.apply(original)).present()) {
        t.falseClaims[a]++;
      }
    }
    return t;
  }

  /** Sums per-image tallies into the report. */
  public static Report summarise(List<Tally> tallies, long seed) {
    int n = tallies.size();
    List<Row> rows = new ArrayList<>();
    double psnrSum = 0;
    double psnrMin = Double.POSITIVE_INFINITY;
    for (Tally t : tallies) {
      psnrSum += t.psnr;
      psnrMin = Math.min(psnrMin, t.psnr);
    }
    for (WatermarkAttack attack : WatermarkAttack.values()) {
      int a = attack.ordinal();
      int detected = 0;
      int exact = 0;
      int falseClaims = 0;
      double accuracy = 0;
      List<Double> millis = new ArrayList<>();
      for (Tally t : tallies) {
        detected += t.detected[a];
        exact += t.exact[a];
        falseClaims += t.falseClaims[a];
        accuracy += t.accuracy[a];
        millis.addAll(t.millis.get(a));
      }
      millis.sort(null);
      double median = millis.isEmpty() ? 0 : millis.get(millis.size() / 2);
      rows.add(new Row(attack, n, detected, exact, n == 0 ? 0 : accuracy / n, falseClaims, median));
    }
    return new Report(rows, n, n == 0 ? 0 : psnrSum / n, n == 0 ? 0 : psnrMin, seed);
  }

  /** Runs the whole harness on one thread. */
  public Report run(List<BufferedImage> images, long seed) {
    List<Tally> tallies = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      tallies.add(measure(images.get(i), payload(seed, i)));
    }
    return summarise(tallies, seed);
  }
}
