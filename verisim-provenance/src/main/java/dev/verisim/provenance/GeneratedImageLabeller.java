package dev.verisim.provenance;

import dev.verisim.core.MediaException;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.AtomicFiles;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.provenance.c2pa.ContentCredentials;
import dev.verisim.provenance.c2pa.ManifestSpec;
import dev.verisim.provenance.consent.SignedConsent;
import dev.verisim.provenance.signing.SigningIdentity;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Labels an image verisim generated, three ways, so that one surviving label is enough: an
 * invisible watermark in the pixels (survives re-encoding), XMP declaring it AI-generated (IPTC
 * {@code trainedAlgorithmicMedia}), and signed C2PA Content Credentials (a {@code c2pa.created}
 * action with that source type, a hard binding to the bytes, and the consent record for the
 * likeness when there is one).
 *
 * <pre>{@code
 * GeneratedImageLabeller labeller = GeneratedImageLabeller.builder()
 *     .setSigner(LocalCredentials.loadOrCreate(System.err::println))
 *     .setSoftwareAgent("verisim", "0.1.0")
 *     .optConsent(SignedConsent.read(Path.of("ada.jws")))
 *     .build();
 * labeller.write(image, AiLabel.generated("verisim 0.1.0"), new WatermarkPayload(7, 42), file);
 * }</pre>
 */
public final class GeneratedImageLabeller {
  /** The label of the assertion that carries a consent record. */
  public static final String CONSENT_ASSERTION = "dev.verisim.consent";

  /** The label of the assertion that records the watermark embedded in the pixels. */
  public static final String WATERMARK_ASSERTION = "dev.verisim.watermark";

  /** The IPTC digital source type of everything verisim generates. */
  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  private final SigningIdentity signer;
  private final String agentName;
  private final String agentVersion;
  private final Watermarker watermarker;
  private final SignedConsent consent;

  private GeneratedImageLabeller(Builder b) {
    this.signer = b.signer;
    this.agentName = b.agentName;
    this.agentVersion = b.agentVersion;
    this.watermarker = b.watermarker != null ? b.watermarker : Watermarker.withDefaultKey();
    this.consent = b.consent;
  }

  /** The subject of the signing certificate, as verifiers will name the signer. */
  public String signerSubject() {
    return signer.certificate().getSubjectX500Principal().getName();
  }

  /** The labelled image as PNG bytes. */
  public byte[] png(BufferedImage image, AiLabel xmp, WatermarkPayload payload, String title)
      throws IOException {
    return sign(LabelledImageWriter.png(watermarker.embed(image, payload), xmp), payload, title);
  }

  /** The labelled image as JPEG bytes at a quality in [0, 1]. */
  public byte[] jpeg(
      BufferedImage image, AiLabel xmp, WatermarkPayload payload, String title, float quality)
      throws IOException {
    return sign(
        LabelledImageWriter.jpeg(watermarker.embed(image, payload), xmp, quality), payload, title);
  }

  /**
   * Writes the labelled image atomically, PNG or JPEG by the file's extension (JPEG at {@link
   * LabelledImageWriter#DEFAULT_JPEG_QUALITY}).
   *
   * @throws IllegalArgumentException naming the file when the extension is neither
   */
  public void write(BufferedImage image, AiLabel xmp, WatermarkPayload payload, Path file)
      throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (lower.endsWith(".png")) {
      bytes = png(image, xmp, payload, name);
    } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      bytes = jpeg(image, xmp, payload, name, LabelledImageWriter.DEFAULT_JPEG_QUALITY);
    } else {
      throw new IllegalArgumentException(
          file + ": cannot write a labelled image here; the name must end in .png, .jpg or .jpeg");
    }
    AtomicFiles.write(file, bytes);
  }

  private byte[] sign(byte[] encoded, WatermarkPayload payload, String title) {
    ManifestSpec.Builder spec =
        ManifestSpec.builder()
            .setSoftwareAgent(agentName, agentVersion)
            .optTitle(title)
            .optDigitalSourceType(TRAINED_ALGORITHMIC_MEDIA);
    Map<String, Object> wm = new LinkedHashMap<>();
    wm.put("payload", payload.hex());
    wm.put("generator_id", payload.generatorId());
    wm.put("serial", payload.serial());
    spec.optAssertion(WATERMARK_ASSERTION, wm);
    if (consent != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("jws", consent.compact());
      spec.optAssertion(CONSENT_ASSERTION, c);
    }
    try {
      return ContentCredentials.sign(encoded, spec.build(), signer);
    } catch (MediaException e) {
      // The bytes were encoded just above by ImageIO: refusing them is a bug, not bad input.
      throw new IllegalStateException("signing a freshly encoded image failed: " + e, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GeneratedImageLabeller}: signer and software agent required. */
  public static final class Builder {
    private SigningIdentity signer;
    private String agentName;
    private String agentVersion;
    private Watermarker watermarker;
    private SignedConsent consent;

    private Builder() {}

    /** Who signs the Content Credentials. */
    public Builder setSigner(SigningIdentity signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /** The software that generated the image, as the manifest's software agent. */
    public Builder setSoftwareAgent(String name, String version) {
      this.agentName = Objects.requireNonNull(name, "name");
      this.agentVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /** The watermark key (default: verisim's public key, which `verisim detect` looks for). */
    public Builder optWatermarker(Watermarker watermarker) {
      this.watermarker = Objects.requireNonNull(watermarker, "watermarker");
      return this;
    }

    /** The consent of the person whose likeness is generated; checked by the caller. */
    public Builder optConsent(SignedConsent consent) {
      this.consent = consent;
      return this;
    }

    public GeneratedImageLabeller build() {
      if (signer == null) {
        throw new IllegalStateException(
            "GeneratedImageLabeller.Builder: setSigner(...) is required");
      }
      if (agentName == null) {
        throw new IllegalStateException(
            "GeneratedImageLabeller.Builder: setSoftwareAgent(...) is required");
      }
      return new GeneratedImageLabeller(this);
    }
  }
}
