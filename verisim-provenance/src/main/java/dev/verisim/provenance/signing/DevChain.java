package dev.verisim.provenance.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate chain: a root CA and an end-entity signing certificate, both EC P-256,
 * for trying Content Credentials without buying a certificate. Nothing trusts it unless told to:
 * validators report {@code signingCredential.untrusted} unless {@code root.pem} is given as a trust
 * anchor. Never use it for real content.
 *
 * <p>The signer certificate meets the C2PA certificate profile (C2PA 2.x, "X.509 certificates") as
 * c2pa-rs checks it: X.509 v3, ecdsa-with-SHA256, keyUsage critical with digitalSignature only,
 * extendedKeyUsage emailProtection and documentSigning (never anyExtendedKeyUsage),
 * basicConstraints CA false, subject and authority key identifiers, and a validity period inside
 * the root's.
 *
 * <pre>{@code
 * DevChain chain = DevChain.generate(Instant.now(), Duration.ofDays(365));
 * chain.writeTo(Path.of("dev-credentials"));   // root.pem, chain.pem, signer.key (rw-------)
 * SigningIdentity signer = chain.identity();
 * }</pre>
 */
public final class DevChain {
  /** The trust anchor's file name in {@link #writeTo(Path)}'s folder. */
  public static final String ROOT_FILE = "root.pem";

  /** The signer's chain (signer certificate only; the root is the anchor). */
  public static final String CHAIN_FILE = "chain.pem";

  /** The signer's private key, PKCS#8 PEM, readable by the owner only. */
  public static final String KEY_FILE = "signer.key";

  /** The id-kp-documentSigning extended key usage (RFC 9336). */
  static final KeyPurposeId DOCUMENT_SIGNING =
      KeyPurposeId.getInstance(
          new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36"));

  private final X509Certificate root;
  private final SigningIdentity identity;

  private DevChain(X509Certificate root, SigningIdentity identity) {
    this.root = root;
    this.identity = identity;
  }

  /**
   * Generates a fresh chain valid from one hour before {@code notBefore} (clock skew) for {@code
   * validity}; the root is valid a day longer on each side.
   */
  public static DevChain generate(Instant notBefore, Duration validity) {
    return generate(notBefore, validity, "verisim development signer");
  }

  /** As {@link #generate(Instant, Duration)}, with the signer's common name. */
  public static DevChain generate(Instant notBefore, Duration validity, String signerName) {
    Objects.requireNonNull(notBefore, "notBefore");
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair rootKeys = gen.generateKeyPair();
      KeyPair signerKeys = gen.generateKeyPair();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      Instant start = notBefore.minus(Duration.ofHours(1));
      Instant end = notBefore.plus(validity);

      X500Name rootName = new X500Name("CN=verisim development root CA (not trusted),O=verisim");
      X509v3CertificateBuilder rb =
          new JcaX509v3CertificateBuilder(
              rootName,
              serial(random),
              Date.from(start.minus(Duration.ofDays(1))),
              Date.from(end.plus(Duration.ofDays(1))),
              rootName,
              rootKeys.getPublic());
      rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      rb.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      rb.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(rootKeys.getPublic()));
      X509Certificate root = sign(rb, rootKeys);

      X500Name signerSubject =
          new X500Name("CN=" + escape(signerName) + ",O=verisim,OU=development only");
      X509v3CertificateBuilder sb =
          new JcaX509v3CertificateBuilder(
              root,
              serial(random),
              Date.from(start),
              Date.from(end),
              signerSubject,
              signerKeys.getPublic());
      sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      sb.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_emailProtection, DOCUMENT_SIGNING}));
      sb.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(signerKeys.getPublic()));
      sb.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
      X509Certificate signer = sign(sb, rootKeys);
      return new DevChain(root, SigningIdentity.of(signerKeys.getPrivate(), List.of(signer)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("could not generate a development chain: " + e, e);
    }
  }

  /** The root CA certificate: the trust anchor of this chain. */
  public X509Certificate root() {
    return root;
  }

  /** The signer: its key and its chain (signer certificate only). */
  public SigningIdentity identity() {
    return identity;
  }

  /** Trust anchors holding this chain's root only. */
  public TrustAnchors anchors() {
    return TrustAnchors.of(List.of(root));
  }

  /**
   * Writes {@value #ROOT_FILE}, {@value #CHAIN_FILE} and {@value #KEY_FILE} into the folder
   * (created if needed). The key file is created with owner-only permissions (rw-------) where the
   * file system supports POSIX permissions. Existing files are not overwritten.
   *
   * @throws FileAlreadyExistsException when one of the files exists; nothing is written then
   */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of(ROOT_FILE, CHAIN_FILE, KEY_FILE)) {
      if (Files.exists(dir.resolve(name))) {
        throw new FileAlreadyExistsException(dir.resolve(name).toString());
      }
    }
    Path key = dir.resolve(KEY_FILE);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(key);
      key.toFile().setReadable(false, false);
      key.toFile().setReadable(true, true);
      key.toFile().setWritable(false, false);
      key.toFile().setWritable(true, true);
    }
    Files.writeString(key, Pem.encodePrivateKey(identity.privateKey()), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(CHAIN_FILE), Pem.encode(identity.chain().toArray()));
    Files.writeString(dir.resolve(ROOT_FILE), Pem.encode(root));
  }

  /** The owner-only permission set {@link #writeTo(Path)} gives the key. */
  static Set<java.nio.file.attribute.PosixFilePermission> keyPermissions() {
    return PosixFilePermissions.fromString("rw-------");
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(63, random).add(BigInteger.ONE);
  }

  private static String escape(String name) {
    return name.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace("+", "\\+");
  }
}
