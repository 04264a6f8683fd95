package dev.verisim.detect.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.MediaException;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.media.Degradations;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.cue.Cue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the fusion model on a labelled dataset, honestly.
 *
 * <p>The split is seeded per file: 60% fit the weights, 20% fit the calibration, 20% are held out
 * for the metrics. Fit and calibration images are <em>laundered</em> first — rescaled by a random
 * factor in [0.5, 1], then saved as PNG (one in four) or as JPEG at a random quality in [60, 95] —
 * because the shared face sets differ in their file formats (fakes saved at other JPEG qualities
 * than reals) and a model fitted on the originals learns the format, not the forgery. The held-out
 * images are scored three times: as they are; re-encoded as social networks do (long side 256 px,
 * JPEG q75); and downscaled by 0.75 then JPEG q75, which resamples every image (the 256 px copy
 * leaves 256 px sources untouched while it rescales 250 px ones, itself a shortcut).
 */
public final class FusionFitter {
  private static final Logger LOG = LoggerFactory.getLogger(FusionFitter.class);

  /**
   * How the fit was configured; stored in the provenance.
   *
   * @param extraCues cues run after the default ones, such as the learned {@code FaceCnnCue}
   */
  public record Config(
      long seed,
      double l2,
      int threads,
      double forgeryRate,
      java.util.Set<String> dropFeatures,
      List<Cue> extraCues) {
    public Config {
      extraCues = List.copyOf(extraCues);
    }

    public Config(
        long seed, double l2, int threads, double forgeryRate, java.util.Set<String> dropFeatures) {
      this(seed, l2, threads, forgeryRate, dropFeatures, List.of());
    }
  }

  /**
   * The largest share of wrong calls the uncertain band leaves outside it, on the calibration
   * split.
   */
  public static final double BAND_MAX_ERROR = 0.05;

  /** What the fit produced: the model and its provenance with metrics. */
  public record Result(FusionModel model, ObjectNode provenance) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SPLIT_FIT = 0;
  private static final int SPLIT_CAL = 1;
  private static final int SPLIT_TEST = 2;

  private final Config config;
  private final List<Cue> cues;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  public FusionFitter(Config config) {
    this.config = config;
    List<Cue> all = new ArrayList<>(ForensicDetector.defaultCues());
    all.addAll(config.extraCues());
    this.cues = List.copyOf(all);
  }

  /** Every cue the fit runs, the default ones first. */
  public List<Cue> cues() {
    return cues;
  }

