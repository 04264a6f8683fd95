package dev.verisim.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.data.LabelledDataset.Item;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.eval.EvalReport.SourceMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's numbers are BinaryMetrics on the analysed items; errors are listed, not used. */
class EvalReportMetricsTest {
  private static Item item(String rel, int label) {
    return new Item(Path.of("data", rel), rel, rel.substring(0, rel.indexOf('/')), label);
  }

  @Test
  void overallPerSourceAndErrors() throws InterruptedException {
    Map<String, Double> p = new LinkedHashMap<>();
    p.put("gan/fake/1.png", 0.9);
    p.put("gan/fake/2.png", 0.6); // uncertain under the default band, and a hit at 0.5
    p.put("swap/fake/1.jpg", 0.4); // uncertain, and a miss at 0.5
    p.put("swap/real/1.jpg", 0.1);
    p.put("swap/real/2.jpg", 0.7); // a false alarm
    p.put("swap/real/3.jpg", 0.2);
    LabelledDataset data =
        new LabelledDataset(
            Path.of("data"),
            List.of(
                item("gan/fake/1.png", 1),
                item("gan/fake/2.png", 1),
                item("gan/fake/broken.png", 1),
                item("swap/fake/1.jpg", 1),
                item("swap/real/1.jpg", 0),
                item("swap/real/2.jpg", 0),
                item("swap/real/3.jpg", 0)));
    EvalReport r =
        Evaluation.builder().setDetector(new StubDetector(p)).optThreads(3).build().evaluate(data);

    assertEquals(7, r.n());
    assertEquals(1, r.errors().size());
    assertEquals("gan/fake/broken.png", r.errors().get(0).path());
    assertEquals("corrupt", r.errors().get(0).code());

    double[] scores = {0.9, 0.6, 0.4, 0.1, 0.7, 0.2};
    int[] y = {1, 1, 1, 0, 0, 0};
    EvalReport.Metrics m = r.overall();
    assertEquals(3, m.fake());
    assertEquals(3, m.real());
    assertEquals(BinaryMetrics.auc(scores, y), m.auc(), 1e-12);
    assertEquals(7.0 / 9, m.auc(), 1e-12);
    assertEquals(BinaryMetrics.averagePrecision(scores, y), m.averagePrecision(), 1e-12);
    assertEquals(BinaryMetrics.equalErrorRate(scores, y), m.eer());
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(BinaryMetrics.bestAccuracyThreshold(scores, y), m.bestAccuracy());
    assertEquals(BinaryMetrics.logLoss(scores, y), m.logLoss(), 1e-12);
    assertEquals(BinaryMetrics.expectedCalibrationError(scores, y, 10), m.ece(), 1e-12);
    assertEquals(new BinaryMetrics.Confusion(2, 1, 2, 1), m.confusion());
    // 0.6 and 0.4 are in [0.35, 0.65]; of the four decided, 0.7 (real) is wrong.
    assertEquals(2.0 / 6, m.uncertainFraction(), 1e-12);
    assertEquals(3.0 / 4, m.decidedAccuracy(), 1e-12);
    assertEquals(BinaryMetrics.roc(scores, y), r.roc());
    assertEquals(10, r.reliability().size());

    assertEquals(2, r.perSource().size());
    SourceMetrics gan = r.perSource().get(0);
    assertEquals("gan", gan.source());
    assertEquals(0, gan.real());
    assertEquals(2, gan.fake());
    // gan's two fakes against all three reals: 0.9 beats all, 0.6 beats two: 5 of 6 pairs.
    assertEquals(5.0 / 6, gan.auc(), 1e-12);
    assertEquals(1.0, gan.fakeRecall(), 1e-12);
    assertTrue(Double.isNaN(gan.specificity()), "no reals of its own");
    SourceMetrics swap = r.perSource().get(1);
    assertEquals(1, swap.fake());
    assertEquals(3, swap.real());
    assertEquals(2.0 / 3, swap.auc(), 1e-12);
    assertEquals(0.0, swap.fakeRecall(), 1e-12);
    assertEquals(2.0 / 3, swap.specificity(), 1e-12);
  }
}
