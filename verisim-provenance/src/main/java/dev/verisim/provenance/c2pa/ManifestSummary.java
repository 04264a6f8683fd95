package dev.verisim.provenance.c2pa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the active manifest says, for people and for callers: who generated it, how the content was
 * made, who signed it, which assertions it holds and the content of non-C2PA assertions (such as
 * {@code dev.verisim.consent}). Only assertions whose hash matched the claim are read; fields are
 * null when the manifest does not say. When the report is {@code invalid}, the claim's own fields
 * (generator, title) are what the manifest claims, not what was verified.
 *
 * @param manifestLabel the active manifest's label, {@code urn:c2pa:...}
 * @param claimVersion 2 for {@code c2pa.claim.v2}, 1 for {@code c2pa.claim}
 * @param claimGenerator the claim generator's name
 * @param claimGeneratorVersion its version, or null
 * @param title the title, or null
 * @param instanceId the claim's instanceID, or null
 * @param actions the actions of c2pa.actions / c2pa.actions.v2, in order
 * @param signerSubject the signer certificate's subject (RFC 2253), or null without a signature
 * @param signerIssuer the signer certificate's issuer (RFC 2253), or null
 * @param signerNotAfter the end of the signer certificate's validity, or null
 * @param signatureAlgorithm the COSE algorithm, for example ES256, or null
 * @param assertionLabels the labels of the assertions the claim references, in claim order
 * @param customAssertions label to decoded CBOR content (maps, lists, text, numbers, byte[]) of the
 *     referenced, hash-checked assertions outside the c2pa namespace
 */
public record ManifestSummary(
    String manifestLabel,
    int claimVersion,
    String claimGenerator,
    String claimGeneratorVersion,
    String title,
    String instanceId,
    List<Action> actions,
    String signerSubject,
    String signerIssuer,
    Instant signerNotAfter,
    String signatureAlgorithm,
    List<String> assertionLabels,
    Map<String, Object> customAssertions) {

  public ManifestSummary {
    actions = List.copyOf(actions);
    assertionLabels = List.copyOf(assertionLabels);
    customAssertions =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customAssertions));
  }

  /**
   * The decoded content of a referenced, hash-checked assertion outside the c2pa namespace, for
   * example {@code customAssertion("dev.verisim.consent")}: maps, lists, text, numbers, byte[].
   */
  public java.util.Optional<Object> customAssertion(String label) {
    return java.util.Optional.ofNullable(customAssertions.get(label));
  }

  /**
   * One action.
   *
   * @param action for example {@code c2pa.created}
   * @param digitalSourceType the IPTC IRI, or null
   * @param softwareAgent the agent's name and version, or null
   * @param when the time given, or null
   */
  public record Action(
      String action, String digitalSourceType, String softwareAgent, String when) {}
}