  /** The feature names the fitted model uses: the default cues' features, less those dropped. */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    cues.forEach(c -> names.addAll(c.featureNames()));
    names.removeAll(config.dropFeatures());
    return names;
  }

  /** Features of one item: laundered for fit/cal; original and social copy for test. */
  private record Row(
      int split, int label, String source, double[] primary, double[] social, double[] scaled) {}

  public Result fit(LabelledDataset data, ModelInfo info, Progress progress)
      throws java.io.IOException, InterruptedException {
    List<LabelledDataset.Item> items = data.items();
    progress.start("features", items.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(config.threads(), NamedThreads.daemons("verisim-fit"));
    List<Row> rows = new ArrayList<>();
    int skipped = 0;
    try {
      List<Future<List<Row>>> futures = new ArrayList<>();
      for (LabelledDataset.Item item : items) {
        futures.add(pool.submit(() -> features(item)));
      }
      for (int i = 0; i < futures.size(); i++) {
        List<Row> itemRows = futures.get(i).get();
        if (itemRows.isEmpty()) {
          skipped++;
        }
        rows.addAll(itemRows);
        progress.step(i + 1);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("feature extraction failed", e.getCause());
    } finally {
      pool.shutdownNow();
      progress.end();
    }

    List<double[]> fitX = new ArrayList<>();
    List<Integer> fitY = new ArrayList<>();
    List<double[]> calX = new ArrayList<>();
    List<Integer> calY = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    List<Row> testForged = new ArrayList<>();
    for (Row r : rows) {
      boolean forged = r.source().startsWith(FORGERY_SOURCE);
      if (r.split() == SPLIT_FIT) {
        fitX.add(r.primary());
        fitY.add(r.label());
      } else if (r.split() == SPLIT_CAL) {
        // Calibrate on the natural data only: p_fake should be calibrated for real media, not
        // for the mix of self-made forgeries.
        if (!forged) {
          calX.add(r.primary());
          calY.add(r.label());
        }
      } else if (forged) {
        testForged.add(r);
      } else {
        test.add(r);
      }
    }
    FusionModel unbanded =
        LogisticFit.fit(
            info,
            featureNames(),
            fitX.toArray(double[][]::new),
            ints(fitY),
            calX.toArray(double[][]::new),
            ints(calY),
            config.l2());
    double[] calP = new double[calX.size()];
    for (int i = 0; i < calP.length; i++) {
      calP[i] = unbanded.probability(calX.get(i));
    }
    UncertainBand band =
        calP.length == 0
            ? UncertainBand.DEFAULT
            : UncertainBand.fromValidation(calP, ints(calY), BAND_MAX_ERROR);
    FusionModel model = unbanded.withBand(band);

    ObjectNode prov = MAPPER.createObjectNode();
    prov.put("model", info.id() + " " + info.version());
    ObjectNode cfg = prov.putObject("config");
    cfg.put("seed", config.seed());
    cfg.put("l2", config.l2());
    cfg.putPOJO("dropped_features", new java.util.TreeSet<>(config.dropFeatures()));
    cfg.put("split", "per-file seeded: 60% fit, 20% calibration, 20% test");
    cfg.put(
        "laundering",
        "fit+calibration: scale U[0.5,1] bilinear, then PNG (p=0.25) or JPEG quality U[60,95]");
    cfg.put("social_copy", "test: long side 256 px bilinear, JPEG q75");
    cfg.put(
        "uncertain_band",
        "chosen on the calibration split: the narrowest band outside which at most "
            + BAND_MAX_ERROR
            + " of the calls are wrong on each side (UncertainBand.fromValidation)");
    cfg.putPOJO("cues", cues.stream().map(Cue::name).toList());
    cfg.put("scaled_copy", "test: scale 0.75 bilinear, JPEG q75");
    cfg.put(
        "synthetic_forgeries",
        "for a fraction "
            + config.forgeryRate()
            + " of the real images: one of upsampled 2x / spliced region (blurred or noisier) /"
            + " double JPEG compression, labelled fake, in fit and test only");
    ObjectNode d = prov.putObject("data");
    d.put("root", data.root().toString());
    d.put("files", items.size());
    d.put("fakes", data.fakes());
    d.put("sha256", data.sha256());
    d.put("skipped_undecodable", skipped);
    ObjectNode sources = d.putObject("sources");
    Map<String, int[]> perSource = new LinkedHashMap<>();
    for (LabelledDataset.Item it : items) {
      perSource.computeIfAbsent(it.source(), s -> new int[2])[it.label()]++;
    }
    perSource.forEach((s, c) -> sources.putObject(s).put("real", c[0]).put("fake", c[1]));
    ObjectNode splits = prov.putObject("splits");
    splits.put("fit", fitX.size());
    splits.put("calibration", calX.size());
    splits.put("test", test.size());
    splits.put(
        "synthetic_forgeries",
        rows.stream().filter(r -> r.source().startsWith(FORGERY_SOURCE)).count());
    ObjectNode metrics = prov.putObject("metrics");
    metrics.set("test_original", metrics(model, test, Row::primary));
    metrics.set("test_social_256px_q75", metrics(model, test, Row::social));
    metrics.set("test_scaled_0.75_q75", metrics(model, test, Row::scaled));
    List<Row> forgeriesVsReals = new ArrayList<>(testForged);
    test.stream().filter(r -> r.label() == 0).forEach(forgeriesVsReals::add);
    metrics.set(
        "test_synthetic_forgeries_vs_reals", metrics(model, forgeriesVsReals, Row::primary));
    ObjectNode weights = prov.putObject("standardised_weights");
    for (int j = 0; j < model.features().size(); j++) {
      weights.put(model.features().get(j), model.weights()[j]);
    }
    return new Result(model, prov);
  }

  private static final String FORGERY_SOURCE = "synthetic-";

  /**
   * The rows of one item: its own (laundered for fit and calibration, three views for test) and,
   * for some real images outside the calibration split, one synthetic forgery.
   */
  private List<Row> features(LabelledDataset.Item item) {
    SplittableRandom rnd =
        new SplittableRandom(config.seed() * 1_000_003L + item.relativePath().hashCode());
    double u = rnd.nextDouble();
    int split = u < 0.6 ? SPLIT_FIT : u < 0.8 ? SPLIT_CAL : SPLIT_TEST;
    StillImage original;
    try {
      original = decoder.decode(item.file(), item.relativePath());
    } catch (MediaException e) {
      LOG.warn("skipping {}: {}", item.relativePath(), e.getMessage());
      return List.of();
    }
    List<Row> rows = new ArrayList<>(2);
    String name = item.relativePath();
    if (split == SPLIT_TEST) {
      StillImage social =
          decode(Degradations.jpeg(Degradations.fitLongSide(original.rgb(), 256), 75), name);
      StillImage scaled =
          decode(Degradations.jpeg(Degradations.scale(original.rgb(), 0.75), 75), name);
      rows.add(
          new Row(
              split,
              item.label(),
              item.source(),
              vector(original),
              vector(social),
              vector(scaled)));
    } else {
      rows.add(
          new Row(split, item.label(), item.source(), vector(launder(original, rnd)), null, null));
    }
    if (item.label() == 0 && split != SPLIT_CAL && rnd.nextDouble() < config.forgeryRate()) {
      SyntheticForgery kind =
          SyntheticForgery.values()[rnd.nextInt(SyntheticForgery.values().length)];
      java.awt.image.BufferedImage base =
          split == SPLIT_TEST
              ? original.rgb()
              : Degradations.scale(original.rgb(), 0.6 + 0.4 * rnd.nextDouble());
      StillImage forged = decode(kind.apply(base, rnd), name);
      String source = FORGERY_SOURCE + kind.name().toLowerCase(java.util.Locale.ROOT);
      rows.add(new Row(split, 1, source, vector(forged), null, null));
    }
    return rows;
  }

  /** Rescaled by U[0.5,1], then PNG (one in four) or JPEG at quality U[60,95]. */
  private StillImage launder(StillImage original, SplittableRandom rnd) {
    double factor = 0.5 + 0.5 * rnd.nextDouble();
    java.awt.image.BufferedImage resized = Degradations.scale(original.rgb(), factor);
    return decode(SyntheticForgery.finalEncoding(resized, rnd), original.name());
  }

  private StillImage decode(byte[] bytes, String name) {
    try {
      return decoder.decode(bytes, name);
    } catch (MediaException e) {
      throw new IllegalStateException("a re-encoded copy of " + name + " did not decode", e);
    }
  }

  private double[] vector(StillImage image) {
    Map<String, Double> all = new HashMap<>();
    dev.verisim.detect.cue.CueInput input = new dev.verisim.detect.cue.CueInput(image);
    for (Cue cue : cues) {
      CueEvidence e = cue.analyse(input);
      all.putAll(e.features());
    }
    List<String> names = featureNames();
    double[] x = new double[names.size()];
    for (int j = 0; j < x.length; j++) {
      x[j] = all.get(names.get(j));
    }
    return x;
  }

  /** The highest accuracy any threshold reaches (the model's own threshold is 0.5). */
  private static double bestAccuracy(double[] p, int[] y) {
    double best = 0;
    for (double t : p) {
      best = Math.max(best, BinaryMetrics.accuracy(p, y, t));
    }
    return best;
  }

  private static ObjectNode metrics(
      FusionModel model, List<Row> test, java.util.function.Function<Row, double[]> copy) {
    int n = test.size();
    double[] p = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      Row r = test.get(i);
      p[i] = model.probability(copy.apply(r));
      y[i] = r.label();
    }
    ObjectNode m = MAPPER.createObjectNode();
    m.put("n", n);
    m.put("auc", BinaryMetrics.auc(p, y));
    m.put("log_loss", BinaryMetrics.logLoss(p, y));
    m.put("accuracy_at_0_5", BinaryMetrics.accuracy(p, y, 0.5));
    m.put("best_threshold_accuracy", bestAccuracy(p, y));
    m.put("ece_10_bins", BinaryMetrics.expectedCalibrationError(p, y, 10));
    UncertainBand band = model.band();
    int uncertain = 0;
    int decidedCorrect = 0;
    for (int i = 0; i < n; i++) {
      switch (band.classify(p[i])) {
        case UNCERTAIN -> uncertain++;
        case FAKE -> decidedCorrect += y[i];
        case REAL -> decidedCorrect += 1 - y[i];
        default -> throw new IllegalStateException();
      }
    }
    m.put("uncertain_fraction_model_band", (double) uncertain / n);
    if (n > uncertain) {
      m.put("accuracy_when_decided_model_band", (double) decidedCorrect / (n - uncertain));
    } else {
      m.putNull("accuracy_when_decided_model_band"); // nothing was decided
    }
    // Per source: that source's items against all held-out reals.
    ObjectNode per = m.putObject("auc_per_fake_source");
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Row r = test.get(i);
      if (r.label() == 1) {
        bySource.computeIfAbsent(r.source(), s -> new ArrayList<>()).add(i);
      }
    }
    bySource.forEach(
        (source, idx) -> {
          List<Double> ps = new ArrayList<>();
          List<Integer> ys = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if (y[i] == 0 || idx.contains(i)) {
              ps.add(p[i]);
              ys.add(y[i]);
            }
          }
          per.put(
              source,
              BinaryMetrics.auc(ps.stream().mapToDouble(Double::doubleValue).toArray(), ints(ys)));
        });
    return m;
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
