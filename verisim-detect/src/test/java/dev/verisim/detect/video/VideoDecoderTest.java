package dev.verisim.detect.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.testkit.SyntheticVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding under limits: every container, sampling, refusal before decoding, damaged files. */
class VideoDecoderTest {
  @TempDir Path dir;

  private final VideoDecoder decoder =
      new VideoDecoder(VideoLimits.DEFAULT, Duration.ofSeconds(10));

  private static SyntheticVideos.Kind kind(String name) {
    return switch (name) {
      case "mp4" -> SyntheticVideos.Kind.MP4;
      case "mov" -> SyntheticVideos.Kind.MOV;
      case "mkv" -> SyntheticVideos.Kind.MKV;
      case "webm" -> SyntheticVideos.Kind.WEBM;
      case "avi" -> SyntheticVideos.Kind.AVI;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mov", "mkv", "webm", "avi"})
  void samplesEveryContainerAtTheRequestedRate(String ext) throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("clip." + ext), kind(ext), SyntheticVideos.Spec.small(30));
    List<SampledFrame> frames = new ArrayList<>();
    VideoDecoder.Decoded d =
        decoder.decode(clip, "clip." + ext, 2.0, 3, (info, f) -> frames.add(f));
    assertEquals(320, d.info().width(), ext);
    assertEquals(240, d.info().height(), ext);
    assertEquals(30, d.framesDecoded(), ext);
    // 3 s at 2 a second: t = 0, 0.5, ..., 2.5.
    assertEquals(
        6, frames.size(), ext + ": " + frames.stream().map(SampledFrame::seconds).toList());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(0.5 * i, frames.get(i).seconds(), 0.051, ext);
      assertEquals(3, frames.get(i).burst().size(), ext);
    }
    assertEquals(320, frames.get(0).width());
  }

  @Test
  void refusesTooLongFromTheHeaderNamingTheInput() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("long.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(30));
    VideoDecoder strict =
        new VideoDecoder(VideoLimits.DEFAULT.withMaxDuration(1.0), Duration.ofSeconds(10));
    List<SampledFrame> frames = new ArrayList<>();
    MediaException e =
        assertThrows(
            MediaException.class,
            () -> strict.decode(clip, "in/long.mp4", 2, 3, (i, f) -> frames.add(f)));
    assertEquals(ErrorCode.TOO_LONG, e.code());
    assertTrue(e.getMessage().startsWith("in/long.mp4: "), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was decoded"), e.getMessage());
    assertTrue(frames.isEmpty());
    VideoDecoder fewFrames =
        new VideoDecoder(new VideoLimits(1L << 30, 600, 3840, 2160, 10), Duration.ofSeconds(10));
    assertEquals(
        ErrorCode.TOO_LONG,
        assertThrows(MediaException.class, () -> fewFrames.probe(clip, "long.mp4")).code());
  }

  @Test
  void refusesTooLargeFramesAndFilesBeforeDecoding() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("big.mkv"), SyntheticVideos.Kind.MKV, SyntheticVideos.Spec.small(10));
    VideoDecoder small =
        new VideoDecoder(new VideoLimits(1L << 30, 600, 200, 200, 1000), Duration.ofSeconds(10));
    MediaException e = assertThrows(MediaException.class, () -> small.probe(clip, "big.mkv"));
    assertEquals(ErrorCode.TOO_MANY_PIXELS, e.code());
    assertTrue(e.getMessage().startsWith("big.mkv: 320x240"), e.getMessage());
    VideoDecoder tiny =
        new VideoDecoder(VideoLimits.DEFAULT.withMaxBytes(100), Duration.ofSeconds(10));
    assertEquals(
        ErrorCode.TOO_MANY_BYTES,
        assertThrows(MediaException.class, () -> tiny.decode(clip, "big.mkv", 2, 1, (i, f) -> {}))
            .code());
  }

  @Test
  void damagedFilesFailPromptly() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("whole.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(30));
    byte[] bytes = Files.readAllBytes(clip);
    Path truncated =
        Files.write(dir.resolve("truncated.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    byte[] junk = new byte[20_000];
    new java.util.Random(7).nextBytes(junk);
    System.arraycopy(bytes, 0, junk, 0, 32); // a real ftyp box, then noise
    Path random = Files.write(dir.resolve("random.mp4"), junk);
    Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
    for (Path p : List.of(truncated, random, empty)) {
      long start = System.nanoTime();
      MediaException e =
          assertThrows(
              MediaException.class,
              () -> decoder.decode(p, p.getFileName().toString(), 2, 3, (i, f) -> {}));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 5000, p + " took " + ms + " ms");
      assertTrue(e.getMessage().startsWith(p.getFileName() + ": "), e.getMessage());
      assertTrue(
          List.of(ErrorCode.CORRUPT, ErrorCode.TRUNCATED, ErrorCode.EMPTY).contains(e.code()),
          p + ": " + e.code() + " " + e.getMessage());
    }
  }

  @Test
  void aDecoderThatHangsIsGivenUpAfterTheStallTimeout() throws Exception {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("hang.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(10));
    // FFmpeg stuck inside one frame: the grabber never returns.
    org.bytedeco.javacv.FFmpegFrameGrabber hanging =
        new org.bytedeco.javacv.FFmpegFrameGrabber(clip.toFile()) {
          @Override
          public synchronized org.bytedeco.javacv.Frame grabFrame(
              boolean audio, boolean video, boolean processing, boolean keyFrames, boolean data) {
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return null;
          }
        };
    VideoDecoder impatient = new VideoDecoder(VideoLimits.DEFAULT, Duration.ofSeconds(1));
    long start = System.nanoTime();
    MediaException e =
        assertThrows(
            MediaException.class, () -> impatient.decode(hanging, "hang.mp4", 2, 3, (i, f) -> {}));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(ErrorCode.CORRUPT, e.code());
    assertTrue(e.getMessage().startsWith("hang.mp4: the decoder made no progress"), e.getMessage());
    assertTrue(seconds < 4, "gave up after " + seconds + " s");
  }

  @Test
  void decodesFromMemory() throws IOException, MediaException {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("m.webm"), SyntheticVideos.Kind.WEBM, SyntheticVideos.Spec.small(20));
    List<SampledFrame> frames = new ArrayList<>();
    decoder.decode(Files.readAllBytes(clip), "upload.webm", 1.0, 1, (i, f) -> frames.add(f));
    assertEquals(2, frames.size());
  }
}
