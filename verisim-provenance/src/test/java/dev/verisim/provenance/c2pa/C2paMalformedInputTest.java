package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed boxes, CBOR and containers give an invalid report with a reason, never a throw. */
class C2paMalformedInputTest {
  private static CredentialsReport verify(byte[] asset) throws Exception {
    return ContentCredentials.verify(asset, TrustAnchors.none(), TestAssets.NOW);
  }

  /** A PNG whose caBX chunk holds the given bytes. */
  private static byte[] pngWithStore(byte[] store) throws Exception {
    byte[] png = TestAssets.labelledPng();
    int at = Containers.insertionOffset(Containers.Format.PNG, png);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, at);
    out.writeBytes(Containers.container(Containers.Format.PNG, store));
    out.write(png, at, png.length - at);
    return out.toByteArray();
  }

  private static void assertInvalidBecause(CredentialsReport r, String code) {
    assertEquals(Status.INVALID, r.status(), r.toString());
    assertTrue(r.reasonCodes().contains(code), code + " expected in " + r.reasonCodes());
  }

  @Test
  void aClaimThatIsNotCborIsClaimCborInvalid() throws Exception {
    byte[] store =
        Jumbf.superbox(
            Jumbf.STORE,
            "c2pa",
            Jumbf.superbox(
                Jumbf.MANIFEST,
                "urn:c2pa:x",
                Jumbf.superbox(
                    Jumbf.CLAIM,
                    "c2pa.claim.v2",
                    Jumbf.box("cbor", new byte[] {(byte) 0xBF, 0x61}))));
    assertInvalidBecause(verify(pngWithStore(store)), Codes.CLAIM_CBOR_INVALID);
  }

  @Test
  void aManifestWithoutClaimOrSignatureSaysSo() throws Exception {
    byte[] noClaim =
        Jumbf.superbox(Jumbf.STORE, "c2pa", Jumbf.superbox(Jumbf.MANIFEST, "urn:c2pa:x"));
    assertInvalidBecause(verify(pngWithStore(noClaim)), Codes.CLAIM_MISSING);
    byte[] claim =
        Cbor.encode(java.util.Map.of("instanceID", "x", "created_assertions", List.of()));
    byte[] noSignature =
        Jumbf.superbox(
            Jumbf.STORE,
            "c2pa",
            Jumbf.superbox(
                Jumbf.MANIFEST,
                "urn:c2pa:x",
                Jumbf.superbox(Jumbf.CLAIM, "c2pa.claim.v2", Jumbf.box("cbor", claim))));
    CredentialsReport r = verify(pngWithStore(noSignature));
    assertInvalidBecause(r, Codes.CLAIM_SIGNATURE_MISSING);
    assertTrue(r.reasonCodes().contains(Codes.CLAIM_MALFORMED), "no signature field: " + r);
    assertTrue(r.reasonCodes().contains(Codes.CLAIM_HARD_BINDINGS_MISSING), r.toString());
  }

  @Test
  void boxLengthsPastTheirParentAndDeepNestingAreGeneralErrors() throws Exception {
    byte[] store =
        Jumbf.superbox(Jumbf.STORE, "c2pa", Jumbf.superbox(Jumbf.MANIFEST, "urn:c2pa:x"));
    byte[] lying = store.clone();
    lying[store.length - 30] = 0x7F; // inside the manifest superbox's description: a huge length
    CredentialsReport r = verify(pngWithStore(lying));
    assertNotEquals(Status.VALID, r.status());

    byte[] deep = Jumbf.superbox(Jumbf.MANIFEST, "m");
    for (int i = 0; i < Jumbf.MAX_DEPTH + 2; i++) {
      deep = Jumbf.superbox(Jumbf.MANIFEST, "m" + i, deep);
    }
    CredentialsReport d = verify(pngWithStore(Jumbf.superbox(Jumbf.STORE, "c2pa", deep)));
    assertInvalidBecause(d, Codes.GENERAL_ERROR);
    assertTrue(d.reasons().get(0).explanation().contains("deeper"), d.toString());
  }

  @Test
  void aTruncatedSignedFileIsInvalidNotAnException() throws Exception {
    for (String format : List.of("jpeg", "png")) {
      byte[] signed =
          TestAssets.sign(
              format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg(),
              TestAssets.chain());
      int storeEnd = TestAssets.lastStoreByte(signed);
      for (int cut : new int[] {storeEnd - 100, storeEnd - 2000, 40}) {
        CredentialsReport r = verify(Arrays.copyOf(signed, cut));
        assertNotEquals(Status.VALID_UNTRUSTED, r.status(), format + " cut at " + cut);
      }
    }
  }

  @Test
  void seededRandomDamageInsideTheStoreNeverThrowsAndIsNeverValid() throws Exception {
    long seed = 20261126L;
    Random random = new Random(seed);
    DevChain chain = TestAssets.chain();
    for (String format : List.of("jpeg", "png")) {
      byte[] signed =
          TestAssets.sign(
              format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg(), chain);
      Containers.Format f = Containers.Format.sniff(signed).orElseThrow();
      long[] range = Containers.find(f, signed).orElseThrow().ranges().get(0);
      // Inside the store proper: after the container headers (APP11: 20 bytes, caBX: 8 bytes
      // plus the store and manifest superbox headers).
      int from = (int) range[0] + 60;
      int to = (int) (range[0] + range[1]) - (f == Containers.Format.PNG ? 4 : 0);
      for (int i = 0; i < 300; i++) {
        byte[] damaged = signed.clone();
        int at = from + random.nextInt(to - from);
        damaged[at] ^= (byte) (1 + random.nextInt(255));
        CredentialsReport r = verify(damaged);
        assertTrue(
            r.status() == Status.INVALID || r.status() == Status.ABSENT,
            "seed "
                + seed
                + ", "
                + format
                + " byte "
                + at
                + " "
                + (signed[at] & 0xFF)
                + " -> "
                + (damaged[at] & 0xFF)
                + ": "
                + r);
        assertTrue(r.status() == Status.ABSENT || !r.reasons().isEmpty());
      }
    }
  }

  @Test
  void aPngChunkLengthPastTheEndIsAGeneralError() throws Exception {
    byte[] png = TestAssets.labelledPng();
    byte[] broken = png.clone();
    broken[33] = 0x7F; // the length of the chunk after IHDR
    assertInvalidBecause(verify(broken), Codes.GENERAL_ERROR);
  }
}
