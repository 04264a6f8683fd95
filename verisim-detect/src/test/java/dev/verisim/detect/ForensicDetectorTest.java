package dev.verisim.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.cue.Cue;
import dev.verisim.detect.cue.CueInput;
import dev.verisim.detect.cue.MetadataCue;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.MetadataFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shipped detector end to end on generated images, bad bytes and a failing cue. */
class ForensicDetectorTest {
  private static final ForensicDetector DETECTOR = ForensicDetector.createBaseline();

  private static byte[] jpeg(long seed) {
    return ImageFiles.jpeg(ImageFiles.pattern(160, 120, seed), 0.9f);
  }

  @Test
  void aGoodImageGetsACalibratedVerdictWithEveryCueInOrder() {
    Verdict v = DETECTOR.detect(jpeg(1), "a.jpg");
    assertTrue(v.error().isEmpty(), () -> v.error().get().message());
    double p = v.pFake().getAsDouble();
    assertTrue(p >= 0 && p <= 1);
    assertEquals(DETECTOR.band().classify(p), v.label());
    assertEquals(
        List.of("spectrum", "jpeg", "noise", "metadata"),
        v.cues().stream().map(CueEvidence::name).toList());
    assertEquals("verisim-forensic-fusion", v.model().id());
    assertEquals("absent", v.provenance().c2pa());
  }

  @Test
  void anInterruptedCallerGetsAnErrorInsteadOfAFullAnalysis() {
    Thread.currentThread().interrupt(); // as a server does when a job times out
    Verdict v;
    try {
      v = DETECTOR.detect(jpeg(3), "late.jpg");
    } finally {
      assertTrue(Thread.interrupted(), "the interrupt is left for the caller to see");
    }
    assertEquals(Label.ERROR, v.label());
    assertEquals(ErrorCode.INTERNAL, v.error().orElseThrow().code());
    assertTrue(v.error().get().message().contains("interrupted"), v.error().get().message());
  }

  @Test
  void aFileThatDeclaresItselfAiGeneratedIsFake() {
    byte[] declared =
        MetadataFiles.insertAfterSoi(
            jpeg(2),
            MetadataFiles.xmpApp1(MetadataFiles.xmpPacket("trainedAlgorithmicMedia", "x")));
    Verdict v = DETECTOR.detect(declared, "declared.jpg");
    assertEquals(Label.FAKE, v.label());
    assertTrue(v.pFake().getAsDouble() >= ForensicDetector.DECLARED_AI_FLOOR);
    assertTrue(v.cue("metadata").orElseThrow().explanation().contains("AI"));
  }

  @Test
  void labelsFirstRaisesButNeverLowers() {
    assertEquals(0.98, ForensicDetector.labelsFirst(0.1, Map.of(MetadataCue.AI_MARKER, 1.0)));
    assertEquals(0.99, ForensicDetector.labelsFirst(0.99, Map.of(MetadataCue.AI_MARKER, 1.0)));
    assertEquals(
        0.9, ForensicDetector.labelsFirst(0.2, Map.of(MetadataCue.GENERATOR_SOFTWARE, 1.0)));
    assertEquals(0.2, ForensicDetector.labelsFirst(0.2, Map.of(MetadataCue.AI_MARKER, 0.0)));
  }

  @Test
  void aBrokenC2paManifestIsEvidenceNotProof() {
    byte[] store = MetadataFiles.c2paManifestStore(new byte[] {1, 2, 3});
    byte[] png =
        MetadataFiles.insertBeforeIdat(
            ImageFiles.encode(ImageFiles.pattern(64, 48, 3), "png"), "caBX", store);
    Verdict v = DETECTOR.detect(png, "c2pa.png");
    assertTrue(v.error().isEmpty());
    assertEquals("invalid", v.provenance().c2pa());
    assertFalse(v.provenance().c2paReasons().isEmpty());
    // The models still decide; the manifest is reported beside them.
    assertEquals(
        List.of("spectrum", "jpeg", "noise", "metadata", "provenance"),
        v.cues().stream().map(CueEvidence::name).toList());
  }

  @Test
  void aFailingCueGivesAnInternalErrorVerdictNotAnException() {
    Cue broken =
        new Cue() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public List<String> featureNames() {
            return List.of();
          }

          @Override
          public CueEvidence analyse(CueInput input) {
            throw new IllegalStateException("boom");
          }
        };
    List<Cue> cues = new ArrayList<>(ForensicDetector.defaultCues());
    cues.add(broken);
    ForensicDetector d =
        ForensicDetector.builder()
            .setFusion(ForensicDetector.baselineFusion())
            .optCues(cues)
            .build();
    Verdict v = d.detect(jpeg(4), "x.jpg");
    assertEquals(Label.ERROR, v.label());
    assertEquals(ErrorCode.INTERNAL, v.error().get().code());
    assertTrue(v.error().get().message().contains("boom"));
  }

  @Test
  void aModelWhoseFeaturesNoCueProducesIsRefusedWhenBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ForensicDetector.builder()
                    .setFusion(ForensicDetector.baselineFusion())
                    .optCues(List.of(new MetadataCue()))
                    .build());
    assertTrue(e.getMessage().contains("jpeg.double_compression"), e.getMessage());
  }

  @Test
  void theBuilderNamesTheMissingField() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ForensicDetector.builder().build());
    assertTrue(e.getMessage().contains("setFusion"));
  }

  /** Seeded blast: random and mangled bytes never throw; each gives a verdict. */
  @Test
  void randomAndMangledBytesAlwaysGiveAVerdict() {
    long seed = 20261126L;
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] good = jpeg(5);
    List<String> codes = new ArrayList<>();
    for (int round = 0; round < 60; round++) {
      byte[] bytes;
      if (round % 3 == 0) {
        bytes = new byte[rnd.nextInt(64)];
        rnd.nextBytes(bytes);
      } else {
        bytes = good.clone();
        for (int k = 0; k < 1 + rnd.nextInt(20); k++) {
          bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
        }
        if (round % 3 == 2) {
          bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
        }
      }
      Verdict v = DETECTOR.detect(bytes, "blast-" + round);
      assertNotNull(v, "seed " + seed + " round " + round);
      if (v.label() == Label.ERROR) {
        assertTrue(
            v.error().get().code() != ErrorCode.INTERNAL,
            "seed " + seed + " round " + round + ": " + v.error());
        codes.add(v.error().get().code().id());
      }
    }
    assertTrue(codes.contains("unsupported-format") || codes.contains("empty"), codes.toString());
  }
}
