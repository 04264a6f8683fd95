package dev.verisim.provenance.consent;

/**
 * A consent record does not allow what was asked: it is invalid, expired, not yet in force, does
 * not grant the use, or is signed by an untrusted party when trust was required. The CLI maps it to
 * a usage error (exit 2): nothing is generated.
 */
public final class ConsentException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ConsentCheck check;

  public ConsentException(String message, ConsentCheck check) {
    super(message);
    this.check = check;
  }

  /** The check that failed. */
  public ConsentCheck check() {
    return check;
  }
}
