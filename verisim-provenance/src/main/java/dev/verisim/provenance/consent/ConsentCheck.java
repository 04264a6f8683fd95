package dev.verisim.provenance.consent;

import java.util.List;
import java.util.Objects;

/**
 * What checking a signed consent record found.
 *
 * @param status the outcome
 * @param reasons why, in plain words; empty when valid
 * @param record the record, or null when it could not be read
 * @param signer the signing certificate's subject (who gave the consent), or null when unreadable
 * @param issuer the signing certificate's issuer, or null
 */
public record ConsentCheck(
    ConsentStatus status,
    List<String> reasons,
    ConsentRecord record,
    String signer,
    String issuer) {
  public ConsentCheck {
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
  }

  static ConsentCheck invalid(String reason) {
    return new ConsentCheck(ConsentStatus.INVALID, List.of(reason), null, null, null);
  }
}
