package dev.verisim.gan.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.media.Degradations;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How good a generator is, measured without any downloaded network: the sliced Wasserstein distance
 * between generated and real images (with the distance between two halves of the real set as the
 * floor that sampling noise alone gives), MS-SSIM diversity of each set (lower is more varied; a
 * collapsed generator scores near 1), and detectability: the AUC of a detector on generated against
 * real images (0.5: it cannot tell them apart).
 *
 * @param detectability AUC of the detector's p_fake, generated = positive; NaN without a detector
 * @param meanPFakeGenerated mean p_fake over generated images; NaN without a detector
 * @param meanPFakeReal mean p_fake over real images; NaN without a detector
 */
public record GanQuality(
    int generated,
    int real,
    SwdResult swdGeneratedVsReal,
    SwdResult swdRealHalves,
    Diversity.Result generatedDiversity,
    Diversity.Result realDiversity,
    double detectability,
    double meanPFakeGenerated,
    double meanPFakeReal,
    String detector) {

  /** Pairs drawn for each diversity figure. */
  public static final int DIVERSITY_PAIRS = 500;

  /**
   * Measures a generator's images against real ones (both the same size).
   *
   * @param detector scores both sets for detectability, or null to skip it; images are given to it
   *     as unlabelled PNG, so the score is about pixels, not about verisim's AI label
   */
  public static GanQuality measure(
      List<BufferedImage> generated, List<BufferedImage> real, Detector detector, long seed) {
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(real, "real");
    if (generated.size() < 2 || real.size() < 4) {
      throw new IllegalArgumentException(
          "need at least 2 generated and 4 real images, got "
              + generated.size()
              + " and "
              + real.size());
    }
    // Matched sizes: SWD estimates shrink as sets grow, so the generated set is compared with one
    // half of the (shuffled) real set, and the other half gives the floor, each with as many
    // images.
    List<BufferedImage> shuffled = new ArrayList<>(real);
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
    int half = Math.min(shuffled.size() / 2, generated.size());
    List<BufferedImage> realA = shuffled.subList(0, half);
    List<BufferedImage> realB = shuffled.subList(half, 2 * half);
    SwdResult swd = SlicedWasserstein.distance(generated.subList(0, half), realA, seed);
    SwdResult floor = SlicedWasserstein.distance(realB, realA, seed);
    Diversity.Result genDiv = Diversity.of(generated, DIVERSITY_PAIRS, seed);
    Diversity.Result realDiv = Diversity.of(real, DIVERSITY_PAIRS, seed);
    double auc = Double.NaN;
    double meanGen = Double.NaN;
    double meanReal = Double.NaN;
    String name = "none";
    if (detector != null) {
      double[] pGen = scores(detector, generated, "generated");
      double[] pReal = scores(detector, real, "real");
      double[] all = new double[pGen.length + pReal.length];
      int[] labels = new int[all.length];
      for (int i = 0; i < pGen.length; i++) {
        all[i] = pGen[i];
        labels[i] = 1;
      }
      System.arraycopy(pReal, 0, all, pGen.length, pReal.length);
      auc = BinaryMetrics.auc(all, labels);
      meanGen = mean(pGen);
      meanReal = mean(pReal);
      name = detector.model().id() + " " + detector.model().version();
    }
    return new GanQuality(
        generated.size(), real.size(), swd, floor, genDiv, realDiv, auc, meanGen, meanReal, name);
  }

  private static double[] scores(Detector detector, List<BufferedImage> images, String what) {
    double[] p = new double[images.size()];
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String name = what + "-" + i + ".png";
      Verdict v = detector.detect(Degradations.png(images.get(i)), name);
      if (v.pFake().isPresent()) {
        p[i] = v.pFake().getAsDouble();
      } else {
        failed.add(name);
        p[i] = 0.5;
      }
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("the detector failed on " + failed);
    }
    return p;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("generated", generated);
    n.put("real", real);
    n.put("swd_vs_real", swdGeneratedVsReal.average());
    n.putPOJO("swd_vs_real_per_level", swdGeneratedVsReal.perLevel());
    n.put("swd_real_halves", swdRealHalves.average());
    n.putPOJO("swd_real_halves_per_level", swdRealHalves.perLevel());
    n.putPOJO("swd_level_sizes", swdGeneratedVsReal.levelSizes());
    n.put("diversity_ms_ssim_generated", generatedDiversity.mean());
    n.put("diversity_ms_ssim_real", realDiversity.mean());
    n.put("detector", detector);
    putNumber(n, "detectability_auc", detectability);
    putNumber(n, "mean_p_fake_generated", meanPFakeGenerated);
    putNumber(n, "mean_p_fake_real", meanPFakeReal);
    return n;
  }

  private static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isNaN(v)) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }
}
