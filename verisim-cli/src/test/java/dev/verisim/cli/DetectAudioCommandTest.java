package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticVideos;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verisim detect} on a folder mixing an image, a WAV and a video container with sound only:
 * each goes to its own detector with the shipped models, one verdict each, in order.
 */
class DetectAudioCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** 44.1 kHz stereo 16-bit: the decoder must resample and mix down. */
  private static void writeWav(Path file, double seconds) throws IOException {
    int rate = 44_100;
    int n = (int) (seconds * rate);
    byte[] pcm = new byte[n * 4];
    java.util.SplittableRandom noise = new java.util.SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      // A voiced-like signal: a 140 Hz fundamental with harmonics, amplitude-modulated as
      // syllables.
      double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
      double s = 0;
      for (int h = 1; h <= 8; h++) {
        s += Math.sin(2 * Math.PI * 140 * h * t) / h;
      }
      short v = (short) (6000 * env * s + 200 * noise.nextGaussian());
      for (int c = 0; c < 2; c++) {
        pcm[4 * i + 2 * c] = (byte) v;
        pcm[4 * i + 2 * c + 1] = (byte) (v >> 8);
      }
    }
    AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, n)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  @Test
  void imagesVideosAndSoundEachGetTheirVerdict() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("mixed"));
    ImageIO.write(
        SyntheticFaces.portrait(200, 200, 100), "png", folder.resolve("a-face.png").toFile());
    writeWav(folder.resolve("b-voice.wav"), 9.0);
    SyntheticVideos.writeAudioOnly(folder.resolve("c-sound-only.mkv"), "matroska", 2.0);

    int code =
        Main.execute(
            new String[] {"detect", "--json", "--no-progress", folder.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertEquals(ExitCodes.OK, code, err.toString() + out);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    assertEquals(3, lines.size(), out.toString());
    assertEquals("image", lines.get(0).get("media").asText());
    JsonNode voice = lines.get(1);
    assertEquals(folder + "/b-voice.wav", voice.get("path").asText());
    assertEquals("audio", voice.get("media").asText());
    assertTrue(voice.get("error").isNull(), voice.toString());
    double p = voice.get("p_fake").asDouble();
    assertTrue(p >= 0 && p <= 1, voice.toString());
    assertEquals(16_000, voice.get("sample_rate").asInt());
    assertEquals(9.0, voice.get("duration_s").asDouble(), 0.05, "resampled, not cut");
    assertTrue(voice.get("segments").size() >= 2, "9 s in segments: " + voice);
    assertEquals("verisim-audio", voice.at("/model/id").asText());
    // The common fields come first, in the contract's order.
    List<String> names = new ArrayList<>();
    voice.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of("path", "media", "verdict", "p_fake", "uncertain_band", "cues"),
        names.subList(0, 6));
    JsonNode soundOnly = lines.get(2);
    assertEquals("audio", soundOnly.get("media").asText(), "no video stream: judged as audio");
    assertTrue(soundOnly.get("error").isNull(), soundOnly.toString());
  }
}
