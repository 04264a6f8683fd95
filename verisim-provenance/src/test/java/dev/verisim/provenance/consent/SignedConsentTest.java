package dev.verisim.provenance.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consent records: signed, checked, refused when altered, expired, untrusted or not granting. */
class SignedConsentTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final DevChain CHAIN = DevChain.generate(T0, Duration.ofDays(3650), "Ada Example");

  @TempDir Path dir;

  private static ConsentRecord record() {
    return ConsentRecord.builder()
        .setSubject("Ada Example")
        .setUses(Set.of(ConsentUse.GENERATION, ConsentUse.PUBLICATION))
        .optIssued(T0)
        .setExpires(T0.plus(Duration.ofDays(365)))
        .optGrantedTo("Example Studio")
        .optNote("portraits for the museum's exhibition only")
        .build();
  }

  @Test
  void aSignedRecordRoundTripsThroughItsFileAndVerifies() throws Exception {
    ConsentRecord record = record();
    SignedConsent.sign(record, CHAIN.identity()).write(dir.resolve("ada.jws"));
    SignedConsent read = SignedConsent.read(dir.resolve("ada.jws"));
    Instant mid = T0.plus(Duration.ofDays(100));

    ConsentCheck trusted = read.verify(CHAIN.anchors(), mid);
    assertEquals(ConsentStatus.VALID, trusted.status(), trusted.reasons().toString());
    assertEquals(record, trusted.record());
    assertTrue(trusted.signer().contains("Ada Example"), trusted.signer());
    assertTrue(trusted.record().permits(ConsentUse.GENERATION, mid));
    assertTrue(!trusted.record().permits(ConsentUse.COMMERCIAL, mid));

    ConsentCheck untrusted = read.verify(TrustAnchors.none(), mid);
    assertEquals(ConsentStatus.VALID_UNTRUSTED, untrusted.status());
    assertEquals(1, untrusted.reasons().size());

    DevChain other = DevChain.generate(T0, Duration.ofDays(3650), "Someone Else");
    assertEquals(ConsentStatus.VALID_UNTRUSTED, read.verify(other.anchors(), mid).status());
  }

  @Test
  void timeWindowIsEnforced() {
    SignedConsent signed = SignedConsent.sign(record(), CHAIN.identity());
    ConsentCheck expired = signed.verify(CHAIN.anchors(), T0.plus(Duration.ofDays(366)));
    assertEquals(ConsentStatus.EXPIRED, expired.status());
    assertTrue(expired.reasons().get(0).contains("expired"), expired.reasons().toString());

    ConsentRecord later =
        ConsentRecord.builder()
            .setSubject("Ada Example")
            .setUses(Set.of(ConsentUse.GENERATION))
            .optIssued(T0)
            .optValidFrom(T0.plus(Duration.ofDays(30)))
            .setExpires(T0.plus(Duration.ofDays(60)))
            .build();
    assertEquals(
        ConsentStatus.NOT_YET_VALID,
        SignedConsent.sign(later, CHAIN.identity())
            .verify(CHAIN.anchors(), T0.plus(Duration.ofDays(1)))
            .status());
  }

  @Test
  void anAlteredPayloadIsInvalid() {
    String compact = SignedConsent.sign(record(), CHAIN.identity()).compact();
    String[] parts = compact.split("\\.");
    String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = json.replace("\"expires\" : \"2027", "\"expires\" : \"2099");
    assertNotEquals(json, forged);
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    ConsentCheck check =
        SignedConsent.parse(tampered).verify(CHAIN.anchors(), T0.plus(Duration.ofDays(1)));
    assertEquals(ConsentStatus.INVALID, check.status());
    assertTrue(check.reasons().get(0).contains("altered"), check.reasons().toString());
  }

  @Test
  void generationRequiresTheUseAndTrustWhenAsked() throws Exception {
    SignedConsent signed = SignedConsent.sign(record(), CHAIN.identity());
    Instant mid = T0.plus(Duration.ofDays(100));
    assertEquals(
        ConsentStatus.VALID,
        signed.require(ConsentUse.GENERATION, CHAIN.anchors(), mid, true).status());
    ConsentException notGranted =
        assertThrows(
            ConsentException.class,
            () -> signed.require(ConsentUse.COMMERCIAL, CHAIN.anchors(), mid, false));
    assertTrue(notGranted.getMessage().contains("does not grant 'commercial'"));
    assertThrows(
        ConsentException.class,
        () -> signed.require(ConsentUse.GENERATION, TrustAnchors.none(), mid, true));
    assertEquals(
        ConsentStatus.VALID_UNTRUSTED,
        signed.require(ConsentUse.GENERATION, TrustAnchors.none(), mid, false).status());
    ConsentException expired =
        assertThrows(
            ConsentException.class,
            () ->
                signed.require(
                    ConsentUse.GENERATION,
                    TrustAnchors.none(),
                    T0.plus(Duration.ofDays(400)),
                    false));
    assertTrue(expired.getMessage().startsWith("consent record is expired"), expired.getMessage());
  }

  @Test
  void notAConsentRecordIsRefusedWithTheReason() throws Exception {
    Path junk = dir.resolve("junk.jws");
    Files.writeString(junk, "hello");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SignedConsent.read(junk));
    assertTrue(e.getMessage().startsWith(junk + ": not a JWS"), e.getMessage());

    Path big = dir.resolve("big.jws");
    Files.write(big, new byte[SignedConsent.MAX_BYTES + 1]);
    assertThrows(java.io.IOException.class, () -> SignedConsent.read(big));
  }

  @Test
  void recordsValidateTheirFields() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConsentRecord.builder()
                    .setSubject("A")
                    .setUses(Set.of(ConsentUse.TRAINING))
                    .optIssued(T0)
                    .setExpires(T0.minusSeconds(1))
                    .build());
    assertTrue(e.getMessage().contains("is not after valid_from"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConsentUse.of("selling"));
    assertEquals(ConsentUse.GENERATION, ConsentUse.of(" Generation "));
    assertThrows(
        IllegalArgumentException.class,
        () -> ConsentRecord.fromJson("{\"type\":\"other\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
