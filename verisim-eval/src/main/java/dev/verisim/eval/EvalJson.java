package dev.verisim.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.metrics.BinaryMetrics.Confusion;
import dev.verisim.core.metrics.BinaryMetrics.ReliabilityBin;
import dev.verisim.core.metrics.BinaryMetrics.RocPoint;
import dev.verisim.eval.EvalReport.ItemError;
import dev.verisim.eval.EvalReport.Metrics;
import dev.verisim.eval.EvalReport.RobustnessRow;
import dev.verisim.eval.EvalReport.SourceMetrics;

/**
 * The JSON form of an {@link EvalReport}: snake_case field names that are never renamed or removed;
 * an undefined metric (NaN) is {@code null}.
 */
public final class EvalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvalJson() {}

  public static ObjectNode toJson(EvalReport r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("dataset", r.dataset());
    ObjectNode model = o.putObject("model");
    model.put("id", r.model().id());
    model.put("version", r.model().version());
    o.putArray("uncertain_band").add(r.band().low()).add(r.band().high());
    o.put("n", r.n());
    o.put("n_errors", r.errors().size());
    ArrayNode errors = o.putArray("errors");
    for (ItemError e : r.errors()) {
      errors.addObject().put("path", e.path()).put("code", e.code()).put("message", e.message());
    }
    o.set("metrics", metrics(r.overall()));
    ArrayNode sources = o.putArray("per_source");
    for (SourceMetrics s : r.perSource()) {
      ObjectNode n = sources.addObject();
      n.put("source", s.source());
      n.put("n_real", s.real());
      n.put("n_fake", s.fake());
      number(n, "auc", s.auc());
      number(n, "average_precision", s.averagePrecision());
      number(n, "eer", s.eer());
      number(n, "fake_recall", s.fakeRecall());
      number(n, "specificity", s.specificity());
    }
    ArrayNode roc = o.putArray("roc");
    for (RocPoint p : r.roc()) {
      ObjectNode n = roc.addObject();
      number(n, "threshold", p.threshold());
      n.put("fpr", p.falsePositiveRate());
      n.put("tpr", p.truePositiveRate());
    }
    ArrayNode reliability = o.putArray("reliability");
    for (ReliabilityBin b : r.reliability()) {
      ObjectNode n = reliability.addObject();
      n.put("lower", b.lower());
      n.put("upper", b.upper());
      n.put("count", b.count());
      number(n, "mean_p_fake", b.meanProbability());
      number(n, "fraction_fake", b.fractionFake());
    }
    ArrayNode robustness = o.putArray("robustness");
    for (RobustnessRow row : r.robustness()) {
      ObjectNode n = robustness.addObject();
      n.put("condition", row.condition());
      n.put("n", row.n());
      n.put("n_errors", row.errors());
      number(n, "auc", row.auc());
      number(n, "accuracy", row.accuracy());
      number(n, "ece", row.ece());
    }
    return o;
  }

  /** One line of JSON. */
  public static String toLine(EvalReport r) {
    return toJson(r).toString();
  }

  private static ObjectNode metrics(Metrics m) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("n_real", m.real());
    n.put("n_fake", m.fake());
    number(n, "auc", m.auc());
    number(n, "average_precision", m.averagePrecision());
    number(n, "eer", m.eer().rate());
    number(n, "eer_threshold", m.eer().threshold());
    n.put("threshold", Evaluation.MODEL_THRESHOLD);
    number(n, "accuracy", m.accuracy());
    number(n, "best_accuracy", m.bestAccuracy().rate());
    number(n, "best_threshold", m.bestAccuracy().threshold());
    number(n, "log_loss", m.logLoss());
    number(n, "ece", m.ece());
    Confusion c = m.confusion();
    n.putObject("confusion")
        .put("true_fake", c.truePositives())
        .put("false_fake", c.falsePositives())
        .put("true_real", c.trueNegatives())
        .put("false_real", c.falseNegatives());
    number(n, "uncertain_fraction", m.uncertainFraction());
    number(n, "decided_accuracy", m.decidedAccuracy());
    return n;
  }

  private static void number(ObjectNode n, String field, double value) {
    if (Double.isFinite(value)) {
      n.put(field, value);
    } else {
      n.putNull(field);
    }
  }
}
