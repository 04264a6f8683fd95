package dev.verisim.detect;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.cue.C2paLocator;
import dev.verisim.detect.cue.Cue;
import dev.verisim.detect.cue.CueInput;
import dev.verisim.detect.cue.JpegCue;
import dev.verisim.detect.cue.MetadataCue;
import dev.verisim.detect.cue.NoiseCue;
import dev.verisim.detect.cue.SpectrumCue;
import dev.verisim.detect.fusion.FusionModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * verisim's image detector: cues fused by a calibrated logistic regression. The cues are the
 * training-free forensic ones (spectrum, JPEG, noise, metadata) and, in the shipped default model,
 * the learned face cue ({@code FaceCnnCue}); {@link ModelFolder} loads a model with the cues it
 * needs. The uncertain band is the model's own (chosen on its validation data) unless {@link
 * Builder#optBand} overrides it. Thread-safe; close it to free a learned cue's native memory.
 *
 * <pre>{@code
 * ModelFolder.Loaded m = ModelFolder.loadDefault(false);
 * try (ForensicDetector detector =
 *     ForensicDetector.builder().setFusion(m.fusion()).optCues(m.cues()).build()) {
 *   Verdict v = detector.detect(Path.of("face.jpg"), "face.jpg");
 * }
 * }</pre>
 *
 * <p>The forensic cues alone:
 *
 * <pre>{@code
 * ForensicDetector detector = ForensicDetector.builder()
 *     .setFusion(FusionModel.read(Path.of("model.json")))
 *     .optBand(new UncertainBand(0.3, 0.7))
 *     .build();
 * }</pre>
 */
