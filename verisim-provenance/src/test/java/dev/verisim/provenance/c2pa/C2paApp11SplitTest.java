package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A manifest larger than one JPEG segment is split into APP11 packets with the CI/En/Z header. */
class C2paApp11SplitTest {
  @Test
  void aBigAssertionIsSplitIntoNumberedPacketsThatReassemble() throws Exception {
    byte[] bulk = new byte[200_000];
    for (int i = 0; i < bulk.length; i++) {
      bulk[i] = (byte) (i * 31);
    }
    ManifestSpec spec =
        ManifestSpec.builder()
            .setSoftwareAgent("verisim test")
            .optAssertion("dev.verisim.bulk", Map.of("data", bulk))
            .build();
    DevChain chain = TestAssets.chain();
    byte[] signed =
        ContentCredentials.sign(TestAssets.labelledJpeg(), spec, chain.identity(), TestAssets.NOW);

    List<Containers.Segment> app11 =
        Containers.jpegSegments(signed).stream().filter(s -> s.marker() == 0xEB).toList();
    assertEquals(4, app11.size(), "200 KB needs four 64 KB packets");
    byte[] firstHeader = null;
    for (int i = 0; i < app11.size(); i++) {
      Containers.Segment s = app11.get(i);
      int p = s.payloadStart();
      assertTrue(s.length() <= 0xFFFF);
      assertEquals('J', signed[p]);
      assertEquals('P', signed[p + 1]);
      assertEquals(1, ((signed[p + 2] & 0xFF) << 8) | (signed[p + 3] & 0xFF), "En");
      assertEquals(i + 1, Jumbf.u32(signed, p + 4), "Z");
      byte[] header = java.util.Arrays.copyOfRange(signed, p + 8, p + 16);
      if (firstHeader == null) {
        firstHeader = header;
        assertEquals("jumb", new String(header, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
      }
      assertArrayEquals(firstHeader, header, "every packet repeats LBox and TBox");
      if (i > 0) {
        assertEquals(app11.get(i - 1).end(), s.start(), "the packets are contiguous");
      }
    }

    CredentialsReport r = ContentCredentials.verify(signed, chain.anchors(), TestAssets.NOW);
    assertEquals(Status.VALID, r.status(), r.toString());
    Map<?, ?> content =
        (Map<?, ?>) r.summary().orElseThrow().customAssertions().get("dev.verisim.bulk");
    assertArrayEquals(bulk, (byte[]) content.get("data"));
  }

  @Test
  void anotherJumbfBoxInApp11KeepsItsInstanceNumberAndIsLeftAlone() throws Exception {
    byte[] jpeg = TestAssets.labelledJpeg();
    byte[] foreign =
        Jumbf.superbox(
            "xyzw",
            "not c2pa",
            Jumbf.box("json", "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    byte[] segment = Containers.container(Containers.Format.JPEG, foreign, 1);
    byte[] withForeign = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, withForeign, 0, 2);
    System.arraycopy(segment, 0, withForeign, 2, segment.length);
    System.arraycopy(jpeg, 2, withForeign, 2 + segment.length, jpeg.length - 2);
    assertEquals(2, Containers.freeBoxInstance(withForeign));

    DevChain chain = TestAssets.chain();
    byte[] signed = TestAssets.sign(withForeign, chain);
    List<Integer> instances =
        Containers.jpegSegments(signed).stream()
            .filter(s -> s.marker() == 0xEB)
            .map(
                s ->
                    ((signed[s.payloadStart() + 2] & 0xFF) << 8)
                        | (signed[s.payloadStart() + 3] & 0xFF))
            .toList();
    assertEquals(List.of(1, 2), instances.stream().sorted().toList());
    assertEquals(
        Status.VALID, ContentCredentials.verify(signed, chain.anchors(), TestAssets.NOW).status());
  }

  @Test
  void packetsOutOfOrderAreRejected() throws Exception {
    ManifestSpec spec =
        ManifestSpec.builder()
            .setSoftwareAgent("verisim test")
            .optAssertion("dev.verisim.bulk", Map.of("data", new byte[100_000]))
            .build();
    byte[] signed =
        ContentCredentials.sign(
            TestAssets.labelledJpeg(), spec, TestAssets.chain().identity(), TestAssets.NOW);
    Containers.Segment second =
        Containers.jpegSegments(signed).stream().filter(s -> s.marker() == 0xEB).toList().get(1);
    byte[] broken = signed.clone();
    broken[second.payloadStart() + 7] = 5; // Z = 5
    CredentialsReport r = ContentCredentials.verify(broken, TrustAnchors.none(), TestAssets.NOW);
    assertEquals(Status.INVALID, r.status());
    assertEquals(List.of(Codes.GENERAL_ERROR), r.reasonCodes());
  }
}
