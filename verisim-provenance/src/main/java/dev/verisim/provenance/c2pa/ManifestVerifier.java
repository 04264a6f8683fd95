package dev.verisim.provenance.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.provenance.c2pa.CredentialsReport.Reason;
import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the active manifest of a file's C2PA store, claim v2 ({@code c2pa.claim.v2}, verisim and
 * current c2pa-rs) or v1 ({@code c2pa.claim}, older tools): the COSE signature over the claim, the
 * signer's certificate profile and chain, every referenced assertion's hash and the data hash over
 * the file minus its exclusions. Each check adds a C2PA success or failure code; nothing thrown by
 * malformed input escapes.
 */
final class ManifestVerifier {
  /** Hashed URIs and data-hash exclusions beyond these counts are refused. */
  static final int MAX_REFERENCES = 10_000;

  static final int MAX_EXCLUSIONS = 1_000;

  private static final Set<String> OTHER_HARD_BINDINGS =
      Set.of(
          "c2pa.hash.boxes",
          "c2pa.hash.bmff",
          "c2pa.hash.bmff.v2",
          "c2pa.hash.bmff.v3",
          "c2pa.hash.collection.data");

  private final byte[] asset;
  private final TrustAnchors anchors;
  private final Instant now;
  private final List<Reason> failures = new ArrayList<>();
  private final List<String> successes = new ArrayList<>();

  // summary
  private String manifestLabel;
  private int claimVersion;
  private String generator;
  private String generatorVersion;
  private String title;
  private String instanceId;
  private final List<ManifestSummary.Action> actions = new ArrayList<>();
  private String signerSubject;
  private String signerIssuer;
  private Instant signerNotAfter;
  private String signatureAlgorithm;
  private final List<String> labels = new ArrayList<>();
  private final Map<String, Object> custom = new LinkedHashMap<>();
  private boolean claimRead;

  private ManifestVerifier(byte[] asset, TrustAnchors anchors, Instant now) {
    this.asset = asset;
    this.anchors = anchors;
    this.now = now;
  }

  static CredentialsReport verify(byte[] asset, TrustAnchors anchors, Instant now)
      throws MediaException {
    if (asset.length == 0) {
      throw new MediaException(ErrorCode.EMPTY, "the file is empty");
    }
    Containers.Format format =
        Containers.Format.sniff(asset)
            .orElseThrow(
                () ->
                    new MediaException(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        "verisim reads Content Credentials from JPEG and PNG only"));
    return new ManifestVerifier(asset, anchors, now).run(format);
  }

  private CredentialsReport run(Containers.Format format) {
    try {
      Optional<Containers.Found> found;
      try {
        found = Containers.find(format, asset);
      } catch (IOException e) {
        fail(
            Codes.GENERAL_ERROR,
            null,
            "the " + format + " structure is malformed: " + e.getMessage());
        return report();
      }
      if (found.isEmpty()) {
        return CredentialsReport.absent();
      }
      Jumbf.Superbox store;
      try {
        store = Jumbf.parseSuperbox(found.get().store());
      } catch (IOException e) {
        fail(Codes.GENERAL_ERROR, null, "the manifest store is malformed: " + e.getMessage());
        return report();
      }
      if (!store.contentType().equals(Jumbf.STORE) || !store.label().equals("c2pa")) {
        fail(Codes.GENERAL_ERROR, null, "the JUMBF superbox is not a C2PA manifest store");
        return report();
      }
      List<Jumbf.Superbox> manifests = new ArrayList<>(store.childrenOfType(Jumbf.MANIFEST));
      manifests.addAll(store.childrenOfType(Jumbf.UPDATE_MANIFEST));
      if (manifests.isEmpty()) {
        fail(Codes.CLAIM_MISSING, null, "the manifest store holds no manifest");
        return report();
      }
      // The active manifest is the last one in the store.
      Jumbf.Superbox active =
          store.superboxes().stream().filter(manifests::contains).reduce((a, b) -> b).orElseThrow();
      manifest(store, active);
    } catch (RuntimeException e) {
      fail(Codes.GENERAL_ERROR, null, "verification stopped on malformed input: " + e);
    }
    return report();
  }

