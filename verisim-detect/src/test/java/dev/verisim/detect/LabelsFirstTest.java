package dev.verisim.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.provenance.c2pa.ContentCredentials;
import dev.verisim.provenance.c2pa.ManifestSpec;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code detect} reads Content Credentials and the watermark before any model: AI-declaring
 * credentials or the watermark decide; invalid or camera-declaring credentials are evidence only.
 */
class LabelsFirstTest {
  private static final DevChain CHAIN = DevChain.generate(Instant.now(), Duration.ofDays(2));
  private static final ForensicDetector DETECTOR = ForensicDetector.createBaseline();

  private static BufferedImage picture(long seed) {
    return ImageFiles.pattern(160, 120, seed);
  }

  private static byte[] signed(byte[] asset, String sourceType) throws Exception {
    return ContentCredentials.sign(
        asset,
        ManifestSpec.builder()
            .setSoftwareAgent("a test", "1")
            .optDigitalSourceType(sourceType)
            .build(),
        CHAIN.identity());
  }

  private static List<String> cueNames(Verdict v) {
    return v.cues().stream().map(CueEvidence::name).toList();
  }

  @Test
  void credentialsDeclaringAiGenerationDecideBeforeTheModels() throws Exception {
    byte[] png = signed(ImageFiles.encode(picture(1), "png"), "trainedAlgorithmicMedia");
    Verdict v = DETECTOR.detect(png, "ai.png");
    assertEquals(Label.FAKE, v.label());
    assertEquals(ProvenanceReader.P_FAKE_LABELLED, v.pFake().getAsDouble());
    assertEquals(List.of("provenance"), cueNames(v), "no model ran");
    assertEquals("valid-untrusted", v.provenance().c2pa());
    assertEquals("trainedAlgorithmicMedia", v.provenance().digitalSourceType());
    assertTrue(v.provenance().explanation().contains("declare this image AI-generated"));

    ForensicDetector trusting =
        ForensicDetector.builder()
            .setFusion(ForensicDetector.baselineFusion())
            .optProvenance(ProvenanceReader.builder().optAnchors(CHAIN.anchors()).build())
            .build();
    Verdict t = trusting.detect(png, "ai.png");
    assertEquals("valid", t.provenance().c2pa());
    assertTrue(t.provenance().c2paReasons().isEmpty());
  }

  @Test
  void aWatermarkWithoutCredentialsSaysTheyWereStripped() throws Exception {
    WatermarkPayload payload = new WatermarkPayload(7, 4242);
    BufferedImage marked = Watermarker.withDefaultKey().embed(picture(2), payload);
    // Re-encoded as a platform would: JPEG, no metadata, no manifest.
    byte[] jpeg = ImageFiles.jpeg(marked, 0.75f);
    Verdict v = DETECTOR.detect(jpeg, "reposted.jpg");
    assertEquals(Label.FAKE, v.label());
    assertEquals(List.of("provenance"), cueNames(v));
    assertEquals("absent", v.provenance().c2pa());
    assertEquals(payload.hex(), v.provenance().watermark());
    assertTrue(v.provenance().watermarkFalsePositive() < 1e-6);
    assertTrue(v.provenance().explanation().contains("stripped"), v.provenance().explanation());
  }

  @Test
  void tamperedCredentialsAreEvidenceAndTheModelsDecide() throws Exception {
    byte[] jpeg = signed(ImageFiles.jpeg(picture(3), 0.9f), "trainedAlgorithmicMedia");
    // One byte of the entropy-coded pixels, just before EOI: still decodes, the hash breaks.
    jpeg[jpeg.length - 10] ^= 0x01;
    Verdict v = DETECTOR.detect(jpeg, "tampered.jpg");
    assertEquals("invalid", v.provenance().c2pa());
    assertTrue(
        v.provenance().c2paReasons().stream().anyMatch(r -> r.startsWith("assertion.dataHash")),
        v.provenance().c2paReasons().toString());
    assertEquals(List.of("spectrum", "jpeg", "noise", "metadata", "provenance"), cueNames(v));
    assertTrue(v.provenance().explanation().contains("invalid"));
  }

  @Test
  void credentialsDeclaringACameraDoNotDecide() throws Exception {
    byte[] jpeg = signed(ImageFiles.jpeg(picture(4), 0.9f), "digitalCapture");
    Verdict v = DETECTOR.detect(jpeg, "camera.jpg");
    assertEquals("valid-untrusted", v.provenance().c2pa());
    assertEquals("digitalCapture", v.provenance().digitalSourceType());
    assertEquals(List.of("spectrum", "jpeg", "noise", "metadata", "provenance"), cueNames(v));
    assertTrue(v.cue("provenance").orElseThrow().score() < 0.5);
  }

  @Test
  void aStoreThatCannotBeVerifiedIsNeutralEvidence() {
    // As for a WebP C2PA chunk: found by the locator, not verifiable by verisim yet.
    ProvenanceReader.Finding f = ProvenanceReader.decide(null, "present", null);
    assertEquals("present", f.summary().c2pa());
    assertEquals(0.5, f.evidence().orElseThrow().score());
    assertTrue(f.summary().explanation().contains("cannot verify"));
    assertTrue(!f.decisive());
  }

  @Test
  void anUnlabelledImageHasNoProvenanceCue() throws Exception {
    byte[] png = LabelledImageWriter.png(picture(5), AiLabel.generated("x"));
    Verdict v = DETECTOR.detect(ImageFiles.encode(picture(5), "png"), "plain.png");
    assertEquals("absent", v.provenance().c2pa());
    assertNull(v.provenance().watermark());
    assertEquals(List.of("spectrum", "jpeg", "noise", "metadata"), cueNames(v));
    // XMP alone is the metadata cue's business, as before.
    assertEquals("absent", DETECTOR.detect(png, "xmp.png").provenance().c2pa());
  }
}
