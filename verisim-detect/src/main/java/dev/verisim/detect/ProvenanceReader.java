package dev.verisim.detect;

import dev.verisim.core.MediaException;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.detect.cue.C2paLocator;
import dev.verisim.provenance.c2pa.ContentCredentials;
import dev.verisim.provenance.c2pa.CredentialsReport;
import dev.verisim.provenance.c2pa.ManifestSummary;
import dev.verisim.provenance.signing.TrustAnchors;
import dev.verisim.provenance.watermark.WatermarkDetection;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels first: reads an image's Content Credentials and verisim's invisible watermark before any
 * model looks at it. A valid manifest that declares AI generation, or a found watermark, decides
 * the verdict (fake) on its own; an invalid manifest, or one that declares a camera, is evidence
 * reported beside the models' verdict, not proof.
 *
 * <pre>{@code
 * ProvenanceReader reader = ProvenanceReader.builder().optAnchors(TrustAnchors.load(pem)).build();
 * ProvenanceReader.Finding f = reader.read(stillImage);
 * if (f.decisive()) { ... f.summary().explanation() ... }
 * }</pre>
 */
public final class ProvenanceReader {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceReader.class);

  /** The cue name of provenance evidence in a verdict. */
  public static final String CUE = "provenance";

  /**
   * p_fake of a verdict decided by a label. Not 1: a label is a statement by whoever signed or
   * marked the file, and the watermark's own false-positive bound is far below this.
   */
  public static final double P_FAKE_LABELLED = 0.99;

  /** IPTC digital source types that mean generated, in whole or in part, by an algorithm. */
  public static final Set<String> AI_SOURCE_TYPES =
      Set.of(
          "trainedAlgorithmicMedia",
          "compositeWithTrainedAlgorithmicMedia",
          "algorithmicMedia",
          "compositeSynthetic");

  /** The watermark field when a mark is found but its payload cannot be read. */
  public static final String UNREADABLE_PAYLOAD = "unreadable";

  private final TrustAnchors anchors;
  private final Watermarker watermarker;
  private final Clock clock;
  private final Watermarker.Search search;

  private ProvenanceReader(Builder b) {
    this.search = b.search;
    this.anchors = b.anchors;
    this.watermarker = b.watermarker != null ? b.watermarker : Watermarker.withDefaultKey();
    this.clock = b.clock;
  }

  /** No trust anchors, verisim's default watermark key, the system clock. */
  public static ProvenanceReader createDefault() {
    return builder().build();
  }

  /**
   * What the labels say.
   *
   * @param summary the verdict's provenance field
   * @param evidence a {@value #CUE} cue for the verdict, when there was anything to report
   * @param decisive whether the labels decide the verdict (fake) without the models
   */
  public record Finding(
      ProvenanceSummary summary, Optional<CueEvidence> evidence, boolean decisive) {
    public Finding {
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /**
   * Reads the labels of a decoded image; never throws (a failure is logged and reads as absent).
   */
  public Finding read(StillImage image) {
    CredentialsReport cr;
    String unverified = null;
    try {
      cr = ContentCredentials.verify(image.bytes(), anchors, clock.instant());
    } catch (MediaException e) {
      // A container verisim cannot verify yet (WebP): say whether a store is there at least.
      cr = null;
      unverified = C2paLocator.provenance(image.bytes(), image.format());
    } catch (RuntimeException e) {
      LOG.warn("reading Content Credentials of {} failed: {}", image.name(), e.toString());
      cr = null;
    }
    WatermarkDetection wm;
    try {
      wm = watermarker.detect(image.rgb(), search);
    } catch (RuntimeException e) {
      LOG.warn("watermark detection on {} failed: {}", image.name(), e.toString());
      wm = null;
    }
    return decide(cr, unverified, wm);
  }

  /**
   * @param cr the verification report, or null when there is none
   * @param unverified without a report, {@code present} when a store was found that could not be
   *     verified, else null
   */
  static Finding decide(CredentialsReport cr, String unverified, WatermarkDetection wm) {
    String status =
        cr != null ? cr.status().id() : unverified != null ? unverified : C2paLocator.ABSENT;
    boolean signed = cr != null && cr.passed();
    String source = cr == null ? null : shortSourceType(cr.digitalSourceType().orElse(null));
    boolean aiDeclared = signed && source != null && AI_SOURCE_TYPES.contains(source);
    boolean marked = wm != null && wm.present();
    String signer =
        cr == null ? null : cr.summary().map(ManifestSummary::signerSubject).orElse(null);
    List<String> reasons =
        cr == null
            ? List.of()
            : cr.reasons().stream().map(r -> r.code() + ": " + r.explanation()).toList();
    String payload =
        !marked ? null : wm.readPayload().map(WatermarkPayload::hex).orElse(UNREADABLE_PAYLOAD);

    StringBuilder why = new StringBuilder();
    if (aiDeclared) {
      why.append("Content Credentials signed by ")
          .append(signer)
          .append(
              status.equals("valid") ? " (a trusted signer)" : " (a signer not on the trust list)")
          .append(" declare this image AI-generated (")
          .append(source)
          .append(").");
    } else if (signed) {
      why.append("Content Credentials signed by ")
          .append(signer)
          .append(status.equals("valid") ? "" : " (not on the trust list)")
          .append(" describe this image")
          .append(source != null ? " as " + source : "")
          .append("; they do not declare AI generation.");
    } else if (status.equals("invalid")) {
      why.append("Content Credentials are present but invalid (")
          .append(String.join("; ", reasons))
          .append("): the file was changed after signing, or the manifest is damaged or forged.");
    }
    if (marked) {
      if (why.length() > 0) {
        why.append(' ');
      }
      why.append("verisim's invisible watermark is present (payload ")
          .append(payload)
          .append(
              String.format(
                  Locale.ROOT,
                  ", false-positive probability %.1e)",
                  wm.falsePositiveProbability()));
      if (status.equals("absent")) {
        why.append(
            ", but the file has no Content Credentials: they were stripped, for example by"
                + " re-encoding or a platform upload.");
      } else {
        why.append('.');
      }
    }
    if (why.length() == 0 && status.equals(C2paLocator.PRESENT)) {
      why.append("A C2PA manifest store is embedded in a format verisim cannot verify yet.");
    } else if (why.length() == 0 && !status.equals("absent")) {
      why.append("Content Credentials: ").append(status).append('.');
    }
    String explanation = why.length() == 0 ? null : why.toString();
    ProvenanceSummary summary =
        new ProvenanceSummary(
            status,
            payload,
            reasons,
            source,
            signer,
            marked ? wm.falsePositiveProbability() : null,
            explanation);
    if (explanation == null) {
      return new Finding(summary, Optional.empty(), false);
    }
    Map<String, Double> features = new HashMap<>();
    features.put("c2pa_ai_declared", aiDeclared ? 1.0 : 0.0);
    features.put("c2pa_invalid", status.equals("invalid") ? 1.0 : 0.0);
    features.put("watermark_present", marked ? 1.0 : 0.0);
    if (wm != null) {
      features.put("watermark_bit_accuracy", wm.bitAccuracy());
    }
    boolean decisive = aiDeclared || marked;
    // Suspicion: decisive labels say generated; an invalid manifest says edited after signing; a
    // valid manifest that declares no AI leans real, but the models decide.
    double score;
    if (decisive) {
      score = 1.0;
    } else if (status.equals("invalid")) {
      score = 0.7;
    } else if (status.equals(C2paLocator.PRESENT)) {
      score = 0.5; // a store that could not be verified says nothing either way
    } else {
      score = 0.2;
    }
    return new Finding(
        summary, Optional.of(new CueEvidence(CUE, score, explanation, features)), decisive);
  }

  /** {@code trainedAlgorithmicMedia} from its IPTC URI (or the bare term), or null. */
  static String shortSourceType(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    int slash = uri.lastIndexOf('/');
    return slash >= 0 ? uri.substring(slash + 1) : uri;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ProvenanceReader}; everything optional. */
  public static final class Builder {
    private TrustAnchors anchors = TrustAnchors.none();
    private Watermarker watermarker;
    private Clock clock = Clock.systemUTC();
    private Watermarker.Search search = Watermarker.Search.FULL;

    private Builder() {}

    /** Whose signatures make a manifest {@code valid} rather than {@code valid-untrusted}. */
    public Builder optAnchors(TrustAnchors anchors) {
      this.anchors = Objects.requireNonNull(anchors, "anchors");
      return this;
    }

    /** The watermark key to look for (default: verisim's public key). */
    public Builder optWatermarker(Watermarker watermarker) {
      this.watermarker = Objects.requireNonNull(watermarker, "watermarker");
      return this;
    }

    /**
     * How far to look for the watermark (default {@link Watermarker.Search#FULL}: also resized and
     * rotated copies; {@code ALIGNED} is many times faster on unmarked images and misses those).
     */
    public Builder optWatermarkSearch(Watermarker.Search search) {
      this.search = Objects.requireNonNull(search, "search");
      return this;
    }

    /** The time certificates are checked at (default: now). */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public ProvenanceReader build() {
      return new ProvenanceReader(this);
    }
  }
}
