package dev.verisim.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.video.VideoDetector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router sends each input to the detector of its kind, sniffed from the bytes. */
class MediaRouterTest {
  @TempDir Path dir;

  /** Records what it was asked and answers with a fixed verdict for its media. */
  private static final class Stub implements Detector, AutoCloseable {
    final String media;
    final Verdict answer;
    final List<String> seen = new ArrayList<>();
    boolean closed;

    Stub(String media) {
      this(media, null);
    }

    Stub(String media, Verdict answer) {
      this.media = media;
      this.answer = answer;
    }

    @Override
    public ModelInfo model() {
      return new ModelInfo(media + "-model", "1");
    }

    @Override
    public UncertainBand band() {
      return UncertainBand.DEFAULT;
    }

    @Override
    public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
      seen.add(name);
      if (answer != null) {
        return answer;
      }
      return Verdict.analysed(
              name,
              0.5,
              band(),
              List.of(),
              dev.verisim.core.verdict.ProvenanceSummary.ABSENT,
              model(),
              1)
          .withMedia(media);
    }

    @Override
    public Verdict detect(byte[] bytes, String name) {
      return detect(Path.of(name), name, s -> {});
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private Path file(String name, byte[] head) throws Exception {
    byte[] bytes = java.util.Arrays.copyOf(head, 64);
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void routesByContentNotByName() throws Exception {
    Stub image = new Stub("image");
    Stub video = new Stub("video");
    Stub audio = new Stub("audio");
    try (MediaRouter router =
        MediaRouter.builder().setImage(image).optVideo(video).optAudio(audio).build()) {
      Path mp4 = file("clip.jpg", ascii("\0\0\0\u0020ftypisom"));
      Path webm = file("clip.webm", new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3});
      Path wav = file("sound.mp4", ascii("RIFF\0\0\0\0WAVE"));
      Path png = file("pic.mp4", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
      Path text = file("notes.avi", ascii("hello, world"));
      assertEquals("video", router.detect(mp4, "clip.jpg").media());
      assertEquals("video", router.detect(webm, "clip.webm").media());
      assertEquals("audio", router.detect(wav, "sound.mp4").media());
      assertEquals("image", router.detect(png, "pic.mp4").media());
      assertEquals("image", router.detect(text, "notes.avi").media());
      assertEquals("image", router.detect(dir.resolve("missing.mp4"), "missing.mp4").media());
      assertEquals(List.of("clip.jpg", "clip.webm"), video.seen);
      // Each video's soundtrack is heard too.
      assertEquals(List.of("clip.jpg", "clip.webm", "sound.mp4"), audio.seen);
      assertEquals(List.of("pic.mp4", "notes.avi", "missing.mp4"), image.seen);
      assertEquals("video", router.detect(Files.readAllBytes(mp4), "upload").media());
    }
    assertTrue(image.closed && video.closed && audio.closed);
  }

  @Test
  void aKindWithoutDetectorIsAnErrorVerdict() throws Exception {
    try (MediaRouter router = MediaRouter.builder().setImage(new Stub("image")).build()) {
      Verdict v = router.detect(file("a.wav", ascii("RIFF\0\0\0\0WAVE")), "a.wav");
      assertEquals(Label.ERROR, v.label());
      assertEquals("audio", v.media());
      assertEquals(ErrorCode.UNSUPPORTED_FORMAT, v.error().get().code());
      assertTrue(v.error().get().message().startsWith("a.wav: audio is not analysed"));
      Verdict w =
          router.detect(file("b.mkv", new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}), "b.mkv");
      assertEquals("video", w.media());
      assertEquals(ErrorCode.UNSUPPORTED_FORMAT, w.error().get().code());
    }
  }

  @Test
  void aVideoContainerWithoutVideoGoesToTheAudioDetector() throws Exception {
    Verdict noVideo =
        Verdict.failed(
                "s.mkv",
                ErrorCode.UNSUPPORTED_FORMAT,
                "s.mkv: " + VideoDetector.NO_VIDEO_STREAM + " (it has audio only)",
                UncertainBand.DEFAULT,
                new ModelInfo("v", "1"),
                3)
            .withMedia("video");
    Stub video = new Stub("video", noVideo);
    Stub audio = new Stub("audio");
    Path mkv = file("s.mkv", new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3});
    try (MediaRouter router =
        MediaRouter.builder().setImage(new Stub("image")).optVideo(video).optAudio(audio).build()) {
      assertEquals("audio", router.detect(mkv, "s.mkv").media());
      assertEquals(List.of("s.mkv"), audio.seen);
    }
    try (MediaRouter router =
        MediaRouter.builder().setImage(new Stub("image")).optVideo(video).build()) {
      Verdict v = router.detect(mkv, "s.mkv");
      assertEquals(Label.ERROR, v.label());
      assertTrue(v.error().get().message().contains("audio only"));
    }
  }

  @Test
  void aVideosSoundtrackIsEvidenceBesideItsFaces() throws Exception {
    Verdict faces =
        Verdict.analysed(
                "c.mp4",
                0.2,
                UncertainBand.DEFAULT,
                List.of(
                    new dev.verisim.core.verdict.CueEvidence(
                        "frames", 0.2, "faces look real", java.util.Map.of())),
                dev.verisim.core.verdict.ProvenanceSummary.ABSENT,
                new ModelInfo("v", "1"),
                5)
            .withMedia("video");
    Verdict voice =
        Verdict.analysed(
                "c.mp4",
                0.9,
                UncertainBand.DEFAULT,
                List.of(
                    new dev.verisim.core.verdict.CueEvidence(
                        "cnn", 0.9, "sounds synthetic", java.util.Map.of())),
                dev.verisim.core.verdict.ProvenanceSummary.ABSENT,
                new ModelInfo("a", "1"),
                5)
            .withMedia("audio");
    Path mp4 = file("c.mp4", ascii("\0\0\0\u0020ftypisom"));
    try (MediaRouter router =
        MediaRouter.builder()
            .setImage(new Stub("image"))
            .optVideo(new Stub("video", faces))
            .optAudio(new Stub("audio", voice))
            .build()) {
      Verdict v = router.detect(mp4, "c.mp4");
      assertEquals("video", v.media());
      assertEquals(0.2, v.pFake().getAsDouble(), 1e-9, "the faces decide p_fake");
      assertEquals(Label.REAL, v.label());
      var cue = v.cue("soundtrack").orElseThrow();
      assertEquals(0.9, cue.score(), 1e-9);
      assertTrue(cue.explanation().contains("sounds synthetic"), cue.explanation());
      var json = dev.verisim.core.verdict.VerdictJson.toTree(v, false);
      assertEquals("fake", json.at("/soundtrack/verdict").asText());
      assertEquals(0.9, json.at("/soundtrack/p_fake").asDouble(), 1e-9);
      assertEquals("a", json.at("/soundtrack/model/id").asText());
    }
  }

  @Test
  void theImageDetectorIsRequired() {
    assertThrows(IllegalStateException.class, () -> MediaRouter.builder().build());
  }
}
