package dev.verisim.cli;

import dev.verisim.cli.report.EvalHtmlReport;
import dev.verisim.cli.report.ReportInfo;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.eval.Degradation;
import dev.verisim.eval.EvalJson;
import dev.verisim.eval.EvalReport;
import dev.verisim.eval.EvalReport.Metrics;
import dev.verisim.eval.EvalReport.RobustnessRow;
import dev.verisim.eval.EvalReport.SourceMetrics;
import dev.verisim.eval.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verisim eval}: how well the detector does on images labelled by folder. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the detector on images labelled by folder (real/ or fake/ on each file's path; the"
          + " first folder below --data is the source): AUC, average precision, EER, accuracy,"
          + " log loss, calibration, per-source breakdown and, with --robustness, the same on"
          + " degraded copies.",
      "The summary goes to stdout; progress and logs to stderr."
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 some images could not be analysed (they are listed and left out of"
          + " the metrics); 2 usage error (missing or empty dataset, one class only); 3 internal"
          + " error."
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingMixin logging;

  @Mixin ForensicModelOptions modelOptions;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Labelled images: DIR/SOURCE/real/... and DIR/SOURCE/fake/...")
  Path data;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "Also write a self-contained HTML page with ROC and reliability plots.")
  Path report;

  @Option(
      names = "--robustness",
      description =
          "Also measure on in-memory copies: JPEG q30/50/70/90, downscale 0.5/0.25, blur radius"
              + " 2, noise sigma 5.")
  boolean robustness;

  @Option(
      names = "--threads",
      description = "Worker threads (default 0: one per core).",
      defaultValue = "0")
  int threads;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "Use at most N items, taken in turn from each source and label (for quick runs).")
  Integer limit;

  @Option(names = "--no-progress", description = "No progress on stderr.")
  boolean noProgress;

  @Option(
      names = "--only",
      paramLabel = "LIST",
      description =
          "Use only the images listed in this file (paths relative to --data), for example a"
              + " training run's validation.txt.")
  Path only;

  @Option(
      names = "--audio",
      description =
          "Evaluate the audio (synthetic speech) detector instead: files under bonafide/ (or"
              + " real/) and spoof/ (or fake/); prints EER and AUC of the GMM baseline, the CNN"
              + " and the fused p_fake side by side, overall and per source.")
  boolean audio;

  @Option(
      names = "--audio-model",
      paramLabel = "DIR",
      description =
          "With --audio: a model folder written by 'verisim detector train-audio' (default: the"
              + " shipped models/verisim-audio).")
  Path audioModel;

  @Option(
      names = "--split",
      paramLabel = "FILE",
      description =
          "With --audio: use only the test rows of this split file (split<TAB>path<TAB>label,"
              + " paths relative to --data), e.g. bench/audio/shared-audio-split.tsv.")
  Path split;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (audio) {
      return AudioEval.run(this, out, err);
    }
    if (audioModel != null || split != null) {
      throw usage("--audio-model and --split need --audio");
    }
    LabelledDataset dataset = dataset();
    try (ForensicDetector detector = detector()) {
      return evaluate(dataset, detector, out, err);
    }
  }

  private Integer evaluate(
      LabelledDataset dataset, ForensicDetector detector, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Progress progress =
        noProgress ? Progress.NONE : new TerminalProgress(err, Terminal.stderrIsTerminal());
    Evaluation evaluation =
        Evaluation.builder()
            .setDetector(detector)
            .optDecoder(detector.decoder())
            .optThreads(workers)
            .optProgress(progress)
            .build();
    EvalReport result = evaluation.evaluate(dataset);
    if (robustness) {
      result = result.withRobustness(evaluation.robustness(dataset, Degradation.standard()));
    }
    if (json) {
      out.println(EvalJson.toLine(result));
    } else {
      out.print(summary(result));
    }
    out.flush();
    if (report != null) {
      EvalHtmlReport.write(
          report,
          result,
          new ReportInfo(
              "verisim eval", VersionProvider.version(), detector.model(), Instant.now()));
      err.println("report written to " + report);
    }
    if (!result.errors().isEmpty()) {
      err.println(
          result.errors().size()
              + " of "
              + result.n()
              + " images could not be analysed and are left out of the metrics");
      return ExitCodes.INPUT_ERRORS;
    }
    return ExitCodes.OK;
  }

  LabelledDataset dataset() {
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, got " + limit);
    }
    if (threads < 0) {
      throw usage("--threads must not be negative, got " + threads);
    }
    LabelledDataset dataset;
    try {
      dataset = LabelledDataset.scan(data);
      if (only != null) {
        dataset = dataset.restrictTo(only);
      }
      if (split != null) {
        dataset = AudioEval.testPart(dataset, split);
      }
    } catch (IOException e) {
      throw usage(e.getMessage());
    }
    if (limit != null) {
      dataset = dataset.firstBalanced(limit);
    }
    long fakes = dataset.fakes();
    if (dataset.items().isEmpty()) {
      throw usage(
          "dataset "
              + data
              + " has no labelled images: put them under folders named real/ and fake/");
    }
    if (fakes == 0 || fakes == dataset.items().size()) {
      throw usage(
          "dataset "
              + data
              + " needs both real and fake images, found "
              + fakes
              + " fake of "
              + dataset.items().size());
    }
    ForensicModelOptions.requireWritableFolder(spec, report, "--report");
    return dataset;
  }

  private ForensicDetector detector() {
    return modelOptions.detector(spec, ImageLimits.DEFAULT, false);
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The readable summary: overall metrics, per source, robustness. */
  static String summary(EvalReport r) {
    StringBuilder s = new StringBuilder();
    Metrics m = r.overall();
    s.append(
        String.format(
            Locale.ROOT,
            "%d images (%d real, %d fake, %d not analysed) from %s, model %s %s%n%n",
            r.n(),
            m.real(),
            m.fake(),
            r.errors().size(),
            r.dataset(),
            r.model().id(),
            r.model().version()));
    s.append(line("AUC", f(m.auc())));
    s.append(line("average precision", f(m.averagePrecision())));
    s.append(line("EER", f(m.eer().rate()) + " at threshold " + f(m.eer().threshold())));
    s.append(line("accuracy at 0.5", f(m.accuracy())));
    s.append(
        line(
            "best accuracy",
            f(m.bestAccuracy().rate()) + " at threshold " + f(m.bestAccuracy().threshold())));
    s.append(line("log loss", f(m.logLoss())));
    s.append(line("ECE", f(m.ece())));
    s.append(
        line(
            "confusion at 0.5",
            String.format(
                Locale.ROOT,
                "fakes caught %d, missed %d; reals flagged %d, passed %d",
                m.confusion().truePositives(),
                m.confusion().falseNegatives(),
                m.confusion().falsePositives(),
                m.confusion().trueNegatives())));
    s.append(
        line(
            "uncertain",
            String.format(
                    Locale.ROOT,
                    "%s of images (band %s-%s); accuracy when decided ",
                    Double.isFinite(m.uncertainFraction())
                        ? String.format(Locale.ROOT, "%.1f%%", 100 * m.uncertainFraction())
                        : "-",
                    f(r.band().low()),
                    f(r.band().high()))
                + f(m.decidedAccuracy())));
    s.append(
        String.format(
            Locale.ROOT,
            "%n%-24s %6s %6s %6s %6s %6s %7s %7s%n",
            "SOURCE",
            "REAL",
            "FAKE",
            "AUC",
            "AP",
            "EER",
            "CAUGHT",
            "SPECIF"));
    for (SourceMetrics src : r.perSource()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-24s %6d %6d %6s %6s %6s %7s %7s%n",
              src.source(),
              src.real(),
              src.fake(),
              f(src.auc()),
              f(src.averagePrecision()),
              f(src.eer()),
              f(src.fakeRecall()),
              f(src.specificity())));
    }
    if (!r.robustness().isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%n%-16s %6s %6s %6s %8s %6s%n",
              "CONDITION",
              "N",
              "ERRORS",
              "AUC",
              "ACCURACY",
              "ECE"));
      s.append(
          String.format(
              Locale.ROOT,
              "%-16s %6d %6d %6s %8s %6s%n",
              "original",
              r.n(),
              r.errors().size(),
              f(m.auc()),
              f(m.accuracy()),
              f(m.ece())));
      for (RobustnessRow row : r.robustness()) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-16s %6d %6d %6s %8s %6s%n",
                row.condition(),
                row.n(),
                row.errors(),
                f(row.auc()),
                f(row.accuracy()),
                f(row.ece())));
      }
    }
    for (var e : r.errors()) {
      s.append(
          String.format(
              Locale.ROOT, "not analysed: %s (%s: %s)%n", e.path(), e.code(), e.message()));
    }
    return s.toString();
  }

  private static String line(String name, String value) {
    return String.format(Locale.ROOT, "%-20s %s%n", name, value);
  }

  private static String f(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }
}
