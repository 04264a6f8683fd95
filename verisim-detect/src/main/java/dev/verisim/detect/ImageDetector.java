package dev.verisim.detect;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  private final ProvenanceReader provenance;

  protected ImageDetector(ImageLimits limits) {
    this(limits, ProvenanceReader.createDefault());
  }

  /**
   * @param provenance reads Content Credentials and the watermark before any model
   */
  protected ImageDetector(ImageLimits limits, ProvenanceReader provenance) {
    this.decoder = new ImageDecoder(limits);
    this.provenance = Objects.requireNonNull(provenance, "provenance");
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
    return labelsFirst(image, start);
  }

  @Override
  public final Verdict detect(byte[] bytes, String name) {
    long start = System.nanoTime();
    try {
      return labelsFirst(decoder.decode(bytes, name), start);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    }
  }

  /**
   * Labels first: a valid manifest declaring AI generation, or verisim's watermark, decides the
   * verdict without any model; otherwise the models decide and what the labels said (an invalid
   * manifest, a manifest declaring a camera) is reported beside their verdict as evidence.
   */
  private Verdict labelsFirst(StillImage image, long start) {
    ProvenanceReader.Finding found = provenance.read(image);
    if (found.decisive()) {
      return Verdict.analysed(
          image.name(),
          ProvenanceReader.P_FAKE_LABELLED,
          band(),
          List.of(found.evidence().orElseThrow()),
          found.summary(),
          model(),
          elapsedMs(start));
    }
    Verdict v = analyse(image, start);
    if (v.label() == Label.ERROR) {
      return v;
    }
    List<CueEvidence> cues = new ArrayList<>(v.cues());
    found.evidence().ifPresent(cues::add);
    return new Verdict(
        v.path(),
        v.media(),
        v.label(),
        v.pFake(),
        v.band(),
        cues,
        found.summary(),
        v.model(),
        elapsedMs(start),
        v.error(),
        v.details());
  }

  /**
   * Analyses a decoded image with the models alone; never throws (a bug becomes an {@code internal}
   * error verdict).
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
