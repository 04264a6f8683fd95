package dev.verisim.detect;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.Verdict;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detector of still images: decodes with limits, turns a decoding failure into an error verdict
 * naming the reason, and leaves the analysis of the decoded image to the subclass. Never throws for
 * bad input.
 */
public abstract class ImageDetector implements Detector {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDetector.class);

  private final ImageDecoder decoder;

  protected ImageDetector(ImageLimits limits) {
    this.decoder = new ImageDecoder(limits);
  }

  /** The decoder, with this detector's limits. */
  public ImageDecoder decoder() {
    return decoder;
  }

  @Override
  public final Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    long start = System.nanoTime();
    StillImage image;
    try {
      image = decoder.decode(file, name);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    }
    try {
      peek.accept(image);
    } catch (RuntimeException e) {
      LOG.warn("peek on {} failed: {}", name, e.toString());
    }
    return analyse(image, start);
  }

  @Override
  public final Verdict detect(byte[] bytes, String name) {
    long start = System.nanoTime();
    try {
      return analyse(decoder.decode(bytes, name), start);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    }
  }

  /**
   * Analyses a decoded image; never throws (a bug becomes an {@code internal} error verdict).
   *
   * @param startNanos when the work on this input began ({@link System#nanoTime()}), for elapsed_ms
   */
  public abstract Verdict analyse(StillImage image, long startNanos);

  /** An error verdict for this detector's model and band. */
  protected final Verdict failed(String name, ErrorCode code, String message, long startNanos) {
    return Verdict.failed(name, code, message, band(), model(), elapsedMs(startNanos));
  }

  protected static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
