package dev.verisim.provenance.c2pa;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The C2PA certificate profile for claim signers (C2PA 2.x, "Certificate profile"), the parts
 * c2pa-rs enforces: X.509 v3, an allowed signature algorithm and key, a critical keyUsage with
 * digitalSignature and without keyCertSign, an extendedKeyUsage without anyExtendedKeyUsage that
 * holds an allowed purpose, not a CA, not self-signed, and an authority key identifier.
 */
final class CertificateProfile {
  static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
  static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
  static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
  static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
  static final String C2PA_CLAIM_SIGNING = "1.3.6.1.4.1.62558.2.1";
  static final String ANY_EKU = "2.5.29.37.0";

  private static final Set<String> ALLOWED_EKU =
      Set.of(EMAIL_PROTECTION, DOCUMENT_SIGNING, TIME_STAMPING, OCSP_SIGNING, C2PA_CLAIM_SIGNING);

  private static final Set<String> ALLOWED_SIGNATURE_ALGORITHMS =
      Set.of(
          "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
          "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
          "1.2.840.10045.4.3.4", // ecdsa-with-SHA512
          "1.2.840.113549.1.1.10", // RSASSA-PSS
          "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
          "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
          "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
          "1.3.101.112"); // Ed25519

  private CertificateProfile() {}

  /** The profile's violations by the signer certificate; empty when it conforms. */
  static List<String> violations(X509Certificate c) {
    List<String> v = new ArrayList<>();
    if (c.getVersion() != 3) {
      v.add("not an X.509 v3 certificate (version " + c.getVersion() + ")");
    }
    if (!ALLOWED_SIGNATURE_ALGORITHMS.contains(c.getSigAlgOID())) {
      v.add("signature algorithm " + c.getSigAlgName() + " is not allowed");
    }
    PublicKey key = c.getPublicKey();
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits != 256 && bits != 384 && bits != 521) {
        v.add("EC key on a " + bits + "-bit curve; P-256, P-384 or P-521 are allowed");
      }
    } else if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        v.add("RSA key shorter than 2048 bits");
      }
    } else if (!key.getAlgorithm().equals("EdDSA") && !key.getAlgorithm().equals("Ed25519")) {
      v.add("key algorithm " + key.getAlgorithm() + " is not allowed");
    }
    boolean[] ku = c.getKeyUsage();
    if (ku == null) {
      v.add("no keyUsage extension");
    } else {
      if (!c.getCriticalExtensionOIDs().contains("2.5.29.15")) {
        v.add("keyUsage is not critical");
      }
      if (!ku[0]) {
        v.add("keyUsage lacks digitalSignature");
      }
      if (ku.length > 5 && ku[5]) {
        v.add("keyUsage has keyCertSign: a signer must not be a CA");
      }
    }
    try {
      List<String> eku = c.getExtendedKeyUsage();
      if (eku == null) {
        v.add("no extendedKeyUsage extension");
      } else if (eku.contains(ANY_EKU)) {
        v.add("extendedKeyUsage has anyExtendedKeyUsage");
      } else if (eku.stream().noneMatch(ALLOWED_EKU::contains)) {
        v.add("extendedKeyUsage " + eku + " has no purpose allowed for C2PA signers");
      }
    } catch (CertificateParsingException e) {
      v.add("unreadable extendedKeyUsage: " + e.getMessage());
    }
    if (c.getBasicConstraints() >= 0) {
      v.add("the signer certificate is a CA");
    }
    if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      v.add("issuer and subject are the same: a self-signed signer is not allowed");
    } else if (c.getExtensionValue("2.5.29.35") == null) {
      v.add("no authority key identifier");
    }
    if (!c.getNotAfter().after(c.getNotBefore())) {
      v.add("validity ends before it starts");
    }
    return v;
  }
}
