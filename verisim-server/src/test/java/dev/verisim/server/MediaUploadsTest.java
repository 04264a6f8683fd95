package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.MediaRouter;
import dev.verisim.detect.audio.AudioDetector;
import dev.verisim.detect.video.VideoDetector;
import dev.verisim.testkit.SyntheticVideos;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video and audio uploads, analysed by the same router as {@code verisim detect} with the shipped
 * audio model; a server whose detector reads images only refuses them with 415.
 */
class MediaUploadsTest {
  @TempDir Path dir;

  /** Three seconds of a 150 Hz voiced buzz, 22.05 kHz mono 16-bit WAV. */
  static byte[] wav() throws Exception {
    int rate = 22_050;
    int n = 3 * rate;
    byte[] pcm = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      double s = 0;
      for (int h = 1; h <= 6; h++) {
        s += Math.sin(2 * Math.PI * 150 * h * t) / h;
      }
      short v = (short) (5000 * s);
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AudioInputStream in =
        new AudioInputStream(
            new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), n)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
    }
    return out.toByteArray();
  }

  @Test
  void videoAndAudioUploadsGetTheirOwnVerdicts() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir.resolve("data"))) {
      key = data.keys().create("media").secret();
    }
    Path clip =
        SyntheticVideos.write(
            dir.resolve("clip.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(10));
    try (ForensicDetector images = ForensicDetector.createBaseline();
        MediaRouter router =
            MediaRouter.builder()
                .setImage(images)
                .optVideo(VideoDetector.builder().setFrameDetector(images).build())
                .optAudio(AudioDetector.loadDefault())
                .build();
        VerisimServer server =
            VerisimServer.builder()
                .setDataDir(dir.resolve("data"))
                .optPort(0)
                .optDetector(router)
                .build()
                .start()) {
      Api api = new Api(server);
      JsonNode info = Api.json(api.get("/api/v1/info", null));
      assertEquals("[\"image\",\"video\",\"audio\"]", info.get("media").toString());

      HttpResponse<String> sound = api.upload(key, "voice.wav", wav());
      assertEquals(202, sound.statusCode(), sound.body());
      assertEquals("audio/wav", Api.json(sound).get("media_type").asText());
      JsonNode heard = api.awaitFinished(sound.headers().firstValue("Location").orElseThrow(), key);
      assertEquals("done", heard.get("status").asText(), heard.toString());
      assertEquals("audio", heard.at("/verdict/media").asText());
      assertTrue(heard.at("/verdict/segments").size() >= 1, heard.toString());
      assertEquals(16_000, heard.at("/verdict/sample_rate").asInt());

      HttpResponse<String> video = api.upload(key, "clip.mp4", Files.readAllBytes(clip));
      assertEquals(202, video.statusCode(), video.body());
      assertEquals("video/mp4", Api.json(video).get("media_type").asText());
      JsonNode seen = api.awaitFinished(video.headers().firstValue("Location").orElseThrow(), key);
      assertEquals("done", seen.get("status").asText(), seen.toString());
      assertEquals("video", seen.at("/verdict/media").asText());
      assertTrue(seen.at("/verdict/timeline").size() >= 1, seen.toString());
    }
  }

  @Test
  void anImageOnlyServerRefusesSoundWith415() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir.resolve("data"))) {
      key = data.keys().create("images").secret();
    }
    try (VerisimServer server =
        VerisimServer.builder()
            .setDataDir(dir.resolve("data"))
            .optPort(0)
            .optDetector(FakeDetector.immediate())
            .build()
            .start()) {
      Api api = new Api(server);
      JsonNode p = Api.problem(api.upload(key, "voice.wav", wav()), 415, "unsupported-media-type");
      assertTrue(p.get("detail").asText().contains("does not analyse audio"), p.toString());
      assertEquals("[\"image\"]", Api.json(api.get("/api/v1/info", null)).get("media").toString());
    }
  }
}
