package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.cli.report.EvalHtmlReport;
import dev.verisim.cli.report.ReportInfo;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.audio.AudioDetails;
import dev.verisim.detect.audio.AudioDetector;
import dev.verisim.detect.audio.AudioSplit;
import dev.verisim.eval.CueComparison;
import dev.verisim.eval.EvalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code verisim eval --audio}: the audio detector's report and its cues side by side. */
final class AudioEval {
  private AudioEval() {}

  /** What is compared: the GMM's log-likelihood ratio and the CNN's logit (never saturated). */
  static final List<String> SCORES =
      List.of(AudioDetector.GMM_CUE + ":llr", AudioDetector.CNN_CUE + ":logit");

  static int run(EvalCommand cmd, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    if (cmd.robustness) {
      throw cmd.usage("--robustness is for images; it cannot be combined with --audio");
    }
    LabelledDataset dataset = cmd.dataset();
    AudioDetector detector;
    try {
      detector =
          cmd.audioModel != null ? AudioDetector.load(cmd.audioModel) : AudioDetector.loadDefault();
    } catch (IOException e) {
      throw cmd.usage("cannot load the audio model: " + e.getMessage());
    }
    try (detector) {
      int workers = cmd.threads > 0 ? cmd.threads : Runtime.getRuntime().availableProcessors();
      Progress progress =
          cmd.noProgress ? Progress.NONE : new TerminalProgress(err, Terminal.stderrIsTerminal());
      CueComparison.Result r = CueComparison.evaluate(detector, dataset, SCORES, workers, progress);
      double[] rtf = realTimeFactor(r.verdicts());
      if (cmd.json) {
        ObjectNode o = EvalJson.toJson(r.report());
        o.put("audio_seconds", rtf[1]);
        o.put("analysis_seconds", rtf[2]);
        o.put("real_time_factor", rtf[0]);
        o.put("threads", workers);
        ArrayNode rows = o.putArray("side_by_side");
        for (CueComparison.Row row : r.rows()) {
          ObjectNode n = rows.addObject();
          n.put("group", row.group()).put("real", row.real()).put("fake", row.fake());
          for (int j = 0; j < row.scorers().size(); j++) {
            n.putObject(row.scorers().get(j))
                .put("eer", row.eer().get(j))
                .put("auc", row.auc().get(j));
          }
        }
        out.println(new ObjectMapper().writeValueAsString(o));
      } else {
        out.print(EvalCommand.summary(r.report()).replace(" images ", " audio files "));
        out.println();
        out.print(table(r.rows()));
        out.println(
            "(side by side, a source row compares its own bona fide and spoof files; the SOURCE"
                + " table above compares a source's fakes with all real files)");
        out.printf(
            Locale.ROOT,
            "%nreal-time factor %.4f: %.1f s of analysis (decoding included, %d thread%s) for %.1f s"
                + " of audio%n",
            rtf[0],
            rtf[2],
            workers,
            workers == 1 ? "" : "s",
            rtf[1]);
      }
      out.flush();
      if (cmd.report != null) {
        EvalHtmlReport.write(
            cmd.report,
            r.report(),
            new ReportInfo(
                "verisim eval --audio",
                VersionProvider.version(),
                detector.model(),
                Instant.now()));
        err.println("report written to " + cmd.report);
      }
      if (!r.report().errors().isEmpty()) {
        err.println(
            r.report().errors().size()
                + " of "
                + r.report().n()
                + " files could not be analysed and are left out of the metrics");
        return ExitCodes.INPUT_ERRORS;
      }
      return ExitCodes.OK;
    }
  }

  /**
   * {real-time factor, audio seconds, analysis seconds}: the sum of the verdicts' own times
   * (decoding included, loading the model not) over the sum of the analysed audio's durations.
   */
  static double[] realTimeFactor(List<Verdict> verdicts) {
    double audioSeconds = 0;
    double analysisSeconds = 0;
    for (Verdict v : verdicts) {
      if (v.details().orElse(null) instanceof AudioDetails d) {
        audioSeconds += d.durationSeconds();
        analysisSeconds += v.elapsedMs() / 1000.0;
      }
    }
    return new double[] {analysisSeconds / audioSeconds, audioSeconds, analysisSeconds};
  }

  /** The dataset's files that the split file puts in its test part. */
  static LabelledDataset testPart(LabelledDataset dataset, Path splitFile) throws IOException {
    Set<String> test = new HashSet<>();
    for (AudioSplit.Entry e : AudioSplit.read(splitFile).part(AudioSplit.Part.TEST)) {
      test.add(e.path());
    }
    List<LabelledDataset.Item> kept =
        dataset.items().stream().filter(i -> test.contains(i.relativePath())).toList();
    if (kept.size() != test.size()) {
      throw new IOException(
          "the split "
              + splitFile
              + " has "
              + test.size()
              + " test files, of which "
              + kept.size()
              + " are labelled files under "
              + dataset.root()
              + ": it belongs to other data");
    }
    return new LabelledDataset(dataset.root(), kept);
  }

  static String table(List<CueComparison.Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-26s %5s %5s | %7s %7s | %7s %7s | %7s %7s%n",
            "SIDE BY SIDE",
            "BONA",
            "SPOOF",
            "GMM EER",
            "AUC",
            "CNN EER",
            "AUC",
            "FUSED",
            "AUC"));
    for (CueComparison.Row row : rows) {
      s.append(String.format(Locale.ROOT, "%-26s %5d %5d", row.group(), row.real(), row.fake()));
      for (int j = 0; j < row.scorers().size(); j++) {
        s.append(
            String.format(Locale.ROOT, " | %7s %7s", f(row.eer().get(j)), f(row.auc().get(j))));
      }
      s.append(String.format(Locale.ROOT, "%n"));
    }
    return s.toString();
  }

  private static String f(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
  }
}
