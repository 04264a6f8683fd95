package dev.verisim.detect.learned;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.ImageDetector;
import dev.verisim.detect.cue.C2paLocator;
import dev.verisim.detect.cue.CueInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned detector on its own, without the forensic cues: a trained {@link CnnTrainer} run
 * whose {@link FaceCnnCue} decides the verdict, with the run's own temperature and uncertain band.
 * For research and for comparing the network with the fused default detector; {@code verisim
 * detect} uses the fused one.
 *
 * <p>Thread-safe. Close the detector to free the native memory.
 *
 * <pre>{@code
 * try (CnnDetector detector = CnnDetector.load(Path.of("runs/cnn-1"))) {
 *   Verdict v = detector.detect(Path.of("face.jpg"), "face.jpg");
 * }
 * }</pre>
 */
public final class CnnDetector extends ImageDetector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CnnDetector.class);

  /** The name of the cue this detector reports. */
  public static final String CUE = FaceCnnCue.NAME;

  private final FaceCnnCue cue;

  private CnnDetector(FaceCnnCue cue, ImageLimits limits) {
    super(limits);
    this.cue = cue;
  }

  /** Loads a run folder written by {@link CnnTrainer} with the default input limits. */
  public static CnnDetector load(Path runDir) throws IOException {
    return load(runDir, ImageLimits.DEFAULT);
  }

  /**
   * Loads a run folder written by {@link CnnTrainer}.
   *
   * @throws IOException when the folder, its {@code detector.json} or its checkpoint cannot be
   *     read, naming the file
   */
  public static CnnDetector load(Path runDir, ImageLimits limits) throws IOException {
    return new CnnDetector(FaceCnnCue.load(runDir, false), limits);
  }

  @Override
  public ModelInfo model() {
    return cue.model();
  }

  @Override
  public UncertainBand band() {
    return cue.band();
  }

  /** The config the run was trained with. */
  public CnnConfig config() {
    return cue.config();
  }

  /** The calibration temperature: {@code p = sigmoid(logit / temperature)}. */
  public double temperature() {
    return cue.temperature();
  }

  /** Scores a decoded image; never throws. */
  @Override
  public Verdict analyse(StillImage image, long startNanos) {
    try {
      CueEvidence evidence = cue.analyse(new CueInput(image));
      String c2pa = C2paLocator.provenance(image.bytes(), image.format());
      return Verdict.analysed(
          image.name(),
          evidence.score(),
          cue.band(),
          List.of(evidence),
          new ProvenanceSummary(c2pa, null),
          cue.model(),
          elapsedMs(startNanos));
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", image.name(), e.toString());
      LOG.debug("stack trace", e);
      return failed(image.name(), ErrorCode.INTERNAL, "analysis failed: " + e, startNanos);
    }
  }

  /** The calibrated probability that an image (8-bit sRGB) is fake: its most suspicious face's. */
  public double probability(BufferedImage rgb) {
    if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("image must be TYPE_INT_RGB, got type " + rgb.getType());
    }
    return cue.analyse(rgb).score();
  }

  @Override
  public void close() {
    cue.close();
  }
}