  private CredentialsReport report() {
    Status status;
    if (failures.isEmpty()) {
      status = Status.VALID;
    } else if (failures.stream()
        .allMatch(r -> r.code().equals(Codes.SIGNING_CREDENTIAL_UNTRUSTED))) {
      status = Status.VALID_UNTRUSTED;
    } else {
      status = Status.INVALID;
    }
    Optional<ManifestSummary> summary =
        claimRead
            ? Optional.of(
                new ManifestSummary(
                    manifestLabel,
                    claimVersion,
                    generator,
                    generatorVersion,
                    title,
                    instanceId,
                    actions,
                    signerSubject,
                    signerIssuer,
                    signerNotAfter,
                    signatureAlgorithm,
                    labels,
                    custom))
            : Optional.empty();
    return new CredentialsReport(status, failures, successes, summary);
  }

  private void fail(String code, String url, String explanation) {
    failures.add(new Reason(code, url, explanation));
  }

  private void manifest(Jumbf.Superbox store, Jumbf.Superbox active) {
    manifestLabel = active.label();
    String base = "self#jumbf=/c2pa/" + active.label() + "/";
    List<Jumbf.Superbox> claims = active.childrenOfType(Jumbf.CLAIM);
    if (claims.isEmpty()) {
      fail(Codes.CLAIM_MISSING, base, "the active manifest has no claim");
      return;
    }
    if (claims.size() > 1) {
      fail(Codes.CLAIM_MULTIPLE, base, "the active manifest has " + claims.size() + " claims");
      return;
    }
    Jumbf.Superbox claimBox = claims.get(0);
    String claimUrl = base + claimBox.label();
    Optional<Jumbf.Box> claimContent = claimBox.firstContent("cbor");
    if (claimContent.isEmpty()) {
      fail(Codes.CLAIM_MALFORMED, claimUrl, "the claim box holds no CBOR");
      return;
    }
    byte[] claimBytes = claimContent.get().content();
    JsonNode claim;
    try {
      claim = Cbor.decode(claimBytes);
    } catch (IOException e) {
      fail(Codes.CLAIM_CBOR_INVALID, claimUrl, "the claim is not valid CBOR: " + e.getMessage());
      return;
    }
    if (!claim.isObject()) {
      fail(Codes.CLAIM_MALFORMED, claimUrl, "the claim is not a CBOR map");
      return;
    }
    if (claimBox.label().equals(ManifestWriter.CLAIM_V2)) {
      claimVersion = 2;
    } else if (claimBox.label().equals("c2pa.claim")) {
      claimVersion = 1;
    } else {
      fail(Codes.CLAIM_MALFORMED, claimUrl, "unknown claim label " + claimBox.label());
      return;
    }
    readClaimSummary(claim);
    claimRead = true;
    if (claimVersion == 2) {
      for (String field : List.of("instanceID", "signature", "created_assertions")) {
        if (!claim.hasNonNull(field)) {
          fail(Codes.CLAIM_MALFORMED, claimUrl, "the v2 claim lacks its required " + field);
        }
      }
      if (!claim.path("claim_generator_info").hasNonNull("name")) {
        fail(Codes.CLAIM_MALFORMED, claimUrl, "the v2 claim lacks claim_generator_info.name");
      }
    }

    signature(store, active, base, claim, claimBytes);

    String claimAlg = text(claim.get("alg"), "sha256");
    List<JsonNode> refs = new ArrayList<>();
    for (String field :
        claimVersion == 2
            ? List.of("created_assertions", "gathered_assertions")
            : List.of("assertions")) {
      JsonNode list = claim.get(field);
      if (list != null && list.isArray()) {
        list.forEach(refs::add);
      } else if (list != null) {
        fail(Codes.CLAIM_MALFORMED, claimUrl, "the claim's " + field + " is not a list");
      }
    }
    if (refs.size() > MAX_REFERENCES) {
      fail(
          Codes.CLAIM_MALFORMED,
          claimUrl,
          "the claim references more than " + MAX_REFERENCES + " assertions");
      return;
    }
    Set<Jumbf.Superbox> referenced = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Jumbf.Superbox> verified = new ArrayList<>();
    for (JsonNode ref : refs) {
      Resolved r = assertion(store, active, ref, claimAlg);
      if (r != null) {
        referenced.add(r.box());
        if (r.matched()) {
          verified.add(r.box());
        }
      }
    }
    active
        .child(ManifestWriter.ASSERTIONS)
        .ifPresent(
            as -> {
              for (Jumbf.Superbox a : as.superboxes()) {
                if (!referenced.contains(a)) {
                  fail(
                      Codes.ASSERTION_UNDECLARED,
                      base + ManifestWriter.ASSERTIONS + "/" + a.label(),
                      "the assertion " + a.label() + " is not referenced by the claim");
                }
              }
            });
    hardBinding(verified, base, claimAlg);
    for (Jumbf.Superbox a : verified) {
      readAssertion(a);
    }
  }

