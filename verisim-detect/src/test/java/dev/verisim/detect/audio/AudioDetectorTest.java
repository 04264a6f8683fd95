package dev.verisim.detect.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped default model (models/verisim-audio) behind the detector's contract. */
class AudioDetectorTest {
  private static AudioDetector detector;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    detector = AudioDetector.loadDefault();
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  @Test
  void aVerdictWithSegmentsAndTheCommonFields() throws Exception {
    float[] voiced = AudioFixtures.voiced(9.5, 44_100, 5);
    Path wav =
        AudioFixtures.writeWav(dir.resolve("voice.wav"), new float[][] {voiced, voiced}, 44_100);
    Verdict v = detector.detect(wav, "voice.wav");
    assertTrue(v.error().isEmpty(), () -> v.error().get().message());
    assertEquals("audio", v.media());
    double p = v.pFake().getAsDouble();
    assertTrue(p >= 0 && p <= 1);
    assertEquals(v.band().classify(p), v.label());
    assertEquals("verisim-audio", v.model().id());
    assertTrue(v.cue("gmm").isPresent() && v.cue("cnn").isPresent());
    assertFalse(v.cue("gmm").get().explanation().isBlank());

    JsonNode json = new ObjectMapper().readTree(VerdictJson.toLine(v, false));
    for (String common :
        new String[] {
          "path",
          "media",
          "verdict",
          "p_fake",
          "uncertain_band",
          "cues",
          "provenance",
          "model",
          "elapsed_ms",
          "error"
        }) {
      assertTrue(json.has(common), common);
    }
    assertEquals("audio", json.get("media").asText());
    assertEquals(16000, json.get("sample_rate").asInt());
    assertEquals(9.5, json.get("duration_s").asDouble(), 0.01);
    // 9.5 s in 4 s segments: the 1.5 s tail is long enough to stand alone.
    JsonNode segs = json.get("segments");
    assertEquals(3, segs.size());
    assertEquals(0.0, segs.get(0).get("start_s").asDouble(), 1e-9);
    assertEquals(4.0, segs.get(1).get("start_s").asDouble(), 0.01);
    assertEquals(9.5, segs.get(2).get("end_s").asDouble(), 0.01);
    for (JsonNode s : segs) {
      double ps = s.get("p_fake").asDouble();
      assertTrue(ps >= 0 && ps <= 1);
    }
    assertEquals(44100, json.get("audio_source").get("sample_rate").asInt());
    assertEquals(2, json.get("audio_source").get("channels").asInt());
  }

  @Test
  void aShortTailJoinsTheSegmentBeforeIt() {
    assertEquals(2, AudioModel.segments(850, 4).size());
    assertEquals(850, AudioModel.segments(850, 4).get(1)[1]);
    assertEquals(1, AudioModel.segments(50, 4).size());
  }

  @Test
  void bytesAndFilesGiveTheSameProbability() throws Exception {
    Path wav =
        AudioFixtures.writeWav(dir.resolve("buzz.wav"), AudioFixtures.buzz(3, 16_000, 120), 16_000);
    Verdict fromFile = detector.detect(wav, "buzz.wav");
    Verdict fromBytes = detector.detect(Files.readAllBytes(wav), "buzz.wav");
    assertEquals(fromFile.pFake().getAsDouble(), fromBytes.pFake().getAsDouble(), 1e-9);
  }

  @Test
  void badInputBecomesAnErrorVerdictPromptly() throws Exception {
    byte[] junk = new byte[20_000];
    new SplittableRandom(9).nextBytes(junk);
    System.arraycopy(
        "RIFF....WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, junk, 0, 16);
    Path bad = Files.write(dir.resolve("bad.wav"), junk);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Verdict v = detector.detect(bad, "bad.wav");
          assertEquals(Label.ERROR, v.label());
          assertEquals("audio", v.media());
          assertTrue(v.pFake().isEmpty());
        });
    Verdict missing = detector.detect(dir.resolve("none.wav"), "none.wav");
    assertEquals("not-found", missing.error().get().code().id());
  }

  @Test
  void tooLongIsAnErrorVerdict() throws Exception {
    AudioDetector strict =
        AudioDetector.builder()
            .setModel(detector.audioModel())
            .optLimits(new AudioLimits(1 << 24, 2))
            .build();
    Path wav =
        AudioFixtures.writeWav(dir.resolve("long.wav"), AudioFixtures.noise(3, 16_000, 1), 16_000);
    Verdict v = strict.detect(wav, "long.wav");
    assertEquals("too-long", v.error().get().code().id());
    // (not closed: it shares the model with the class's detector)
  }

  @Test
  void windowsRepeatAShortStretch() {
    float[][] in = new float[50][2];
    for (int t = 0; t < 50; t++) {
      in[t][0] = t;
      in[t][1] = -t;
    }
    float[][] w = AudioModel.windows(in, 0, 50, 120, 60);
    assertEquals(1, w.length);
    assertEquals(0f, w[0][100]);
    assertEquals(49f, w[0][49]);
    assertEquals(-10f, w[0][120 + 110]);
    float[][] many = AudioModel.windows(new float[500][1], 0, 500, 200, 100);
    assertEquals(4, many.length); // starts 0, 100, 200, 300 (flush with the end)
    assertTrue(Arrays.stream(many).allMatch(x -> x.length == 200));
  }
}
