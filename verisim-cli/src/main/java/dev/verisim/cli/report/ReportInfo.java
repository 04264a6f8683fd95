package dev.verisim.cli.report;

import dev.verisim.core.verdict.ModelInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * What an {@link HtmlReport} says about itself in its header.
 *
 * @param title the page title, for example "verisim detect: holiday photos"
 * @param verisimVersion the version of verisim that wrote the report
 * @param model the model that produced the verdicts
 * @param created when the report was written
 */
public record ReportInfo(String title, String verisimVersion, ModelInfo model, Instant created) {
  public ReportInfo {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(verisimVersion, "verisimVersion");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(created, "created");
  }
}