  private void readClaimSummary(JsonNode claim) {
    JsonNode info = claim.get("claim_generator_info");
    if (info != null && info.isArray() && info.size() > 0) {
      info = info.get(0);
    }
    if (info != null && info.isObject()) {
      generator = text(info.get("name"), null);
      generatorVersion = text(info.get("version"), null);
    }
    if (generator == null) {
      generator = text(claim.get("claim_generator"), null);
    }
    title = text(claim.get("dc:title"), null);
    instanceId = text(claim.get("instanceID"), null);
  }

  private void signature(
      Jumbf.Superbox store, Jumbf.Superbox active, String base, JsonNode claim, byte[] claimBytes) {
    List<Jumbf.Superbox> sigs = active.childrenOfType(Jumbf.SIGNATURE);
    Optional<Jumbf.Box> content =
        sigs.size() != 1 ? Optional.empty() : sigs.get(0).firstContent("cbor");
    String url = base + ManifestWriter.SIGNATURE;
    if (content.isEmpty()) {
      fail(
          Codes.CLAIM_SIGNATURE_MISSING,
          url,
          "the active manifest has no (single) claim signature");
      return;
    }
    // The claim names its signature box; resolving it binds the manifest's label to the claim.
    String ref = text(claim.get("signature"), null);
    if (ref != null && resolve(store, active, ref) != sigs.get(0)) {
      fail(
          Codes.CLAIM_SIGNATURE_MISSING,
          ref,
          "the claim's signature reference " + ref + " does not lead to the signature box");
    }
    Cose.Sign1 sign1;
    try {
      sign1 = Cose.parse(content.get().content());
    } catch (Cose.CoseException e) {
      fail(e.code, url, e.getMessage());
      return;
    }
    X509Certificate signer = sign1.chain().get(0);
    signerSubject = signer.getSubjectX500Principal().getName();
    signerIssuer = signer.getIssuerX500Principal().getName();
    signerNotAfter = signer.getNotAfter().toInstant();
    signatureAlgorithm = algorithmName(sign1.alg());
    try {
      boolean payloadOk = sign1.payload() == null || Arrays.equals(sign1.payload(), claimBytes);
      if (payloadOk && Cose.verify(sign1, claimBytes)) {
        successes.add(Codes.CLAIM_SIGNATURE_VALIDATED);
      } else {
        fail(
            Codes.CLAIM_SIGNATURE_MISMATCH,
            url,
            "the claim signature does not verify with the signer's key: the claim or the"
                + " signature was changed");
      }
    } catch (Cose.CoseException e) {
      fail(e.code, url, e.getMessage());
    }
    for (String v : CertificateProfile.violations(signer)) {
      fail(Codes.SIGNING_CREDENTIAL_INVALID, url, "the signer certificate: " + v);
    }
    TrustAnchors.Check check = anchors.check(sign1.chain(), now);
    switch (check.outcome()) {
      case TRUSTED -> {
        successes.add(Codes.CLAIM_SIGNATURE_INSIDE_VALIDITY);
        successes.add(Codes.SIGNING_CREDENTIAL_TRUSTED);
      }
      case EXPIRED ->
          fail(
              Codes.SIGNING_CREDENTIAL_EXPIRED,
              url,
              "the signing credential is outside its validity period: " + check.detail());
      case UNTRUSTED -> {
        successes.add(Codes.CLAIM_SIGNATURE_INSIDE_VALIDITY);
        fail(
            Codes.SIGNING_CREDENTIAL_UNTRUSTED,
            url,
            "the signer is not trusted: " + check.detail());
      }
    }
  }

  /** An assertion a hashed URI points to, and whether its hash matched. */
  private record Resolved(Jumbf.Superbox box, boolean matched) {}

  /** The assertion a hashed URI points to, or null when it cannot be checked at all. */
  private Resolved assertion(
      Jumbf.Superbox store, Jumbf.Superbox active, JsonNode ref, String claimAlg) {
    String url = text(ref.get("url"), null);
    JsonNode hashNode = ref.get("hash");
    if (url == null || hashNode == null || !hashNode.isBinary()) {
      fail(Codes.CLAIM_MALFORMED, null, "a hashed URI of the claim lacks its url or hash");
      return null;
    }
    Jumbf.Superbox target = resolve(store, active, url);
    if (target == null) {
      fail(Codes.ASSERTION_MISSING, url, "the claim references " + url + ", which is not there");
      return null;
    }
    String alg = text(ref.get("alg"), claimAlg);
    MessageDigest md = digest(alg);
    if (md == null) {
      fail(Codes.ALGORITHM_UNSUPPORTED, url, "hash algorithm " + alg + " is not supported");
      return null;
    }
    byte[] expected;
    try {
      expected = hashNode.binaryValue();
    } catch (IOException e) {
      fail(Codes.CLAIM_MALFORMED, url, "an unreadable hash");
      return null;
    }
    byte[] actual = md.digest(target.box().hashedBytes());
    if (MessageDigest.isEqual(expected, actual)) {
      successes.add(Codes.ASSERTION_HASHED_URI_MATCH);
      labels.add(target.label());
      return new Resolved(target, true);
    }
    fail(
        Codes.ASSERTION_HASHED_URI_MISMATCH,
        url,
        "the assertion "
            + target.label()
            + " does not match its hash in the claim: it was changed");
    labels.add(target.label());
    return new Resolved(target, false); // declared, but its content is never read
  }

