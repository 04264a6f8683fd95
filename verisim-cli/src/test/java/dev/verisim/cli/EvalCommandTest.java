package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.ForensicDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim eval --json} end to end: its numbers are BinaryMetrics on detect's p_fake. */
class EvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void jsonMetricsEqualThoseOfTheSameDetectorsVerdicts() throws IOException {
    EvalData.write(dir, "textures", 12);
    assertEquals(
        ExitCodes.OK,
        run("eval", "--data", dir.toString(), "--json", "--no-progress", "--threads", "2"),
        err.toString());
    JsonNode r = JSON.readTree(out.toString());
    assertEquals(24, r.get("n").asInt());
    assertEquals(0, r.get("n_errors").asInt());
    assertEquals("verisim-face", r.get("model").get("id").asText());
    JsonNode m = r.get("metrics");
    assertEquals(12, m.get("n_real").asInt());
    assertEquals(12, m.get("n_fake").asInt());

    // The same files through the same (default) detector, one by one.
    List<LabelledDataset.Item> items = LabelledDataset.scan(dir).items();
    double[] p = new double[items.size()];
    int[] y = new int[items.size()];
    try (ForensicDetector detector = ForensicDetector.createDefault()) {
      for (int i = 0; i < items.size(); i++) {
        Verdict v = detector.detect(items.get(i).file(), items.get(i).relativePath());
        p[i] = v.pFake().getAsDouble();
        y[i] = items.get(i).label();
      }
    }
    assertEquals(BinaryMetrics.auc(p, y), m.get("auc").asDouble(), 1e-12);
    assertEquals(
        BinaryMetrics.averagePrecision(p, y), m.get("average_precision").asDouble(), 1e-12);
    assertEquals(BinaryMetrics.accuracy(p, y, 0.5), m.get("accuracy").asDouble(), 1e-12);
    assertEquals(BinaryMetrics.logLoss(p, y), m.get("log_loss").asDouble(), 1e-12);
    assertEquals(BinaryMetrics.expectedCalibrationError(p, y, 10), m.get("ece").asDouble(), 1e-12);
    BinaryMetrics.OperatingPoint eer = BinaryMetrics.equalErrorRate(p, y);
    assertEquals(eer.rate(), m.get("eer").asDouble(), 1e-12);
    assertEquals(eer.threshold(), m.get("eer_threshold").asDouble(), 1e-12);
    BinaryMetrics.OperatingPoint best = BinaryMetrics.bestAccuracyThreshold(p, y);
    assertEquals(best.rate(), m.get("best_accuracy").asDouble(), 1e-12);
    assertEquals(best.threshold(), m.get("best_threshold").asDouble(), 1e-12);
    BinaryMetrics.Confusion c = BinaryMetrics.confusion(p, y, 0.5);
    JsonNode cj = m.get("confusion");
    assertEquals(c.truePositives(), cj.get("true_fake").asLong());
    assertEquals(c.falsePositives(), cj.get("false_fake").asLong());
    assertEquals(c.trueNegatives(), cj.get("true_real").asLong());
    assertEquals(c.falseNegatives(), cj.get("false_real").asLong());
    assertTrue(m.get("uncertain_fraction").asDouble() >= 0);
    // The declared-AI half is found with certainty, so the detector ranks better than chance.
    assertTrue(m.get("auc").asDouble() > 0.5, m.toString());

    assertEquals(1, r.get("per_source").size());
    JsonNode src = r.get("per_source").get(0);
    assertEquals("textures", src.get("source").asText());
    assertEquals(m.get("auc").asDouble(), src.get("auc").asDouble(), 1e-12);
    assertEquals(BinaryMetrics.roc(p, y).size(), r.get("roc").size());
    assertEquals(10, r.get("reliability").size());
    assertEquals(0, r.get("robustness").size(), "robustness only when asked for");
  }

  @Test
  void theTableNamesEveryMetricAndSource() throws IOException {
    EvalData.write(dir, "textures", 3);
    assertEquals(ExitCodes.OK, run("eval", "--data", dir.toString(), "--no-progress"));
    String table = out.toString();
    for (String metric :
        List.of(
            "AUC",
            "average precision",
            "EER",
            "accuracy at 0.5",
            "best accuracy",
            "log loss",
            "ECE",
            "confusion at 0.5",
            "uncertain",
            "SOURCE",
            "textures")) {
      assertTrue(table.contains(metric), metric + " in\n" + table);
    }
  }
}
