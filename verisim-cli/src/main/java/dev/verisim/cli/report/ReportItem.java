package dev.verisim.cli.report;

import dev.verisim.core.verdict.Verdict;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * One input in an {@link HtmlReport}: its verdict and, when the image decoded, a small preview
 * (make one with {@link HtmlReport#thumbnail}; heatmaps are drawn over it).
 */
public record ReportItem(Verdict verdict, Optional<BufferedImage> thumbnail) {
  public ReportItem {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(thumbnail, "thumbnail");
  }
}
