package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of tampering is caught and named with its C2PA status code. */
class C2paTamperTest {
  private static byte[] signed(String format, DevChain chain) {
    return TestAssets.sign(
        format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg(), chain);
  }

  private static CredentialsReport verify(byte[] asset, TrustAnchors anchors) throws Exception {
    return ContentCredentials.verify(asset, anchors, TestAssets.NOW);
  }

  private static void assertInvalidBecause(CredentialsReport r, String code) {
    assertEquals(Status.INVALID, r.status(), r.toString());
    assertTrue(r.reasonCodes().contains(code), code + " expected in " + r.reasonCodes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void oneChangedPixelByteBreaksTheDataHash(String format) throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] s = signed(format, chain);
    CredentialsReport r = verify(TestAssets.flip(s, TestAssets.pixelOffset(s)), chain.anchors());
    assertInvalidBecause(r, Codes.ASSERTION_DATA_HASH_MISMATCH);
    assertEquals(1, r.reasons().size(), "only the data hash fails: " + r.reasons());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void aChangedAssertionBreaksItsHashedUri(String format) throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] s = signed(format, chain);
    int at = TestAssets.indexInStore(s, "trainedAlgorithmicMedia");
    CredentialsReport r = verify(TestAssets.flip(s, at), chain.anchors());
    assertInvalidBecause(r, Codes.ASSERTION_HASHED_URI_MISMATCH);
    assertTrue(r.summary().orElseThrow().actions().isEmpty(), "a tampered assertion is never read");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void aChangedConsentAssertionIsNotReported(String format) throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] s = signed(format, chain);
    int at = TestAssets.indexInStore(s, "test subject");
    CredentialsReport r = verify(TestAssets.flip(s, at), chain.anchors());
    assertInvalidBecause(r, Codes.ASSERTION_HASHED_URI_MISMATCH);
    assertTrue(r.summary().orElseThrow().customAssertions().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void aChangedClaimBreaksTheSignature(String format) throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] s = signed(format, chain);
    int at = TestAssets.indexInStore(s, "unique-title-4711");
    CredentialsReport r = verify(TestAssets.flip(s, at), chain.anchors());
    assertInvalidBecause(r, Codes.CLAIM_SIGNATURE_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void aChangedSignatureByteIsAMismatch(String format) throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] s = signed(format, chain);
    CredentialsReport r = verify(TestAssets.flip(s, TestAssets.lastStoreByte(s)), chain.anchors());
    assertInvalidBecause(r, Codes.CLAIM_SIGNATURE_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void anotherRootDoesNotTrustTheSigner(String format) throws Exception {
    byte[] s = signed(format, TestAssets.chain());
    CredentialsReport r = verify(s, TestAssets.chain().anchors());
    assertEquals(Status.VALID_UNTRUSTED, r.status());
    assertEquals(java.util.List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), r.reasonCodes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void anExpiredSignerIsInvalidEvenWithItsRoot(String format) throws Exception {
    Instant longAgo = TestAssets.NOW.minus(Duration.ofDays(400));
    DevChain chain = DevChain.generate(longAgo, Duration.ofDays(30));
    byte[] asset = format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg();
    byte[] s = ContentCredentials.sign(asset, TestAssets.spec("old"), chain.identity(), longAgo);
    assertInvalidBecause(verify(s, chain.anchors()), Codes.SIGNING_CREDENTIAL_EXPIRED);
    assertEquals(
        Status.VALID,
        ContentCredentials.verify(s, chain.anchors(), longAgo.plus(Duration.ofDays(1))).status(),
        "inside its validity the same file is valid");
  }
}