public final class ForensicDetector extends ImageDetector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForensicDetector.class);

  /** Classpath location of the shipped baseline (copied from the repository's models/). */
  public static final String BASELINE_MODEL_RESOURCE = "/verisim/models/forensic-fusion/model.json";

  private final FusionModel fusion;
  private final UncertainBand band;
  private final List<Cue> cues;

  private ForensicDetector(Builder b) {
    super(b.limits, b.provenance != null ? b.provenance : ProvenanceReader.createDefault());
    this.fusion = b.fusion;
    this.band = b.band != null ? b.band : b.fusion.band();
    this.cues = List.copyOf(b.cues);
  }

  /** The forensic cues every model runs, in the order they are reported. */
  public static List<Cue> defaultCues() {
    return List.of(new SpectrumCue(), new JpegCue(), new NoiseCue(), new MetadataCue());
  }

  /**
   * The shipped default model ({@code models/verisim-face}: the face CNN fused with the forensic
   * cues), with its own band and the default limits. Close it when done.
   */
  public static ForensicDetector createDefault() {
    try {
      ModelFolder.Loaded m = ModelFolder.loadDefault(false);
      return builder().setFusion(m.fusion()).optCues(m.cues()).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped training-free baseline: the forensic cues alone, no network. */
  public static ForensicDetector createBaseline() {
    return builder().setFusion(baselineFusion()).build();
  }

  /** Loads the shipped baseline's fusion model (forensic cues only) from the classpath. */
  public static FusionModel baselineFusion() {
    try (InputStream in = ForensicDetector.class.getResourceAsStream(BASELINE_MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the shipped model " + BASELINE_MODEL_RESOURCE + " is missing from the classpath");
      }
      return FusionModel.read(in, BASELINE_MODEL_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelInfo model() {
    return fusion.info();
  }

  @Override
  public UncertainBand band() {
    return band;
  }

  public List<Cue> cues() {
    return cues;
  }

  /**
   * Runs every cue and the fusion on a decoded image.
   *
   * @param startNanos when the work on this input began ({@link System#nanoTime()}), for elapsed_ms
   */
  @Override
  public Verdict analyse(StillImage image, long startNanos) {
    try {
      List<CueEvidence> evidence = evidence(image);
      Map<String, Double> features = new HashMap<>();
      evidence.forEach(e -> features.putAll(e.features()));
      double[] x = fusion.vector(features);
      double p = labelsFirst(fusion.probability(x), features);
      if (LOG.isDebugEnabled()) {
        double[] c = fusion.contributions(x);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
          s.append(
              String.format(
                  java.util.Locale.ROOT, " %s=%.3g(%+.2f)", fusion.features().get(i), x[i], c[i]));
        }
        LOG.debug("{}: logit contributions{}", image.name(), s);
      }
      String c2pa = C2paLocator.provenance(image.bytes(), image.format());
      return Verdict.analysed(
          image.name(),
          p,
          band,
          evidence,
          new ProvenanceSummary(c2pa, null),
          fusion.info(),
          elapsedMs(startNanos));
    } catch (RuntimeException e) {
      // A bug in a cue must not end a batch: report it on this input and go on.
      LOG.warn("analysis of {} failed: {}", image.name(), e.toString());
      LOG.debug("stack trace", e);
      return failed(image.name(), ErrorCode.INTERNAL, "analysis failed: " + e, startNanos);
    }
  }

  /** Floor on p_fake when the file's metadata declares it AI-generated (IPTC digitalSourceType). */
  public static final double DECLARED_AI_FLOOR = 0.98;

  /** Floor on p_fake when the metadata names generator software or carries generation settings. */
  public static final double GENERATOR_SOFTWARE_FLOOR = 0.9;

  /**
   * Labels first: a file that declares itself AI-generated is taken at its word. The fusion model
   * cannot learn this (its training faces carry no metadata), so the rule lives here. The reverse
   * does not hold: missing labels prove nothing, since most platforms strip metadata.
   */
  static double labelsFirst(double pFused, Map<String, Double> features) {
    if (features.getOrDefault(MetadataCue.AI_MARKER, 0.0) == 1.0) {
      return Math.max(pFused, DECLARED_AI_FLOOR);
    }
    if (features.getOrDefault(MetadataCue.GENERATOR_SOFTWARE, 0.0) == 1.0) {
      return Math.max(pFused, GENERATOR_SOFTWARE_FLOOR);
    }
    return pFused;
  }

  /** The raw evidence of every cue, without fusion: what fitting the fusion model learns from. */
  public List<CueEvidence> evidence(StillImage image) {
    CueInput input = new CueInput(image);
    List<CueEvidence> evidence = new ArrayList<>(cues.size());
    for (Cue cue : cues) {
      // A caller that gave up (a server's job timeout) interrupts: stop between cues rather than
      // burn a worker on a result no one will read. The cues themselves do not poll the flag.
      if (Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException(
            "interrupted before the " + cue.name() + " cue: the caller stopped waiting");
      }
      evidence.add(cue.analyse(input));
    }
    return evidence;
  }

  /** Closes the cues that hold native resources (the learned cue's network and face finder). */
  @Override
  public void close() {
    for (Cue cue : cues) {
      if (cue instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing cue {} failed: {}", cue.name(), e.toString());
        }
      }
    }
  }

  /** Builds a {@link ForensicDetector}: {@code setFusion} is required, the rest optional. */
  public static final class Builder {
    private FusionModel fusion;
    private UncertainBand band;
    private ImageLimits limits = ImageLimits.DEFAULT;
    private List<Cue> cues = defaultCues();
    private ProvenanceReader provenance;

    private Builder() {}

    public Builder setFusion(FusionModel fusion) {
      this.fusion = Objects.requireNonNull(fusion, "fusion");
      return this;
    }

    /** Overrides the band stored with the fusion model. */
    public Builder optBand(UncertainBand band) {
      this.band = Objects.requireNonNull(band, "band");
      return this;
    }

    public Builder optLimits(ImageLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How labels are read before the models (trust anchors, watermark key); default: none trusted.
     */
    public Builder optProvenance(ProvenanceReader provenance) {
      this.provenance = Objects.requireNonNull(provenance, "provenance");
      return this;
    }

    public Builder optCues(List<Cue> cues) {
      this.cues = List.copyOf(cues);
      return this;
    }

    public ForensicDetector build() {
      if (fusion == null) {
        throw new IllegalStateException("ForensicDetector.Builder: setFusion(...) is required");
      }
      // Fail when built, not on every image: a model needs features these cues must produce.
      List<String> produced = new ArrayList<>();
      cues.forEach(c -> produced.addAll(c.featureNames()));
      List<String> missing = fusion.features().stream().filter(f -> !produced.contains(f)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "model "
                + fusion.info().id()
                + " "
                + fusion.info().version()
                + " needs features no cue produces: "
                + missing);
      }
      return new ForensicDetector(this);
    }
  }
}
