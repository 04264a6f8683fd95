package dev.verisim.eval;

import dev.verisim.core.metrics.BinaryMetrics.Confusion;
import dev.verisim.core.metrics.BinaryMetrics.OperatingPoint;
import dev.verisim.core.metrics.BinaryMetrics.ReliabilityBin;
import dev.verisim.core.metrics.BinaryMetrics.RocPoint;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import java.util.List;
import java.util.Objects;

/**
 * The result of evaluating a detector on labelled data. Immutable. Undefined metrics (for example
 * AUC of a source without reals to compare with) are {@code NaN}.
 *
 * @param dataset the dataset's folder as given
 * @param model the model that decided
 * @param band the detector's uncertain band
 * @param n the number of items evaluated, errors included
 * @param errors the items that could not be analysed; they are left out of every metric
 * @param overall metrics over every analysed item
 * @param perSource one row per source, in order of first appearance
 * @param roc the ROC curve over every analysed item
 * @param reliability the reliability diagram ({@link Evaluation#CALIBRATION_BINS} bins)
 * @param robustness one row per degradation; empty unless robustness was asked for
 */
public record EvalReport(
    String dataset,
    ModelInfo model,
    UncertainBand band,
    int n,
    List<ItemError> errors,
    Metrics overall,
    List<SourceMetrics> perSource,
    List<RocPoint> roc,
    List<ReliabilityBin> reliability,
    List<RobustnessRow> robustness) {

  public EvalReport {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(overall, "overall");
    errors = List.copyOf(errors);
    perSource = List.copyOf(perSource);
    roc = List.copyOf(roc);
    reliability = List.copyOf(reliability);
    robustness = List.copyOf(robustness);
  }

  /** The same report with robustness rows. */
  public EvalReport withRobustness(List<RobustnessRow> rows) {
    return new EvalReport(
        dataset, model, band, n, errors, overall, perSource, roc, reliability, rows);
  }

  /** An item that could not be analysed: its path below the dataset, the error code and message. */
  public record ItemError(String path, String code, String message) {}

  /**
   * Metrics over a set of analysed items.
   *
   * @param real the number of real items
   * @param fake the number of fake items
   * @param auc area under the ROC curve
   * @param averagePrecision area under the precision-recall curve (fake is positive)
   * @param eer the equal error rate and its threshold
   * @param accuracy accuracy of "fake when p_fake > 0.5", the model's own threshold
   * @param bestAccuracy the best accuracy any threshold reaches on this data, with the threshold
   * @param logLoss mean negative log-likelihood of p_fake
   * @param ece expected calibration error
   * @param confusion the confusion matrix at 0.5
   * @param uncertainFraction the fraction the detector called uncertain (its band)
   * @param decidedAccuracy accuracy on the items it did not call uncertain; NaN if none
   */
  public record Metrics(
      long real,
      long fake,
      double auc,
      double averagePrecision,
      OperatingPoint eer,
      double accuracy,
      OperatingPoint bestAccuracy,
      double logLoss,
      double ece,
      Confusion confusion,
      double uncertainFraction,
      double decidedAccuracy) {}

  /**
   * One source's share: its fakes are ranked against every real of the dataset (a fakes-only source
   * has no reals of its own), its reals are judged alone.
   *
   * @param source the first folder below the dataset
   * @param real its real items
   * @param fake its fake items
   * @param auc AUC of its fakes against all reals; NaN without fakes
   * @param averagePrecision AP of its fakes against all reals; NaN without fakes
   * @param eer EER of its fakes against all reals; NaN without fakes
   * @param fakeRecall the fraction of its fakes with p_fake > 0.5; NaN without fakes
   * @param specificity the fraction of its reals with p_fake <= 0.5; NaN without reals
   */
  public record SourceMetrics(
      String source,
      long real,
      long fake,
      double auc,
      double averagePrecision,
      double eer,
      double fakeRecall,
      double specificity) {}

  /**
   * Metrics on degraded copies.
   *
   * @param condition the degradation's id, for example {@code jpeg-q50}
   * @param n the items degraded and analysed, errors included
   * @param errors how many could not be degraded or analysed
   * @param auc AUC on the degraded copies
   * @param accuracy accuracy at 0.5
   * @param ece expected calibration error
   */
  public record RobustnessRow(
      String condition, int n, int errors, double auc, double accuracy, double ece) {}
}
