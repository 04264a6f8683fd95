package dev.verisim.provenance.c2pa;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What verification of a file's Content Credentials found: a {@link Status}, the failures with
 * their C2PA status codes (for example {@code assertion.dataHash.mismatch}), the checks that
 * passed, and a summary of the active manifest when one could be read.
 *
 * @param status the overall outcome
 * @param reasons the failures, in the order found; empty when valid
 * @param successes the C2PA success codes of the checks that passed
 * @param summary the active manifest, when a claim could be read (absent for {@code absent})
 */
public record CredentialsReport(
    Status status,
    List<Reason> reasons,
    List<String> successes,
    Optional<ManifestSummary> summary) {

  public CredentialsReport {
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    successes = List.copyOf(successes);
    Objects.requireNonNull(summary, "summary");
  }

  /** The outcome of a verification. */
  public enum Status {
    /** Every check passed and the signer chains to a trust anchor. */
    VALID,
    /** Every check passed except trust: the signature is good, the signer is not anchored. */
    VALID_UNTRUSTED,
    /** Something failed: tampering, a broken signature, an expired or malformed credential. */
    INVALID,
    /** The file carries no C2PA manifest store. */
    ABSENT;

    /**
     * The stable identifier: {@code valid}, {@code valid-untrusted}, {@code invalid}, {@code
     * absent}.
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One failure.
   *
   * @param code the C2PA status code, see {@link Codes}
   * @param url the JUMBF URI of what failed, or null
   * @param explanation a plain-language explanation
   */
  public record Reason(String code, String url, String explanation) {
    public Reason {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  /** Whether every check passed, trust perhaps excepted: the status is valid or valid-untrusted. */
  public boolean passed() {
    return status == Status.VALID || status == Status.VALID_UNTRUSTED;
  }

  /** The failure codes alone, in order. */
  public List<String> reasonCodes() {
    return reasons.stream().map(Reason::code).toList();
  }

  /** The digital source type of the first action that has one, if any. */
  public Optional<String> digitalSourceType() {
    return summary.flatMap(
        s ->
            s.actions().stream()
                .map(ManifestSummary.Action::digitalSourceType)
                .filter(Objects::nonNull)
                .findFirst());
  }

  static CredentialsReport absent() {
    return new CredentialsReport(Status.ABSENT, List.of(), List.of(), Optional.empty());
  }
}
