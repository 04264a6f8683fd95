package dev.verisim.eval;

import dev.verisim.core.NamedThreads;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.data.LabelledDataset.Item;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import dev.verisim.eval.EvalReport.ItemError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures a detector's cues side by side with its fused {@code p_fake} on labelled data: EER and
 * AUC of each named cue's score and of {@code p_fake}, overall and per source, from one pass. For
 * audio this puts the LFCC-GMM baseline ("gmm") beside the CNN ("cnn") and their fusion. A cue's
 * score is a monotone map of its raw score, so its EER and AUC are the raw score's.
 *
 * <pre>{@code
 * CueComparison.Result r =
 *     CueComparison.evaluate(audioDetector, dataset, List.of("gmm", "cnn"), 2, Progress.NONE);
 * }</pre>
 */
public final class CueComparison {
  private CueComparison() {}

  /** The name of the fused score in {@link Row#scorers()}. */
  public static final String FUSED = "p_fake";

  /**
   * EER and AUC of each scorer on one group of files.
   *
   * @param group "all" or a source
   * @param real bona fide / real files analysed
   * @param fake spoof / fake files analysed
   * @param scorers the cue names, then {@link #FUSED}
   * @param eer per scorer, NaN with one class only
   * @param auc per scorer
   */
  public record Row(
      String group, int real, int fake, List<String> scorers, List<Double> eer, List<Double> auc) {
    public Row {
      scorers = List.copyOf(scorers);
      eer = List.copyOf(eer);
      auc = List.copyOf(auc);
    }
  }

  /**
   * The usual report of {@code p_fake}, the side-by-side rows (overall first) and every verdict in
   * the dataset's order (for timing and media details).
   */
  public record Result(EvalReport report, List<Row> rows, List<Verdict> verdicts) {
    public Result {
      Objects.requireNonNull(report, "report");
      rows = List.copyOf(rows);
      verdicts = List.copyOf(verdicts);
    }
  }

  /**
   * Runs the detector over every item once.
   *
   * @param cues what to compare, in order: a cue's score ("gmm") or a feature of it ("gmm:llr",
   *     better when the calibrated score saturates at 0 or 1 and ties)
   * @param threads worker threads
   */
  public static Result evaluate(
      Detector detector, LabelledDataset dataset, List<String> cues, int threads, Progress progress)
      throws InterruptedException {
    List<Item> items = dataset.items();
    List<Verdict> verdicts = new ArrayList<>(items.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, threads), NamedThreads.daemons("compare"));
    progress.start("evaluate", items.size());
    try {
      List<Future<Verdict>> futures = new ArrayList<>();
      for (Item it : items) {
        futures.add(pool.submit(() -> detector.detect(it.file(), it.relativePath())));
      }
      for (Future<Verdict> f : futures) {
        try {
          verdicts.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("an evaluation worker failed", e.getCause());
        }
        progress.step(verdicts.size());
      }
    } finally {
      pool.shutdownNow();
      progress.end();
    }
    List<Evaluation.Scored> scored = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Verdict v = verdicts.get(i);
      Item it = items.get(i);
      if (v.error().isPresent()) {
        scored.add(
            new Evaluation.Scored(
                it,
                Double.NaN,
                v.label(),
                new ItemError(
                    it.relativePath(), v.error().get().code().id(), v.error().get().message())));
      } else {
        scored.add(new Evaluation.Scored(it, v.pFake().getAsDouble(), v.label(), null));
      }
    }
    EvalReport report =
        Evaluation.builder()
            .setDetector(detector)
            .build()
            .report(dataset.root().toString(), scored);
    return new Result(report, rows(items, verdicts, cues), verdicts);
  }

  static List<Row> rows(List<Item> items, List<Verdict> verdicts, List<String> cues) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    groups.put("all", new ArrayList<>());
    for (int i = 0; i < items.size(); i++) {
      if (verdicts.get(i).error().isPresent()) {
        continue;
      }
      groups.get("all").add(i);
      groups.computeIfAbsent(items.get(i).source(), s -> new ArrayList<>()).add(i);
    }
    List<String> scorers = new ArrayList<>();
    for (String c : cues) {
      scorers.add(c.contains(":") ? c.substring(0, c.indexOf(':')) : c);
    }
    scorers.add(FUSED);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      List<Integer> idx = g.getValue();
      if (idx.isEmpty()) {
        continue;
      }
      int[] y = idx.stream().mapToInt(i -> items.get(i).label()).toArray();
      int fake = (int) java.util.Arrays.stream(y).filter(v -> v == 1).count();
      List<Double> eer = new ArrayList<>();
      List<Double> auc = new ArrayList<>();
      for (int j = 0; j <= cues.size(); j++) {
        double[] score = new double[idx.size()];
        for (int k = 0; k < score.length; k++) {
          score[k] =
              j == cues.size()
                  ? verdicts.get(idx.get(k)).pFake().getAsDouble()
                  : score(verdicts.get(idx.get(k)), cues.get(j));
        }
        boolean complete = java.util.Arrays.stream(score).noneMatch(Double::isNaN);
        eer.add(complete ? BinaryMetrics.equalErrorRate(score, y).rate() : Double.NaN);
        auc.add(complete ? BinaryMetrics.auc(score, y) : Double.NaN);
      }
      rows.add(new Row(g.getKey(), y.length - fake, fake, scorers, eer, auc));
    }
    return rows;
  }

  /** A cue's score ("gmm") or one of its features ("gmm:llr"), NaN when absent. */
  static double score(Verdict v, String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      return v.cue(spec).map(CueEvidence::score).orElse(Double.NaN);
    }
    String feature = spec.substring(colon + 1);
    return v.cue(spec.substring(0, colon))
        .map(c -> c.features().getOrDefault(feature, Double.NaN))
        .orElse(Double.NaN);
  }
}