  /** Resolves {@code self#jumbf=} URIs, relative to the active manifest or absolute. */
  private static Jumbf.Superbox resolve(Jumbf.Superbox store, Jumbf.Superbox active, String url) {
    String prefix = "self#jumbf=";
    if (!url.startsWith(prefix)) {
      return null;
    }
    String path = url.substring(prefix.length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    Jumbf.Superbox at;
    String[] parts;
    if (path.startsWith("/")) {
      parts = path.substring(1).split("/");
      if (parts.length < 2 || !parts[0].equals(store.label())) {
        return null;
      }
      at = store.child(parts[1]).orElse(null);
      parts = Arrays.copyOfRange(parts, 2, parts.length);
    } else {
      at = active;
      parts = path.split("/");
    }
    List<String> steps = Arrays.stream(parts).filter(p -> !p.isEmpty()).toList();
    for (int i = 0; i < steps.size() && at != null; i++) {
      at = at.child(steps.get(i)).orElse(null);
      // Structural boxes on the way (the assertion store) must have their C2PA content type;
      // the last box (an assertion) may be of any type: cbor, json, an embedded file...
      if (at != null && i < steps.size() - 1 && !isC2paType(at.contentType())) {
        return null;
      }
    }
    return at;
  }

  /** The structural C2PA box types a JUMBF URI may pass through (c2db: data boxes). */
  private static final Set<String> STRUCTURAL =
      Set.of(Jumbf.ASSERTION_STORE, Jumbf.MANIFEST, Jumbf.UPDATE_MANIFEST, "c2db");

  private static boolean isC2paType(String contentType) {
    return STRUCTURAL.contains(contentType);
  }

  private void hardBinding(List<Jumbf.Superbox> verified, String base, String claimAlg) {
    List<Jumbf.Superbox> dataHashes = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Jumbf.Superbox a : verified) {
      String l = baseLabel(a.label());
      if (l.equals(ManifestWriter.DATA_HASH)) {
        dataHashes.add(a);
      } else if (OTHER_HARD_BINDINGS.contains(l)) {
        others.add(l);
      }
    }
    if (dataHashes.size() + others.size() > 1) {
      fail(Codes.HARD_BINDINGS_MULTIPLE, base, "the claim has more than one hard binding");
      return;
    }
    if (dataHashes.isEmpty()) {
      fail(
          Codes.CLAIM_HARD_BINDINGS_MISSING,
          base,
          others.isEmpty()
              ? "the claim binds no content: no c2pa.hash.data assertion"
              : "verisim checks c2pa.hash.data only; this claim binds the content with "
                  + others.get(0));
      return;
    }
    Jumbf.Superbox a = dataHashes.get(0);
    String url = base + ManifestWriter.ASSERTIONS + "/" + a.label();
    Optional<Jumbf.Box> content = a.firstContent("cbor");
    JsonNode dh;
    try {
      if (content.isEmpty()) {
        throw new IOException("no CBOR content");
      }
      dh = Cbor.decode(content.get().content());
    } catch (IOException e) {
      fail(
          Codes.ASSERTION_DATA_HASH_MALFORMED,
          url,
          "the data hash is unreadable: " + e.getMessage());
      return;
    }
    JsonNode hash = dh.get("hash");
    JsonNode exclusions = dh.get("exclusions");
    if (hash == null
        || !hash.isBinary()
        || (exclusions != null && (!exclusions.isArray() || exclusions.size() > MAX_EXCLUSIONS))) {
      fail(
          Codes.ASSERTION_DATA_HASH_MALFORMED,
          url,
          "the data hash lacks a hash or has bad exclusions");
      return;
    }
    List<long[]> ranges = new ArrayList<>();
    if (exclusions != null) {
      for (JsonNode e : exclusions) {
        JsonNode s = e.get("start");
        JsonNode l = e.get("length");
        if (s == null
            || l == null
            || !s.canConvertToLong()
            || !l.canConvertToLong()
            || !s.isIntegralNumber()
            || !l.isIntegralNumber()) {
          fail(Codes.ASSERTION_DATA_HASH_MALFORMED, url, "a data hash exclusion is malformed");
          return;
        }
        long start = s.longValue();
        long length = l.longValue();
        if (start < 0 || length < 0 || start > asset.length || length > asset.length - start) {
          fail(
              Codes.ASSERTION_DATA_HASH_MISMATCH,
              url,
              "a data hash exclusion (" + start + ", " + length + ") lies outside the file");
          return;
        }
        ranges.add(new long[] {start, length});
      }
    }
    ranges.sort(Comparator.comparingLong(r -> r[0]));
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i)[0] < ranges.get(i - 1)[0] + ranges.get(i - 1)[1]) {
        fail(Codes.ASSERTION_DATA_HASH_MALFORMED, url, "data hash exclusions overlap");
        return;
      }
    }
    String alg = text(dh.get("alg"), claimAlg);
    MessageDigest md = digest(alg);
    if (md == null) {
      fail(Codes.ALGORITHM_UNSUPPORTED, url, "hash algorithm " + alg + " is not supported");
      return;
    }
    long pos = 0;
    for (long[] r : ranges) {
      md.update(asset, (int) pos, (int) (r[0] - pos));
      pos = r[0] + r[1];
    }
    md.update(asset, (int) pos, (int) (asset.length - pos));
    try {
      if (MessageDigest.isEqual(md.digest(), hash.binaryValue())) {
        successes.add(Codes.ASSERTION_DATA_HASH_MATCH);
      } else {
        fail(
            Codes.ASSERTION_DATA_HASH_MISMATCH,
            url,
            "the file's bytes do not match the signed data hash: the content was changed");
      }
    } catch (IOException e) {
      fail(Codes.ASSERTION_DATA_HASH_MALFORMED, url, "an unreadable hash");
    }
  }

  private void readAssertion(Jumbf.Superbox a) {
    String label = baseLabel(a.label());
    Optional<Jumbf.Box> cbor = a.firstContent("cbor");
    boolean isActions = label.equals("c2pa.actions") || label.equals("c2pa.actions.v2");
    if (cbor.isEmpty()) {
      return;
    }
    JsonNode node;
    try {
      node = Cbor.decode(cbor.get().content());
    } catch (IOException e) {
      fail(Codes.ASSERTION_CBOR_INVALID, null, "the assertion " + a.label() + " is not CBOR");
      return;
    }
    if (isActions) {
      JsonNode list = node.get("actions");
      if (list == null || !list.isArray()) {
        fail(Codes.ASSERTION_ACTION_MALFORMED, null, a.label() + " has no actions list");
        return;
      }
      for (JsonNode act : list) {
        actions.add(
            new ManifestSummary.Action(
                text(act.get("action"), null),
                text(
                    act.get("digitalSourceType"),
                    text(act.path("parameters").get("digitalSourceType"), null)),
                agent(act.get("softwareAgent")),
                text(act.get("when"), null)));
      }
    } else if (!label.startsWith("c2pa.")) {
      custom.put(a.label(), Cbor.toJava(node));
    }
  }

  private static String agent(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return n.asText();
    }
    String name = text(n.get("name"), null);
    String version = text(n.get("version"), null);
    if (name == null) {
      return null;
    }
    return version == null ? name : name + " " + version;
  }

  /** The label without a C2PA instance suffix ({@code __2}). */
  private static String baseLabel(String label) {
    int i = label.indexOf("__");
    return i > 0 ? label.substring(0, i) : label;
  }

  private static String text(JsonNode n, String fallback) {
    return n != null && n.isTextual() ? n.asText() : fallback;
  }

  private static MessageDigest digest(String alg) {
    String name =
        switch (alg.toLowerCase(Locale.ROOT)) {
          case "sha256" -> "SHA-256";
          case "sha384" -> "SHA-384";
          case "sha512" -> "SHA-512";
          default -> null;
        };
    if (name == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  private static String algorithmName(int alg) {
    return switch (alg) {
      case -7 -> "ES256";
      case -35 -> "ES384";
      case -36 -> "ES512";
      case -37 -> "PS256";
      case -38 -> "PS384";
      case -39 -> "PS512";
      case -8 -> "Ed25519";
      default -> "COSE " + alg;
    };
  }
}
