package dev.verisim.detect.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictJson;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.testkit.SyntheticVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video pipeline end to end with the shipped image model, on generated clips. */
class VideoDetectorTest {
  private static ForensicDetector images;
  private static VideoDetector video;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    images = ForensicDetector.createDefault();
    video = VideoDetector.builder().setFrameDetector(images).build();
  }

  @AfterAll
  static void close() {
    video.close();
    images.close();
  }

  @Test
  void verdictHasTheCommonFieldsThenTimelineAndTracks() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("face.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(30));
    List<String> peeked = new ArrayList<>();
    Verdict v = video.detect(clip, "in/face.mp4", still -> peeked.add(still.name()));
    assertFalse(v.error().isPresent(), () -> v.error().get().message());
    assertEquals("video", v.media());
    assertEquals(1, peeked.size());
    JsonNode json = new ObjectMapper().readTree(VerdictJson.toLine(v, false));
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    // The contract's fields first, in their order; the video's after them.
    assertEquals(
        List.of(
            "path",
            "media",
            "verdict",
            "p_fake",
            "uncertain_band",
            "cues",
            "faces",
            "provenance",
            "model",
            "elapsed_ms",
            "error"),
        keys.subList(0, 11));
    assertEquals("in/face.mp4", json.get("path").asText());
    assertTrue(json.get("p_fake").isNumber());
    assertEquals(30, json.get("frames_decoded").asInt());
    assertEquals(6, json.get("frames_sampled").asInt());
    assertEquals(3.0, json.get("duration_s").asDouble(), 0.11);
    JsonNode timeline = json.get("timeline");
    assertEquals(3, timeline.size(), timeline.toString());
    for (int t = 0; t < 3; t++) {
      assertEquals(t, timeline.get(t).get("t").asInt());
      assertEquals(1, timeline.get(t).get("faces").asInt(), timeline.toString());
      double p = timeline.get(t).get("p_fake").asDouble();
      assertTrue(p >= 0 && p <= 1);
    }
    // One drifting face, followed as one track through every sampled frame.
    JsonNode tracks = json.get("tracks");
    assertEquals(1, tracks.size(), tracks.toString());
    assertEquals(6, tracks.get(0).get("frames").asInt());
    assertEquals(v.pFake().getAsDouble(), tracks.get(0).get("p_fake").asDouble(), 1e-4);
    assertEquals(1, json.get("faces").size());
    assertTrue(v.cue("flicker").isPresent());
    assertTrue(v.cue("frames").isPresent());
  }

  @Test
  void aSidewaysPhoneClipIsTurnedUprightBeforeFaceFinding() throws Exception {
    // Portrait 240x320 shown upright, stored as 320x240 frames with a 90 degree display matrix.
    SyntheticVideos.Spec portrait = new SyntheticVideos.Spec(240, 320, 10, 20, 110, 0);
    Path clip =
        SyntheticVideos.write(dir.resolve("phone.mp4"), SyntheticVideos.Kind.MP4, portrait, 90);
    Verdict v = video.detect(clip, "phone.mp4");
    assertFalse(v.error().isPresent(), () -> v.error().get().message());
    VideoDetails d = (VideoDetails) v.details().orElseThrow();
    assertEquals(240, d.width());
    assertEquals(320, d.height());
    assertEquals(270, d.rotation(), "turned back counter-clockwise: 270 clockwise");
    assertTrue(d.timeline().stream().allMatch(p -> p.faces() == 1), d.timeline().toString());
  }

  @Test
  void aFlickeringFaceScoresHigherOnTheTemporalCue() throws Exception {
    SyntheticVideos.Spec steady = SyntheticVideos.Spec.small(20);
    Path still = SyntheticVideos.write(dir.resolve("steady.mkv"), SyntheticVideos.Kind.MKV, steady);
    Path flicker =
        SyntheticVideos.write(
            dir.resolve("flicker.mkv"), SyntheticVideos.Kind.MKV, steady.withFlicker(12));
    var a = video.detect(still, "steady.mkv").cue("flicker").orElseThrow();
    var b = video.detect(flicker, "flicker.mkv").cue("flicker").orElseThrow();
    assertTrue(b.score() > 0.65, "flickering face: " + b);
    assertTrue(a.score() < b.score() - 0.3, "steady face: " + a + " flickering: " + b);
  }

  @Test
  void damagedVideoIsAnErrorVerdictNotAnException() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("whole.avi"), SyntheticVideos.Kind.AVI, SyntheticVideos.Spec.small(10));
    byte[] bytes = Files.readAllBytes(clip);
    Path cut = Files.write(dir.resolve("cut.avi"), java.util.Arrays.copyOf(bytes, 200));
    long start = System.nanoTime();
    Verdict v = video.detect(cut, "cut.avi");
    assertTrue((System.nanoTime() - start) / 1e9 < 5);
    assertEquals(Label.ERROR, v.label());
    assertEquals("video", v.media());
    assertTrue(v.error().get().message().startsWith("cut.avi: "), v.error().get().message());
    assertTrue(VerdictJson.toLine(v, false).contains("\"p_fake\":null"));
  }

  @Test
  void audioOnlyContainerSaysItHasNoVideoStream() throws Exception {
    Path sound = SyntheticVideos.writeAudioOnly(dir.resolve("sound.mkv"), "matroska", 1.0);
    Verdict v = video.detect(sound, "sound.mkv");
    assertEquals(Label.ERROR, v.label());
    assertTrue(
        v.error().get().message().contains(VideoDetector.NO_VIDEO_STREAM),
        v.error().get().message());
  }
}
