package dev.verisim.provenance.consent;

import java.util.Locale;

/** The outcome of checking a signed consent record. */
public enum ConsentStatus {
  /** Signature good, signer chains to a trust anchor, in force now. */
  VALID,
  /** Signature good and in force, but the signer is not trusted by the anchors given. */
  VALID_UNTRUSTED,
  /** Signature good, but the consent has expired (or the signing certificate has). */
  EXPIRED,
  /** Signature good, but the consent is not in force yet. */
  NOT_YET_VALID,
  /** Not a consent record, or the signature does not match. */
  INVALID;

  /** The stable identifier, for example {@code valid-untrusted}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the signature holds (every status but {@link #INVALID}). */
  public boolean signatureHolds() {
    return this != INVALID;
  }
}
