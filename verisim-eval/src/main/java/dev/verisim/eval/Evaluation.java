package dev.verisim.eval;

import dev.verisim.core.MediaException;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.data.LabelledDataset.Item;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.metrics.BinaryMetrics.OperatingPoint;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import dev.verisim.eval.EvalReport.ItemError;
import dev.verisim.eval.EvalReport.Metrics;
import dev.verisim.eval.EvalReport.RobustnessRow;
import dev.verisim.eval.EvalReport.SourceMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a detector over labelled data and measures how well its {@code p_fake} separates and
 * calibrates, overall, per source and on degraded copies.
 *
 * <pre>{@code
 * Evaluation eval = Evaluation.builder().setDetector(ForensicDetector.createDefault()).build();
 * EvalReport report = eval.evaluate(LabelledDataset.scan(Path.of("data/faces")));
 * System.out.println(report.overall().auc());
 * }</pre>
 *
 * <p>Items are analysed on several threads with a bounded number in flight; results keep the
 * dataset's order, so the same data and detector give the same report. Items the detector cannot
 * analyse are listed in the report and left out of every metric, never silently dropped.
 */
public final class Evaluation {
  /** The model's own decision threshold: fake when {@code p_fake > 0.5}. */
  public static final double MODEL_THRESHOLD = 0.5;

  /** Bins of the reliability diagram and of the expected calibration error. */
  public static final int CALIBRATION_BINS = 10;

  private final Detector detector;
  private final ImageDecoder decoder;
  private final int threads;
  private final Progress progress;

  private Evaluation(Builder b) {
    this.detector = b.detector;
    this.decoder = b.decoder;
    this.threads = b.threads;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One item's outcome: {@code pFake} is NaN when the item could not be analysed. */
  public record Scored(Item item, double pFake, Label label, ItemError error) {
    public boolean analysed() {
      return error == null;
    }
  }

  /** Analyses every item and computes the report (without robustness rows). */
  public EvalReport evaluate(LabelledDataset dataset) throws InterruptedException {
    List<Scored> scored = score(dataset);
    return report(dataset.root().toString(), scored);
  }

  /** Analyses every item, in the dataset's order. */
  public List<Scored> score(LabelledDataset dataset) throws InterruptedException {
    return inOrder(
        "evaluate",
        dataset.items(),
        item -> {
          Verdict v = detector.detect(item.file(), item.relativePath());
          if (v.error().isPresent()) {
            return new Scored(
                item,
                Double.NaN,
                v.label(),
                new ItemError(
                    item.relativePath(), v.error().get().code().id(), v.error().get().message()));
          }
          return new Scored(item, v.pFake().getAsDouble(), v.label(), null);
        });
  }

  /**
   * Analyses degraded copies of every item, made in memory from the decoded original, and returns
   * one row per degradation in the given order. An item that cannot be decoded counts as an error
   * in every row.
   */
  public List<RobustnessRow> robustness(LabelledDataset dataset, List<Degradation> conditions)
      throws InterruptedException {
    List<double[]> perItem =
        inOrder(
            "robustness",
            dataset.items(),
            item -> {
              double[] p = new double[conditions.size()];
              Arrays.fill(p, Double.NaN);
              StillImage image;
              try {
                image = decoder.decode(item.file(), item.relativePath());
              } catch (MediaException e) {
                return p;
              }
              // A seed per item, stable across runs and thread schedules.
              long seed = 0x5eedL * 31 + item.relativePath().hashCode();
              for (int c = 0; c < conditions.size(); c++) {
                Degradation d = conditions.get(c);
                try {
                  byte[] bytes = d.apply(image.rgb(), seed);
                  Verdict v = detector.detect(bytes, item.relativePath() + "#" + d.id());
                  p[c] = v.pFake().orElse(Double.NaN);
                } catch (RuntimeException e) {
                  // A degradation that cannot be made (an image too small to halve twice, say)
                  // counts as an error of this row only.
                  p[c] = Double.NaN;
                }
              }
              return p;
            });
    List<RobustnessRow> rows = new ArrayList<>();
    int n = dataset.items().size();
    for (int c = 0; c < conditions.size(); c++) {
      double[] p = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = perItem.get(i)[c];
        y[i] = dataset.items().get(i).label();
      }
      rows.add(robustnessRow(conditions.get(c).id(), p, y));
    }
    return List.copyOf(rows);
  }

