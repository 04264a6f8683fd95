package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.TrustAnchors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A good signature by a certificate outside the C2PA signer profile is still invalid. */
class C2paCertificateProfileTest {
  @Test
  void aSelfSignedCaWithoutExtendedKeyUsageIsAnInvalidSigningCredential() throws Exception {
    var signer = BadCertificates.selfSignedCa(TestAssets.NOW);
    byte[] signed =
        ContentCredentials.sign(
            TestAssets.labelledPng(), TestAssets.spec("bad"), signer, TestAssets.NOW);
    CredentialsReport r = ContentCredentials.verify(signed, TrustAnchors.none(), TestAssets.NOW);
    assertEquals(Status.INVALID, r.status(), r.toString());
    assertTrue(
        r.successes().contains(Codes.CLAIM_SIGNATURE_VALIDATED), "the signature itself is good");
    List<String> why =
        r.reasons().stream()
            .filter(x -> x.code().equals(Codes.SIGNING_CREDENTIAL_INVALID))
            .map(CredentialsReport.Reason::explanation)
            .toList();
    assertTrue(why.stream().anyMatch(w -> w.contains("keyCertSign")), why.toString());
    assertTrue(why.stream().anyMatch(w -> w.contains("no extendedKeyUsage")), why.toString());
    assertTrue(why.stream().anyMatch(w -> w.contains("is a CA")), why.toString());
    assertTrue(why.stream().anyMatch(w -> w.contains("self-signed")), why.toString());
  }

  @Test
  void theDevelopmentSignerMeetsTheProfile() {
    assertEquals(
        List.of(), CertificateProfile.violations(TestAssets.chain().identity().certificate()));
  }
}
