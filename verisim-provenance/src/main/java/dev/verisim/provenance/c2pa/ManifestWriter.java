package dev.verisim.provenance.c2pa;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.provenance.signing.SigningIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a C2PA 2.x manifest store into a JPEG or PNG. The data hash excludes the container the
 * store goes into; its size must be known before the hash is written, so the hard-binding assertion
 * is first built with the largest possible exclusion length, then rebuilt with the real one and
 * zero padding to the same size (C2PA "pad" field). Since the excluded bytes are exactly the
 * inserted ones, the hash is that of the original file.
 */
final class ManifestWriter {
  static final String ACTIONS = "c2pa.actions.v2";
  static final String DATA_HASH = "c2pa.hash.data";
  static final String CLAIM_V2 = "c2pa.claim.v2";
  static final String SIGNATURE = "c2pa.signature";
  static final String ASSERTIONS = "c2pa.assertions";

  private ManifestWriter() {}

  static byte[] sign(byte[] asset, ManifestSpec spec, SigningIdentity signer, Instant now)
      throws MediaException {
    Containers.Format format =
        Containers.Format.sniff(asset)
            .orElseThrow(
                () ->
                    new MediaException(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        "Content Credentials can be embedded in JPEG and PNG only"));
    int offset;
    int boxInstance = 1;
    try {
      if (Containers.find(format, asset).isPresent()) {
        throw new MediaException(
            ErrorCode.UNSUPPORTED_FORMAT,
            "the "
                + format
                + " already carries Content Credentials; verisim does not yet add a"
                + " manifest on top of another (ingredients)");
      }
      offset = Containers.insertionOffset(format, asset);
      if (format == Containers.Format.JPEG) {
        boxInstance = Containers.freeBoxInstance(asset);
      }
    } catch (IOException e) {
      throw new MediaException(
          ErrorCode.CORRUPT, "the " + format + " is malformed: " + e.getMessage(), e);
    }

    String manifestLabel = "urn:c2pa:" + UUID.randomUUID();
    String instanceId = "xmp:iid:" + UUID.randomUUID();
    byte[] assetHash = sha256(asset);

    Map<String, byte[]> assertions = new LinkedHashMap<>();
    assertions.put(ACTIONS, Cbor.encode(actions(spec, now)));
    for (Map.Entry<String, Object> e : spec.assertions().entrySet()) {
      assertions.put(e.getKey(), Cbor.encode(e.getValue()));
    }
    int target = dataHash(offset, 0xFFFFFFFFL, new byte[32], 0).length;
    assertions.put(DATA_HASH, dataHashOfSize(offset, 0xFFFFFFFFL, new byte[32], target));
    byte[] draft = store(manifestLabel, instanceId, assertions, spec, signer);

    int containerLength = Containers.containerLength(format, draft.length);
    assertions.put(DATA_HASH, dataHashOfSize(offset, containerLength, assetHash, target));
    byte[] store = store(manifestLabel, instanceId, assertions, spec, signer);
    if (store.length != draft.length) {
      throw new IllegalStateException(
          "the manifest store changed size between drafts: "
              + draft.length
              + " vs "
              + store.length);
    }
    if (store.length > Containers.MAX_STORE_BYTES) {
      throw new IllegalArgumentException(
          "the manifest store would be "
              + store.length
              + " bytes; the limit is "
              + Containers.MAX_STORE_BYTES);
    }
    byte[] container = Containers.container(format, store, boxInstance);
    if (container.length != containerLength) {
      throw new IllegalStateException(
          "container length " + container.length + " != " + containerLength);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(asset.length + container.length);
    out.write(asset, 0, offset);
    out.writeBytes(container);
    out.write(asset, offset, asset.length - offset);
    return out.toByteArray();
  }

  private static Map<String, Object> actions(ManifestSpec spec, Instant now) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", spec.softwareAgentName());
    spec.softwareAgentVersion().ifPresent(v -> agent.put("version", v));
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("action", "c2pa.created");
    created.put("digitalSourceType", spec.digitalSourceType());
    created.put("softwareAgent", agent);
    created.put("when", spec.when().orElse(now).toString());
    return Map.of("actions", List.of(created));
  }

  static byte[] dataHash(long start, long length, byte[] hash, int pad) {
    Map<String, Object> exclusion = new LinkedHashMap<>();
    exclusion.put("start", start);
    exclusion.put("length", length);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exclusions", List.of(exclusion));
    m.put("name", "jumbf manifest");
    m.put("alg", "sha256");
    m.put("hash", hash);
    m.put("pad", new byte[pad]);
    return Cbor.encode(m);
  }

  private static byte[] dataHashOfSize(long start, long length, byte[] hash, int size) {
    for (int pad = 0; pad < 64; pad++) {
      byte[] b = dataHash(start, length, hash, pad);
      if (b.length == size) {
        return b;
      }
    }
    throw new IllegalStateException("no padding gives a data hash of " + size + " bytes");
  }

  private static byte[] store(
      String manifestLabel,
      String instanceId,
      Map<String, byte[]> assertions,
      ManifestSpec spec,
      SigningIdentity signer) {
    List<byte[]> boxes = new ArrayList<>();
    List<Object> refs = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : assertions.entrySet()) {
      byte[] box = Jumbf.superbox(Jumbf.CBOR, e.getKey(), Jumbf.box("cbor", e.getValue()));
      boxes.add(box);
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("url", "self#jumbf=" + ASSERTIONS + "/" + e.getKey());
      ref.put("hash", sha256(Arrays.copyOfRange(box, 8, box.length)));
      refs.add(ref);
    }
    Map<String, Object> generator = new LinkedHashMap<>();
    generator.put("name", spec.claimGeneratorName());
    generator.put("version", spec.claimGeneratorVersion());
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("instanceID", instanceId);
    claim.put("claim_generator_info", generator);
    claim.put("signature", "self#jumbf=/c2pa/" + manifestLabel + "/" + SIGNATURE);
    claim.put("created_assertions", refs);
    spec.title().ifPresent(t -> claim.put("dc:title", t));
    claim.put("alg", "sha256");
    byte[] claimBytes = Cbor.encode(claim);
    byte[] cose = Cose.sign1(claimBytes, signer);
    return Jumbf.superbox(
        Jumbf.STORE,
        "c2pa",
        Jumbf.superbox(
            Jumbf.MANIFEST,
            manifestLabel,
            Jumbf.superbox(Jumbf.ASSERTION_STORE, ASSERTIONS, boxes.toArray(new byte[0][])),
            Jumbf.superbox(Jumbf.CLAIM, CLAIM_V2, Jumbf.box("cbor", claimBytes)),
            Jumbf.superbox(Jumbf.SIGNATURE, SIGNATURE, Jumbf.box("cbor", cose))));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