  static RobustnessRow robustnessRow(String condition, double[] pAll, int[] yAll) {
    Analysed a = Analysed.analysed(pAll, yAll);
    int errors = pAll.length - a.p.length;
    if (a.p.length == 0) {
      return new RobustnessRow(condition, pAll.length, errors, Double.NaN, Double.NaN, Double.NaN);
    }
    return new RobustnessRow(
        condition,
        pAll.length,
        errors,
        BinaryMetrics.auc(a.p, a.y),
        BinaryMetrics.accuracy(a.p, a.y, MODEL_THRESHOLD),
        BinaryMetrics.expectedCalibrationError(a.p, a.y, CALIBRATION_BINS));
  }

  /** The report of already scored items; what {@link #evaluate} returns. */
  EvalReport report(String datasetName, List<Scored> scored) {
    List<ItemError> errors = new ArrayList<>();
    List<Scored> ok = new ArrayList<>();
    for (Scored s : scored) {
      if (s.analysed()) {
        ok.add(s);
      } else {
        errors.add(s.error());
      }
    }
    double[] p = ok.stream().mapToDouble(Scored::pFake).toArray();
    int[] y = ok.stream().mapToInt(s -> s.item().label()).toArray();
    Metrics overall = metrics(ok);
    List<SourceMetrics> perSource = perSource(ok);
    return new EvalReport(
        datasetName,
        detector.model(),
        detector.band(),
        scored.size(),
        errors,
        overall,
        perSource,
        p.length == 0 ? List.of() : BinaryMetrics.roc(p, y),
        p.length == 0 ? List.of() : BinaryMetrics.reliability(p, y, CALIBRATION_BINS),
        List.of());
  }

  static Metrics metrics(List<Scored> ok) {
    double[] p = ok.stream().mapToDouble(Scored::pFake).toArray();
    int[] y = ok.stream().mapToInt(s -> s.item().label()).toArray();
    long fake = Arrays.stream(y).filter(v -> v == 1).count();
    long real = y.length - fake;
    if (p.length == 0) {
      OperatingPoint none = new OperatingPoint(Double.NaN, Double.NaN);
      return new Metrics(
          0,
          0,
          Double.NaN,
          Double.NaN,
          none,
          Double.NaN,
          none,
          Double.NaN,
          Double.NaN,
          new BinaryMetrics.Confusion(0, 0, 0, 0),
          Double.NaN,
          Double.NaN);
    }
    long uncertain = 0;
    long decided = 0;
    long decidedRight = 0;
    for (Scored s : ok) {
      if (s.label() == Label.UNCERTAIN) {
        uncertain++;
      } else {
        decided++;
        boolean saysFake = s.label() == Label.FAKE;
        decidedRight += saysFake == (s.item().label() == 1) ? 1 : 0;
      }
    }
    return new Metrics(
        real,
        fake,
        BinaryMetrics.auc(p, y),
        BinaryMetrics.averagePrecision(p, y),
        BinaryMetrics.equalErrorRate(p, y),
        BinaryMetrics.accuracy(p, y, MODEL_THRESHOLD),
        BinaryMetrics.bestAccuracyThreshold(p, y),
        BinaryMetrics.logLoss(p, y),
        BinaryMetrics.expectedCalibrationError(p, y, CALIBRATION_BINS),
        BinaryMetrics.confusion(p, y, MODEL_THRESHOLD),
        (double) uncertain / p.length,
        decided == 0 ? Double.NaN : (double) decidedRight / decided);
  }

