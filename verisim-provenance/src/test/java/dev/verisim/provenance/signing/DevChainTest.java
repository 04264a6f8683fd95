package dev.verisim.provenance.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development chain meets the C2PA signer certificate profile and is written safely. */
class DevChainTest {
  @TempDir Path dir;

  @Test
  void theSignerCertificateMeetsTheC2paProfile() throws Exception {
    Instant now = Instant.parse("2026-11-26T16:00:00Z");
    DevChain chain = DevChain.generate(now, Duration.ofDays(30));
    X509Certificate signer = chain.identity().certificate();
    assertEquals(3, signer.getVersion());
    assertEquals("SHA256withECDSA", signer.getSigAlgName());
    assertTrue(signer.getCriticalExtensionOIDs().contains("2.5.29.15"), "keyUsage is critical");
    boolean[] ku = signer.getKeyUsage();
    assertTrue(ku[0], "digitalSignature");
    assertFalse(ku[5], "no keyCertSign");
    List<String> eku = signer.getExtendedKeyUsage();
    assertTrue(eku.contains("1.3.6.1.5.5.7.3.4") && eku.contains("1.3.6.1.5.5.7.3.36"), "" + eku);
    assertFalse(eku.contains("2.5.29.37.0"), "never anyExtendedKeyUsage");
    assertEquals(-1, signer.getBasicConstraints(), "not a CA");
    assertNotNull(signer.getExtensionValue("2.5.29.14"), "subject key identifier");
    assertNotNull(signer.getExtensionValue("2.5.29.35"), "authority key identifier");
    assertEquals(chain.root().getSubjectX500Principal(), signer.getIssuerX500Principal());
    signer.verify(chain.root().getPublicKey());
    assertTrue(chain.root().getBasicConstraints() >= 0, "the root is a CA");
    assertTrue(signer.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(29))));
  }

  @Test
  void writesThreeFilesWithAnOwnerOnlyKeyThatLoadBack() throws Exception {
    DevChain chain = DevChain.generate(Instant.now(), Duration.ofDays(1));
    chain.writeTo(dir);
    Path key = dir.resolve(DevChain.KEY_FILE);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertEquals(DevChain.keyPermissions(), Files.getPosixFilePermissions(key));
    }
    SigningIdentity loaded = SigningIdentity.load(key, dir.resolve(DevChain.CHAIN_FILE));
    assertEquals(chain.identity().certificate(), loaded.certificate());
    TrustAnchors anchors = TrustAnchors.load(dir.resolve(DevChain.ROOT_FILE));
    assertEquals(List.of(chain.root()), anchors.roots());
    byte[] data = {1, 2, 3};
    assertTrue(
        SigningIdentity.verifyEs256(
            chain.identity().certificate().getPublicKey(), data, loaded.signEs256(data)));
    assertArrayEquals(
        chain.identity().certificate().getEncoded(), loaded.chain().get(0).getEncoded());
  }

  @Test
  void neverOverwritesAnExistingKey() throws Exception {
    Files.writeString(dir.resolve(DevChain.KEY_FILE), "keep me");
    DevChain chain = DevChain.generate(Instant.now(), Duration.ofDays(1));
    assertThrows(FileAlreadyExistsException.class, () -> chain.writeTo(dir));
    assertEquals("keep me", Files.readString(dir.resolve(DevChain.KEY_FILE)));
    assertFalse(Files.exists(dir.resolve(DevChain.ROOT_FILE)));
  }
}
