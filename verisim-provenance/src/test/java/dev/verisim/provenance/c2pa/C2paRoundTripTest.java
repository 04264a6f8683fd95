package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.label.LabelReader;
import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** verisim signs JPEG and PNG and reads back exactly what it wrote, keeping everything else. */
class C2paRoundTripTest {
  private static byte[] asset(String format) {
    return format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void aSignedFileIsValidUntrustedWithoutAnchorsAndValidWithItsRoot(String format)
      throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] signed = TestAssets.sign(asset(format), chain);

    CredentialsReport untrusted =
        ContentCredentials.verify(signed, TrustAnchors.none(), TestAssets.NOW);
    assertEquals(Status.VALID_UNTRUSTED, untrusted.status(), untrusted.toString());
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), untrusted.reasonCodes());
    assertTrue(untrusted.successes().contains(Codes.CLAIM_SIGNATURE_VALIDATED));
    assertTrue(untrusted.successes().contains(Codes.ASSERTION_DATA_HASH_MATCH));

    CredentialsReport trusted = ContentCredentials.verify(signed, chain.anchors(), TestAssets.NOW);
    assertEquals(Status.VALID, trusted.status(), trusted.toString());
    assertTrue(trusted.successes().contains(Codes.SIGNING_CREDENTIAL_TRUSTED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void theSummarySaysWhatWasSigned(String format) throws Exception {
    byte[] signed = TestAssets.sign(asset(format), TestAssets.chain());
    ManifestSummary s =
        ContentCredentials.verify(signed, TrustAnchors.none(), TestAssets.NOW)
            .summary()
            .orElseThrow();
    assertEquals(2, s.claimVersion());
    assertEquals("verisim", s.claimGenerator());
    assertEquals("unique-title-4711", s.title());
    assertTrue(s.manifestLabel().startsWith("urn:c2pa:"), s.manifestLabel());
    assertEquals(
        List.of(
            new ManifestSummary.Action(
                "c2pa.created",
                DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
                "verisim gan sample 0.1.0",
                TestAssets.NOW.toString())),
        s.actions());
    assertTrue(s.signerSubject().contains("CN=verisim development signer"), s.signerSubject());
    assertTrue(s.signerIssuer().contains("root CA"), s.signerIssuer());
    assertEquals("ES256", s.signatureAlgorithm());
    assertEquals(
        List.of("c2pa.actions.v2", "dev.verisim.consent", "c2pa.hash.data"), s.assertionLabels());
    assertEquals(
        Map.of("subject", "test subject", "scope", List.of("likeness"), "granted", true),
        s.customAssertion("dev.verisim.consent").orElseThrow());
    assertTrue(s.customAssertion("dev.verisim.other").isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void signingKeepsThePixelsAndTheXmpLabel(String format) throws Exception {
    byte[] original = asset(format);
    byte[] signed = TestAssets.sign(original, TestAssets.chain());
    assertEquals(LabelReader.read(original), LabelReader.read(signed));
    assertTrue(LabelReader.read(signed).isPresent());
    BufferedImage a = ImageIO.read(new ByteArrayInputStream(original));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(signed));
    assertEquals(a.getWidth(), b.getWidth());
    assertArrayEquals(
        a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
        b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
  }

  @Test
  void aFileWithoutCredentialsIsAbsent() throws Exception {
    CredentialsReport r =
        ContentCredentials.verify(TestAssets.labelledPng(), TrustAnchors.none(), TestAssets.NOW);
    assertEquals(Status.ABSENT, r.status());
    assertTrue(r.reasons().isEmpty() && r.summary().isEmpty());
  }

  @Test
  void aSignedFileIsNotSignedAgainAndOtherFormatsAreRefused() throws IOException {
    DevChain chain = TestAssets.chain();
    byte[] signed = TestAssets.sign(TestAssets.labelledJpeg(), chain);
    MediaException again =
        assertThrows(
            MediaException.class,
            () -> ContentCredentials.sign(signed, TestAssets.spec("x"), chain.identity()));
    assertTrue(again.getMessage().contains("already carries"), again.getMessage());
    MediaException gif =
        assertThrows(
            MediaException.class,
            () ->
                ContentCredentials.sign(
                    "GIF89a....".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    TestAssets.spec("x"),
                    chain.identity()));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, gif.code());
    assertThrows(
        MediaException.class,
        () -> ContentCredentials.verify(new byte[0], TrustAnchors.none(), TestAssets.NOW));
  }

  @Test
  void callerAssertionsAreCheckedWhenTheSpecIsBuilt() {
    ManifestSpec.Builder b = ManifestSpec.builder().setSoftwareAgent("x");
    assertThrows(IllegalArgumentException.class, () -> b.optAssertion("c2pa.actions", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> b.optAssertion("NoDots", Map.of()));
    b.optAssertion("dev.verisim.consent", Map.of("a", 1));
    assertThrows(
        IllegalArgumentException.class, () -> b.optAssertion("dev.verisim.consent", Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> b.optAssertion("dev.verisim.bad", Map.of("thread", new Object())));
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> ManifestSpec.builder().build());
    assertTrue(missing.getMessage().contains("softwareAgent"));
    assertEquals(
        DigitalSourceType.PREFIX + "compositeWithTrainedAlgorithmicMedia",
        DigitalSourceType.iri("compositeWithTrainedAlgorithmicMedia"));
  }
}
