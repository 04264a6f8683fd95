package dev.verisim.provenance.c2pa;

import dev.verisim.core.MediaException;
import dev.verisim.provenance.signing.SigningIdentity;
import dev.verisim.provenance.signing.TrustAnchors;
import java.time.Instant;
import java.util.Objects;

/**
 * C2PA Content Credentials written and verified by verisim: a C2PA 2.x manifest store (claim {@code
 * c2pa.claim.v2}, assertions {@code c2pa.actions.v2} with one {@code c2pa.created} action, the hard
 * binding {@code c2pa.hash.data} and the caller's own), signed with COSE_Sign1 ES256, embedded as
 * JPEG APP11 segments or a PNG {@code caBX} chunk. Existing segments and chunks, such as verisim's
 * XMP label, are kept as they are.
 *
 * <pre>{@code
 * SigningIdentity signer = SigningIdentity.load(Path.of("signer.key"), Path.of("chain.pem"));
 * byte[] signed = ContentCredentials.sign(png, ManifestSpec.builder()
 *     .setSoftwareAgent("verisim gan sample", "0.1.0").build(), signer);
 * CredentialsReport r = ContentCredentials.verify(signed, TrustAnchors.none(), Instant.now());
 * r.status();   // VALID_UNTRUSTED: a good signature by a signer nobody was told to trust
 * }</pre>
 *
 * <p>Verification reads stores written by verisim and by c2pa-rs based tools (c2pa-node, c2patool),
 * claim v2 or v1, and checks the active manifest only: ingredients' manifests, time stamps,
 * revocation and hard bindings other than {@code c2pa.hash.data} are not checked.
 */
public final class ContentCredentials {
  private ContentCredentials() {}

  /**
   * The asset (JPEG or PNG, sniffed from its bytes) with a signed manifest embedded.
   *
   * @throws MediaException when the bytes are not JPEG or PNG, are malformed, or already carry
   *     Content Credentials
   */
  public static byte[] sign(byte[] asset, ManifestSpec spec, SigningIdentity signer)
      throws MediaException {
    return sign(asset, spec, signer, Instant.now());
  }

  /** As {@link #sign(byte[], ManifestSpec, SigningIdentity)}, with the signing time given. */
  public static byte[] sign(byte[] asset, ManifestSpec spec, SigningIdentity signer, Instant now)
      throws MediaException {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(now, "now");
    return ManifestWriter.sign(asset, spec, signer, now);
  }

  /**
   * Verifies the file's Content Credentials at a time. Malformed or tampered credentials give an
   * {@code invalid} report naming the C2PA status codes; they never throw.
   *
   * @param anchors the trusted roots; {@link TrustAnchors#none()} makes a good signature {@code
   *     valid-untrusted}
   * @throws MediaException only when the bytes are empty or neither JPEG nor PNG
   */
  public static CredentialsReport verify(byte[] asset, TrustAnchors anchors, Instant now)
      throws MediaException {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(anchors, "anchors");
    Objects.requireNonNull(now, "now");
    return ManifestVerifier.verify(asset, anchors, now);
  }
}
