package dev.verisim.provenance.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The root certificates a verifier trusts. {@link #none()} trusts nothing: every chain is then
 * untrusted, which is the honest default for development chains.
 *
 * <pre>{@code
 * TrustAnchors anchors = TrustAnchors.load(Path.of("root.pem"));
 * TrustAnchors.Check check = anchors.check(signer.chain(), Instant.now());
 * }</pre>
 */
public final class TrustAnchors {
  private static final TrustAnchors NONE = new TrustAnchors(List.of());

  private final List<X509Certificate> roots;

  private TrustAnchors(List<X509Certificate> roots) {
    this.roots = roots;
  }

  /** Trusts nothing. */
  public static TrustAnchors none() {
    return NONE;
  }

  /** Trusts these root certificates. */
  public static TrustAnchors of(List<X509Certificate> roots) {
    return new TrustAnchors(List.copyOf(Objects.requireNonNull(roots, "roots")));
  }

  /**
   * Reads a PEM bundle of root certificates.
   *
   * @throws IOException when the file cannot be read, is not PEM, or holds no certificate
   */
  public static TrustAnchors load(Path pemBundle) throws IOException {
    List<X509Certificate> certs = Pem.certificates(Pem.read(pemBundle), pemBundle.toString());
    if (certs.isEmpty()) {
      throw new IOException(pemBundle + ": no PEM certificate found");
    }
    return of(certs);
  }

  /** The trusted roots. */
  public List<X509Certificate> roots() {
    return roots;
  }

  public boolean isEmpty() {
    return roots.isEmpty();
  }

  /** What a chain check found. */
  public enum Outcome {
    /** The chain leads to an anchor and every certificate is valid at the time. */
    TRUSTED,
    /** A certificate of the chain is outside its validity period at the time. */
    EXPIRED,
    /** The chain does not lead to an anchor (or there are none), or it is broken. */
    UNTRUSTED
  }

  /** The outcome of a chain check with a human-readable detail. */
  public record Check(Outcome outcome, String detail) {
    public Check {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean trusted() {
      return outcome == Outcome.TRUSTED;
    }
  }

  /**
   * Checks a chain (signer first; an anchor in it is ignored) at a time: validity periods of every
   * certificate first, then PKIX path validation to one of the anchors, without revocation checks
   * (verisim works offline).
   */
  public Check check(List<X509Certificate> chain, Instant at) {
    Objects.requireNonNull(at, "at");
    if (chain == null || chain.isEmpty()) {
      return new Check(Outcome.UNTRUSTED, "no certificate chain");
    }
    Date when = Date.from(at);
    for (X509Certificate c : chain) {
      try {
        c.checkValidity(when);
      } catch (CertificateExpiredException | CertificateNotYetValidException e) {
        return new Check(
            Outcome.EXPIRED,
            c.getSubjectX500Principal().getName()
                + " is not valid at "
                + at
                + " (valid "
                + c.getNotBefore().toInstant()
                + " to "
                + c.getNotAfter().toInstant()
                + ")");
      }
    }
    if (roots.isEmpty()) {
      return new Check(Outcome.UNTRUSTED, "no trust anchors configured");
    }
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate r : roots) {
        anchors.add(new TrustAnchor(r, null));
      }
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        if (!roots.contains(c)) {
          path.add(c);
        }
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(when);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return new Check(Outcome.TRUSTED, "chains to " + anchorName(chain));
    } catch (CertPathValidatorException e) {
      return new Check(Outcome.UNTRUSTED, "does not chain to a trust anchor: " + e.getMessage());
    } catch (InvalidAlgorithmParameterException e) {
      return new Check(Outcome.UNTRUSTED, "unusable trust anchors: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return new Check(Outcome.UNTRUSTED, "unreadable chain: " + e.getMessage());
    }
  }

  private String anchorName(List<X509Certificate> chain) {
    X509Certificate last = chain.get(chain.size() - 1);
    return last.getIssuerX500Principal().getName();
  }
}
