package dev.verisim.provenance.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.provenance.signing.SigningIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COSE_Sign1 (RFC 9052) as C2PA uses it for claim signatures: tag 18, the algorithm and the {@code
 * x5chain} (label 33, signer first) in the protected header, a detached payload (the claim's
 * bytes), and the signature over {@code ["Signature1", protected, h'', claim]}.
 */
final class Cose {
  static final int TAG_SIGN1 = 18;
  static final int HEADER_ALG = 1;
  static final int HEADER_X5CHAIN = 33;
  static final int ES256 = -7;

  private Cose() {}

  /** A COSE_Sign1 over the detached claim, ES256, with the identity's chain in x5chain. */
  static byte[] sign1(byte[] claim, SigningIdentity signer) {
    Map<Object, Object> header = new LinkedHashMap<>();
    header.put(HEADER_ALG, ES256);
    List<X509Certificate> chain = signer.chain();
    try {
      if (chain.size() == 1) {
        header.put(HEADER_X5CHAIN, chain.get(0).getEncoded());
      } else {
        List<Object> certs = new ArrayList<>();
        for (X509Certificate c : chain) {
          certs.add(c.getEncoded());
        }
        header.put(HEADER_X5CHAIN, certs);
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the signer's chain", e);
    }
    byte[] protectedHeader = Cbor.encode(header);
    byte[] signature = signer.signEs256(toBeSigned(protectedHeader, claim));
    List<Object> sign1 = new ArrayList<>();
    sign1.add(protectedHeader);
    sign1.add(Map.of());
    sign1.add(null);
    sign1.add(signature);
    return Cbor.encode(new Cbor.Tagged(TAG_SIGN1, sign1));
  }

  static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
    return Cbor.encode(List.of("Signature1", protectedHeader, new byte[0], payload));
  }

  /** A parsed COSE_Sign1: what a verifier needs. */
  record Sign1(
      byte[] protectedHeader,
      int alg,
      List<X509Certificate> chain,
      byte[] payload,
      byte[] signature) {}

  /** Why a COSE structure could not be used, with the C2PA status code that says so. */
  static final class CoseException extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    CoseException(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  static Sign1 parse(byte[] bytes) throws CoseException {
    JsonNode root;
    try {
      int tag = Cbor.firstTag(bytes);
      if (tag != -1 && tag != TAG_SIGN1) {
        throw new CoseException(
            Codes.CLAIM_SIGNATURE_MISMATCH, "the claim signature is COSE tag " + tag + ", not 18");
      }
      root = Cbor.decode(bytes);
    } catch (IOException e) {
      throw new CoseException(
          Codes.CLAIM_SIGNATURE_MISMATCH, "the claim signature is not CBOR: " + e.getMessage());
    }
    if (!root.isArray() || root.size() != 4 || !root.get(0).isBinary() || !root.get(3).isBinary()) {
      throw new CoseException(
          Codes.CLAIM_SIGNATURE_MISMATCH, "the claim signature is not a COSE_Sign1 array");
    }
    try {
      byte[] protectedBytes = root.get(0).binaryValue();
      JsonNode prot =
          protectedBytes.length == 0 ? Cbor.MAPPER.createObjectNode() : Cbor.decode(protectedBytes);
      JsonNode unprot = root.get(1);
      JsonNode algNode = prot.get(String.valueOf(HEADER_ALG));
      if (algNode == null || !algNode.isIntegralNumber()) {
        throw new CoseException(
            Codes.ALGORITHM_UNSUPPORTED, "the claim signature names no algorithm");
      }
      JsonNode x5 = prot.get(String.valueOf(HEADER_X5CHAIN));
      if (x5 == null && unprot != null && unprot.isObject()) {
        // C2PA 1.x allowed the chain in the unprotected header.
        x5 = unprot.get(String.valueOf(HEADER_X5CHAIN));
        if (x5 == null) {
          x5 = unprot.get("x5chain");
        }
      }
      List<X509Certificate> chain = certificates(x5);
      JsonNode payload = root.get(2);
      if (!payload.isNull() && !payload.isBinary()) {
        throw new CoseException(
            Codes.CLAIM_SIGNATURE_MISMATCH, "the COSE payload is neither nil nor a byte string");
      }
      byte[] payloadBytes = payload.isBinary() ? payload.binaryValue() : null;
      return new Sign1(
          protectedBytes, algNode.intValue(), chain, payloadBytes, root.get(3).binaryValue());
    } catch (IOException e) {
      throw new CoseException(
          Codes.CLAIM_SIGNATURE_MISMATCH, "malformed COSE headers: " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(JsonNode x5) throws CoseException, IOException {
    if (x5 == null) {
      throw new CoseException(
          Codes.SIGNING_CREDENTIAL_INVALID, "the claim signature carries no x5chain");
    }
    List<byte[]> ders = new ArrayList<>();
    if (x5.isBinary()) {
      ders.add(x5.binaryValue());
    } else if (x5.isArray() && x5.size() > 0 && x5.size() <= 16) {
      for (JsonNode n : x5) {
        if (!n.isBinary()) {
          throw new CoseException(
              Codes.SIGNING_CREDENTIAL_INVALID, "an x5chain entry is not a byte string");
        }
        ders.add(n.binaryValue());
      }
    } else {
      throw new CoseException(Codes.SIGNING_CREDENTIAL_INVALID, "a malformed x5chain");
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (byte[] der : ders) {
        chain.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | RuntimeException e) {
      throw new CoseException(
          Codes.SIGNING_CREDENTIAL_INVALID, "an x5chain certificate is unreadable: " + e);
    }
    return chain;
  }

  /**
   * Whether the signature verifies over the claim with the signer certificate's key.
   *
   * @throws CoseException with {@code algorithm.unsupported} for an algorithm verisim does not
   *     verify
   */
  static boolean verify(Sign1 sign1, byte[] claim) throws CoseException {
    byte[] tbs = toBeSigned(sign1.protectedHeader(), claim);
    PublicKey key = sign1.chain().get(0).getPublicKey();
    try {
      return switch (sign1.alg()) {
        case -7 -> SigningIdentity.verifyEs256(key, tbs, sign1.signature());
        case -35 -> verify("SHA384withECDSAinP1363Format", null, key, tbs, sign1.signature());
        case -36 -> verify("SHA512withECDSAinP1363Format", null, key, tbs, sign1.signature());
        case -37 -> verify("RSASSA-PSS", pss("SHA-256", 32), key, tbs, sign1.signature());
        case -38 -> verify("RSASSA-PSS", pss("SHA-384", 48), key, tbs, sign1.signature());
        case -39 -> verify("RSASSA-PSS", pss("SHA-512", 64), key, tbs, sign1.signature());
        case -8 -> verify("Ed25519", null, key, tbs, sign1.signature());
        default ->
            throw new CoseException(
                Codes.ALGORITHM_UNSUPPORTED, "COSE algorithm " + sign1.alg() + " is not supported");
      };
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PSSParameterSpec pss(String digest, int saltLength) {
    return new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1);
  }

  private static boolean verify(
      String algorithm, PSSParameterSpec params, PublicKey key, byte[] data, byte[] sig)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm);
    if (params != null) {
      s.setParameter(params);
    }
    s.initVerify(key);
    s.update(data);
    return s.verify(sig);
  }
}
