/**
 * Signing identities for verisim's provenance records: an EC P-256 key with its X.509 chain ({@link
 * dev.verisim.provenance.signing.SigningIdentity}), development chains that meet the C2PA
 * certificate profile ({@link dev.verisim.provenance.signing.DevChain}) and trust anchors that
 * decide whether a chain is trusted ({@link dev.verisim.provenance.signing.TrustAnchors}).
 */
package dev.verisim.provenance.signing;
