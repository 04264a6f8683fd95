package dev.verisim.provenance.consent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import dev.verisim.provenance.signing.SigningIdentity;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ConsentRecord} signed as a compact JWS (RFC 7515): ES256, with the signer's X.509 chain
 * in the {@code x5c} header, so any JOSE library can check it and the signer is named by their
 * certificate. The file form is the compact serialization on one line ({@code .jws}).
 *
 * <pre>{@code
 * SignedConsent consent = SignedConsent.sign(record, identity);
 * consent.write(Path.of("ada.consent.jws"));
 * ConsentCheck check = SignedConsent.read(path).verify(anchors, Instant.now());
 * }</pre>
 */
public final class SignedConsent {
  /** The JWS {@code typ} header of a consent record. */
  public static final String JWS_TYPE = "verisim-consent+jws";

  /** Refuse files larger than this before parsing: a record is a few kilobytes. */
  public static final int MAX_BYTES = 256 * 1024;

  private final String compact;
  private final JWSObject jws;
  private final List<X509Certificate> chain;

  private SignedConsent(String compact, JWSObject jws, List<X509Certificate> chain) {
    this.compact = compact;
    this.jws = jws;
    this.chain = List.copyOf(chain);
  }

  /** Signs a record with the signer's key; the chain goes into the {@code x5c} header. */
  public static SignedConsent sign(ConsentRecord record, SigningIdentity signer) {
    Objects.requireNonNull(record, "record");
    try {
      List<Base64> x5c = new ArrayList<>();
      for (X509Certificate c : signer.chain()) {
        x5c.add(Base64.encode(c.getEncoded()));
      }
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.ES256)
              .type(new JOSEObjectType(JWS_TYPE))
              .x509CertChain(x5c)
              .build();
      JWSObject jws = new JWSObject(header, new Payload(record.toJson()));
      jws.sign(new IdentitySigner(signer));
      return new SignedConsent(jws.serialize(), jws, signer.chain());
    } catch (JOSEException | CertificateException e) {
      throw new IllegalStateException("signing the consent record failed: " + e.getMessage(), e);
    }
  }

  /** Lets nimbus sign through a {@link SigningIdentity}, which never hands out its key. */
  private static final class IdentitySigner implements JWSSigner {
    private final SigningIdentity identity;
    private final JCAContext jca = new JCAContext();

    IdentitySigner(SigningIdentity identity) {
      this.identity = identity;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) {
      return Base64URL.encode(identity.signEs256(signingInput));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  /**
   * Parses a compact JWS. The signature is not checked here: call {@link #verify}.
   *
   * @throws IllegalArgumentException when it is not a verisim consent record
   */
  public static SignedConsent parse(String compact) {
    String s = compact.strip();
    JWSObject jws;
    try {
      jws = JWSObject.parse(s);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWS: " + e.getMessage(), e);
    }
    JWSHeader h = jws.getHeader();
    if (h.getType() == null || !JWS_TYPE.equals(h.getType().getType())) {
      throw new IllegalArgumentException(
          "JWS type is " + h.getType() + ", not a verisim consent record (" + JWS_TYPE + ")");
    }
    if (!JWSAlgorithm.ES256.equals(h.getAlgorithm())) {
      throw new IllegalArgumentException("JWS algorithm is " + h.getAlgorithm() + ", not ES256");
    }
    List<Base64> x5c = h.getX509CertChain();
    if (x5c == null || x5c.isEmpty()) {
      throw new IllegalArgumentException("JWS has no x5c certificate chain");
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (Base64 b : x5c) {
        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.decode())));
      }
      return new SignedConsent(s, jws, chain);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("x5c holds a malformed certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a {@code .jws} file.
   *
   * @throws IOException when it cannot be read or is larger than {@link #MAX_BYTES}
   * @throws IllegalArgumentException when it is not a consent record
   */
  public static SignedConsent read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(
          file + ": " + size + " bytes; a consent record is at most " + MAX_BYTES + " bytes");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the compact form and a newline. */
  public void write(Path file) throws IOException {
    Files.writeString(file, compact + "\n", StandardCharsets.US_ASCII);
  }

  /** The compact serialization: what a manifest's consent assertion carries. */
  public String compact() {
    return compact;
  }

  /** The signer's chain, signer first, as carried in the record (not yet trusted). */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * Checks the signature, the certificates' validity, trust and the consent's time window.
   *
   * @param anchors whom to trust; {@link TrustAnchors#none()} makes every good record {@code
   *     valid-untrusted}
   * @param now the time to check against
   */
  public ConsentCheck verify(TrustAnchors anchors, Instant now) {
    X509Certificate leaf = chain.get(0);
    String signer = leaf.getSubjectX500Principal().getName();
    String issuer = leaf.getIssuerX500Principal().getName();
    if (!(leaf.getPublicKey() instanceof ECPublicKey pub)) {
      return ConsentCheck.invalid("the signing certificate does not hold an EC key");
    }
    try {
      if (!jws.verify(new ECDSAVerifier(pub))) {
        return new ConsentCheck(
            ConsentStatus.INVALID,
            List.of("the signature does not match the record: it was altered after signing"),
            null,
            signer,
            issuer);
      }
    } catch (JOSEException | IllegalStateException e) {
      return ConsentCheck.invalid("the signature cannot be checked: " + e.getMessage());
    }
    ConsentRecord record;
    try {
      record = ConsentRecord.fromJson(jws.getPayload().toBytes());
    } catch (IllegalArgumentException e) {
      return new ConsentCheck(ConsentStatus.INVALID, List.of(e.getMessage()), null, signer, issuer);
    }
    List<String> reasons = new ArrayList<>();
    ConsentStatus status = ConsentStatus.VALID;
    if (now.isBefore(record.validFrom())) {
      reasons.add("the consent is in force from " + record.validFrom() + ", not yet");
      status = ConsentStatus.NOT_YET_VALID;
    } else if (!now.isBefore(record.expires())) {
      reasons.add("the consent expired at " + record.expires());
      status = ConsentStatus.EXPIRED;
    }
    TrustAnchors.Check trust = anchors.check(chain, now);
    switch (trust.outcome()) {
      case TRUSTED -> {}
      case EXPIRED -> {
        reasons.add("signing certificate: " + trust.detail());
        status = ConsentStatus.EXPIRED;
      }
      case UNTRUSTED -> {
        reasons.add("signer not trusted: " + trust.detail());
        if (status == ConsentStatus.VALID) {
          status = ConsentStatus.VALID_UNTRUSTED;
        }
      }
    }
    return new ConsentCheck(status, reasons, record, signer, issuer);
  }

  /**
   * Checks that the record allows {@code use} now: the signature holds, it is in force, it grants
   * the use, and (when {@code requireTrusted}) the signer is trusted.
   *
   * @return the check, for reporting
   * @throws ConsentException naming the reason when it does not allow it
   */
  public ConsentCheck require(
      ConsentUse use, TrustAnchors anchors, Instant now, boolean requireTrusted)
      throws ConsentException {
    ConsentCheck check = verify(anchors, now);
    boolean ok =
        check.status() == ConsentStatus.VALID
            || (check.status() == ConsentStatus.VALID_UNTRUSTED && !requireTrusted);
    if (!ok) {
      throw new ConsentException(
          "consent record is " + check.status().id() + ": " + String.join("; ", check.reasons()),
          check);
    }
    if (!check.record().uses().contains(use)) {
      throw new ConsentException(
          "consent record "
              + check.record().id()
              + " does not grant '"
              + use.id()
              + "' (it grants "
              + check.record().uses().stream().map(ConsentUse::id).sorted().toList()
              + ")",
          check);
    }
    return check;
  }
}
