package dev.verisim.provenance.c2pa;

/**
 * The C2PA validation status codes verisim reports (C2PA 2.x, "Standard status codes"). Failure
 * codes make a manifest invalid, except {@link #SIGNING_CREDENTIAL_UNTRUSTED}, which leaves it
 * valid but untrusted.
 */
public final class Codes {
  // success
  public static final String CLAIM_SIGNATURE_VALIDATED = "claimSignature.validated";
  public static final String CLAIM_SIGNATURE_INSIDE_VALIDITY = "claimSignature.insideValidity";
  public static final String SIGNING_CREDENTIAL_TRUSTED = "signingCredential.trusted";
  public static final String ASSERTION_HASHED_URI_MATCH = "assertion.hashedURI.match";
  public static final String ASSERTION_DATA_HASH_MATCH = "assertion.dataHash.match";

  // failure
  public static final String CLAIM_MISSING = "claim.missing";
  public static final String CLAIM_MULTIPLE = "claim.multiple";
  public static final String CLAIM_MALFORMED = "claim.malformed";
  public static final String CLAIM_CBOR_INVALID = "claim.cbor.invalid";
  public static final String CLAIM_HARD_BINDINGS_MISSING = "claim.hardBindings.missing";
  public static final String HARD_BINDINGS_MULTIPLE = "assertion.multipleHardBindings";
  public static final String CLAIM_SIGNATURE_MISSING = "claimSignature.missing";
  public static final String CLAIM_SIGNATURE_MISMATCH = "claimSignature.mismatch";
  public static final String SIGNING_CREDENTIAL_INVALID = "signingCredential.invalid";
  public static final String SIGNING_CREDENTIAL_UNTRUSTED = "signingCredential.untrusted";
  public static final String SIGNING_CREDENTIAL_EXPIRED = "signingCredential.expired";
  public static final String ASSERTION_MISSING = "assertion.missing";
  public static final String ASSERTION_UNDECLARED = "assertion.undeclared";
  public static final String ASSERTION_HASHED_URI_MISMATCH = "assertion.hashedURI.mismatch";
  public static final String ASSERTION_CBOR_INVALID = "assertion.cbor.invalid";
  public static final String ASSERTION_DATA_HASH_MISMATCH = "assertion.dataHash.mismatch";
  public static final String ASSERTION_DATA_HASH_MALFORMED = "assertion.dataHash.malformed";
  public static final String ASSERTION_ACTION_MALFORMED = "assertion.action.malformed";
  public static final String ALGORITHM_UNSUPPORTED = "algorithm.unsupported";

  /** The manifest store or its container could not be parsed at all. */
  public static final String GENERAL_ERROR = "general.error";

  private Codes() {}
}
