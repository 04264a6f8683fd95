package dev.verisim.provenance.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ES256 signatures are raw r||s and the key must match its certificate. */
class SigningIdentityTest {
  @TempDir Path dir;

  @Test
  void signaturesAreSixtyFourRawBytesThatVerifyOnlyForTheSignedData() {
    SigningIdentity id = DevChain.generate(Instant.now(), Duration.ofDays(1)).identity();
    byte[] data = "claim".getBytes(StandardCharsets.UTF_8);
    byte[] sig = id.signEs256(data);
    assertEquals(SigningIdentity.ES256_SIGNATURE_BYTES, sig.length);
    assertTrue(SigningIdentity.verifyEs256(id.certificate().getPublicKey(), data, sig));
    data[0] ^= 1;
    assertFalse(SigningIdentity.verifyEs256(id.certificate().getPublicKey(), data, sig));
    assertFalse(SigningIdentity.verifyEs256(id.certificate().getPublicKey(), data, new byte[70]));
  }

  @Test
  void aKeyThatDoesNotMatchTheChainIsRefusedNamingBothFiles() throws IOException {
    DevChain a = DevChain.generate(Instant.now(), Duration.ofDays(1));
    DevChain b = DevChain.generate(Instant.now(), Duration.ofDays(1));
    a.writeTo(dir.resolve("a"));
    b.writeTo(dir.resolve("b"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SigningIdentity.of(a.identity().privateKey(), b.identity().chain()));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                SigningIdentity.load(
                    dir.resolve("a").resolve(DevChain.KEY_FILE),
                    dir.resolve("b").resolve(DevChain.CHAIN_FILE)));
    assertTrue(e.getMessage().contains("signer.key"), e.getMessage());
  }

  @Test
  void onlyP256KeysAreAccepted() throws Exception {
    var gen = java.security.KeyPairGenerator.getInstance("EC");
    gen.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    var p384 = gen.generateKeyPair().getPrivate();
    var chain = DevChain.generate(Instant.now(), Duration.ofDays(1)).identity().chain();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SigningIdentity.of(p384, chain));
    assertTrue(e.getMessage().contains("P-256"), e.getMessage());
  }

  @Test
  void aFileWithoutAKeyOrWithoutCertificatesIsAnIoErrorNotACrash() throws IOException {
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not pem at all");
    assertThrows(IOException.class, () -> SigningIdentity.load(junk, junk));
    assertThrows(IOException.class, () -> TrustAnchors.load(junk));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SigningIdentity.of(
                DevChain.generate(Instant.now(), Duration.ofDays(1)).identity().privateKey(),
                List.of()));
  }
}
