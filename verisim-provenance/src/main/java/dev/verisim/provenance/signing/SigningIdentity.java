package dev.verisim.provenance.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;
import java.util.Objects;

/**
 * An EC P-256 private key and its X.509 chain, signer certificate first: what signs C2PA claims and
 * consent records. Signatures are ES256 (ECDSA over SHA-256) in the raw {@code r||s} form of COSE
 * and JOSE (64 bytes), not DER.
 *
 * <pre>{@code
 * SigningIdentity id = SigningIdentity.load(Path.of("signer.key"), Path.of("chain.pem"));
 * byte[] sig = id.signEs256(bytes);
 * boolean ok = SigningIdentity.verifyEs256(id.certificate().getPublicKey(), bytes, sig);
 * }</pre>
 */
public final class SigningIdentity {
  /** The length of a raw ES256 signature: r and s, 32 bytes each. */
  public static final int ES256_SIGNATURE_BYTES = 64;

  private static final String RAW_ES256 = "SHA256withECDSAinP1363Format";

  private final PrivateKey key;
  private final List<X509Certificate> chain;

  private SigningIdentity(PrivateKey key, List<X509Certificate> chain) {
    this.key = key;
    this.chain = chain;
  }

  /**
   * An identity from a key and its chain.
   *
   * @throws IllegalArgumentException when the key is not EC P-256, the chain is empty, or the first
   *     certificate does not hold the key's public half
   */
  public static SigningIdentity of(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key, "key");
    List<X509Certificate> certs = List.copyOf(Objects.requireNonNull(chain, "chain"));
    if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
      throw new IllegalArgumentException(
          "the signing key must be EC P-256 (ES256), got " + key.getAlgorithm());
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty; the signer comes first");
    }
    PublicKey pub = certs.get(0).getPublicKey();
    if (!(pub instanceof ECPublicKey) || !matches(key, pub)) {
      throw new IllegalArgumentException(
          "the first certificate of the chain ("
              + certs.get(0).getSubjectX500Principal().getName()
              + ") does not belong to the private key");
    }
    return new SigningIdentity(key, certs);
  }

  /**
   * Reads a PEM private key (PKCS#8 or SEC1, unencrypted) and a PEM chain, signer first.
   *
   * @throws IOException when a file cannot be read or parsed, or the key and chain do not match;
   *     the message names the file
   */
  public static SigningIdentity load(Path keyPem, Path chainPem) throws IOException {
    PrivateKey key = Pem.privateKey(Pem.read(keyPem), keyPem.toString());
    List<X509Certificate> chain = Pem.certificates(Pem.read(chainPem), chainPem.toString());
    try {
      return of(key, chain);
    } catch (IllegalArgumentException e) {
      throw new IOException(keyPem + " and " + chainPem + ": " + e.getMessage(), e);
    }
  }

  /** The private key, for writing it out ({@link DevChain}); never logged. */
  PrivateKey privateKey() {
    return key;
  }

  /** The signer's certificate, the first of the chain. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The chain, signer first, as given (without the trust anchor unless it was included). */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** An ES256 signature of the data, raw r||s (64 bytes). */
  public byte[] signEs256(byte[] data) {
    try {
      Signature s = Signature.getInstance(RAW_ES256);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 signing failed: " + e.getMessage(), e);
    }
  }

  /** Whether a raw r||s ES256 signature of the data verifies with the public key. */
  public static boolean verifyEs256(PublicKey key, byte[] data, byte[] signature) {
    if (signature == null || signature.length != ES256_SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(RAW_ES256);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean isP256(ECParameterSpec params) {
    try {
      AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
      p256.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec want = p256.getParameterSpec(ECParameterSpec.class);
      return params.getOrder().equals(want.getOrder())
          && params.getCurve().equals(want.getCurve())
          && params.getGenerator().equals(want.getGenerator());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks secp256r1", e);
    }
  }

  private static boolean matches(PrivateKey key, PublicKey pub) {
    byte[] probe = {'v', 'e', 'r', 'i', 's', 'i', 'm'};
    try {
      Signature s = Signature.getInstance(RAW_ES256);
      s.initSign(key);
      s.update(probe);
      return verifyEs256(pub, probe, s.sign());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "SigningIdentity[" + certificate().getSubjectX500Principal().getName() + "]";
  }
}