  static List<SourceMetrics> perSource(List<Scored> ok) {
    Set<String> sources = new LinkedHashSet<>();
    ok.forEach(s -> sources.add(s.item().source()));
    List<Scored> reals = ok.stream().filter(s -> s.item().label() == 0).toList();
    List<SourceMetrics> rows = new ArrayList<>();
    for (String source : sources) {
      List<Scored> fakes =
          ok.stream()
              .filter(s -> s.item().source().equals(source) && s.item().label() == 1)
              .toList();
      List<Scored> ownReals = reals.stream().filter(s -> s.item().source().equals(source)).toList();
      double auc = Double.NaN;
      double ap = Double.NaN;
      double eer = Double.NaN;
      if (!fakes.isEmpty() && !reals.isEmpty()) {
        List<Scored> both = new ArrayList<>(fakes);
        both.addAll(reals);
        double[] p = both.stream().mapToDouble(Scored::pFake).toArray();
        int[] y = both.stream().mapToInt(s -> s.item().label()).toArray();
        auc = BinaryMetrics.auc(p, y);
        ap = BinaryMetrics.averagePrecision(p, y);
        eer = BinaryMetrics.equalErrorRate(p, y).rate();
      }
      double recall =
          fakes.isEmpty()
              ? Double.NaN
              : (double) fakes.stream().filter(s -> s.pFake() > MODEL_THRESHOLD).count()
                  / fakes.size();
      double specificity =
          ownReals.isEmpty()
              ? Double.NaN
              : (double) ownReals.stream().filter(s -> s.pFake() <= MODEL_THRESHOLD).count()
                  / ownReals.size();
      rows.add(
          new SourceMetrics(
              source, ownReals.size(), fakes.size(), auc, ap, eer, recall, specificity));
    }
    return rows;
  }

  /**
   * Applies {@code work} to every item on the worker threads, at most two per thread in flight, and
   * returns the results in the items' order.
   */
  private <T> List<T> inOrder(String task, List<Item> items, Function<Item, T> work)
      throws InterruptedException {
    List<T> results = new ArrayList<>(items.size());
    progress.start(task, items.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, NamedThreads.daemons("verisim-eval"));
    try {
      Deque<Future<T>> window = new ArrayDeque<>();
      for (Item item : items) {
        window.add(pool.submit(() -> work.apply(item)));
        if (window.size() >= 2 * threads) {
          results.add(take(window.poll()));
          progress.step(results.size());
        }
      }
      while (!window.isEmpty()) {
        results.add(take(window.poll()));
        progress.step(results.size());
      }
    } finally {
      pool.shutdownNow();
      progress.end();
    }
    return results;
  }

  private static <T> T take(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("an evaluation worker failed", e.getCause());
    }
  }

  /** Scores and labels of the analysed items (p not NaN). */
  private record Analysed(double[] p, int[] y) {
    static Analysed analysed(double[] p, int[] y) {
      int n = (int) Arrays.stream(p).filter(v -> !Double.isNaN(v)).count();
      double[] pp = new double[n];
      int[] yy = new int[n];
      int k = 0;
      for (int i = 0; i < p.length; i++) {
        if (!Double.isNaN(p[i])) {
          pp[k] = p[i];
          yy[k++] = y[i];
        }
      }
      return new Analysed(pp, yy);
    }
  }

  /** Builds an {@link Evaluation}: the detector is required. */
  public static final class Builder {
    private Detector detector;
    private ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    private int threads = Runtime.getRuntime().availableProcessors();
    private Progress progress = Progress.NONE;

    private Builder() {}

    public Builder setDetector(Detector detector) {
      this.detector = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /** Decodes originals for robustness runs (default: the default limits). */
    public Builder optDecoder(ImageDecoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /** Worker threads (default: one per core). */
    public Builder optThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    public Builder optProgress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public Evaluation build() {
      if (detector == null) {
        throw new IllegalStateException("Evaluation.Builder: setDetector(...) is required");
      }
      return new Evaluation(this);
    }
  }
}
