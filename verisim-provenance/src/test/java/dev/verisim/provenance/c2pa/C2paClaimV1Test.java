package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A C2PA 1.x store (claim {@code c2pa.claim} with an {@code assertions} list, {@code c2pa.actions}
 * with a text softwareAgent, x5chain in the protected header), built by hand as older tools wrote
 * it, is verified and summarised like a 2.x one.
 */
class C2paClaimV1Test {
  @Test
  void aVersionOneStoreIsReadAndChecked() throws Exception {
    DevChain chain = TestAssets.chain();
    byte[] png = TestAssets.labelledPng();
    int at = Containers.insertionOffset(Containers.Format.PNG, png);
    String label = "urn:uuid:0b9f0c3e-1111-4222-8333-944455556666";

    Map<String, Object> created = new LinkedHashMap<>();
    created.put("action", "c2pa.created");
    created.put("softwareAgent", "old tool 1.0");
    created.put("digitalSourceType", DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
    byte[] actions =
        Jumbf.superbox(
            Jumbf.CBOR,
            "c2pa.actions",
            Jumbf.box("cbor", Cbor.encode(Map.of("actions", List.of(created)))));

    // The data hash must know the container's size: build once with a placeholder, measure.
    byte[] hash = ManifestWriter.sha256(png);
    int size = -1;
    byte[] container = null;
    // Iterate to the fixed point: the exclusion's length changes the store's size.
    for (int pass = 0; pass < 4 && (container == null || container.length != size); pass++) {
      size = container == null ? 0 : container.length;
      long length = size;
      byte[] dataHash =
          Jumbf.superbox(
              Jumbf.CBOR,
              "c2pa.hash.data",
              Jumbf.box("cbor", ManifestWriter.dataHash(at, length, hash, 0)));
      Map<String, Object> claim = new LinkedHashMap<>();
      claim.put("claim_generator", "old tool/1.0");
      claim.put("signature", "self#jumbf=c2pa.signature");
      claim.put("assertions", List.of(ref(actions), ref(dataHash)));
      claim.put("dc:format", "image/png");
      claim.put("instanceID", "xmp:iid:1");
      claim.put("dc:title", "v1 title");
      claim.put("alg", "sha256");
      byte[] claimBytes = Cbor.encode(claim);
      byte[] store =
          Jumbf.superbox(
              Jumbf.STORE,
              "c2pa",
              Jumbf.superbox(
                  Jumbf.MANIFEST,
                  label,
                  Jumbf.superbox(Jumbf.ASSERTION_STORE, "c2pa.assertions", actions, dataHash),
                  Jumbf.superbox(Jumbf.CLAIM, "c2pa.claim", Jumbf.box("cbor", claimBytes)),
                  Jumbf.superbox(
                      Jumbf.SIGNATURE,
                      "c2pa.signature",
                      Jumbf.box("cbor", Cose.sign1(claimBytes, chain.identity())))));
      container = Containers.container(Containers.Format.PNG, store);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, at);
    out.writeBytes(container);
    out.write(png, at, png.length - at);

    CredentialsReport r =
        ContentCredentials.verify(out.toByteArray(), chain.anchors(), TestAssets.NOW);
    assertEquals(Status.VALID, r.status(), r.toString());
    ManifestSummary s = r.summary().orElseThrow();
    assertEquals(1, s.claimVersion());
    assertEquals("old tool/1.0", s.claimGenerator());
    assertEquals("v1 title", s.title());
    assertEquals(
        List.of(
            new ManifestSummary.Action(
                "c2pa.created", DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, "old tool 1.0", null)),
        s.actions());
  }

  private static Map<String, Object> ref(byte[] superbox) throws Exception {
    Jumbf.Superbox parsed = Jumbf.parseSuperbox(superbox);
    return Map.of(
        "url",
        "self#jumbf=c2pa.assertions/" + parsed.label(),
        "hash",
        ManifestWriter.sha256(Arrays.copyOfRange(superbox, 8, superbox.length)));
  }
}
