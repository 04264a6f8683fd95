package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verisim eval --audio} and {@code verisim detector train-audio} end to end, on toy audio.
 */
class AudioCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Harmonics of a wandering f0 (voice-like) or a bare pulse train (buzz), 16 kHz 16-bit WAV. */
  private static void wav(Path file, boolean buzz, int seed) throws IOException {
    int rate = 16_000;
    int n = 2 * rate;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate);
    b.putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double v;
      if (buzz) {
        v = i % (80 + seed) == 0 ? 0.6 : 0;
      } else {
        double f0 = (110 + 10 * seed) * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * i / rate));
        phase += 2 * Math.PI * f0 / rate;
        v = 0;
        for (int h = 1; h <= 30 && h * f0 < rate / 2.0; h++) {
          v += Math.sin(h * phase) / h;
        }
        v *= 0.15 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 4.0 * i / rate));
      }
      b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
    }
    Files.createDirectories(file.getParent());
    Files.write(file, b.array());
  }

  private Path toyData() throws IOException {
    Path data = dir.resolve("data/toy");
    for (int i = 0; i < 5; i++) {
      wav(data.resolve("bonafide/b" + i + ".wav"), false, i);
      wav(data.resolve("spoof/s" + i + ".wav"), true, i);
    }
    return data;
  }

  @Test
  void evalAudioPrintsGmmAndCnnSideBySide() throws IOException {
    Path data = toyData();
    assertEquals(
        ExitCodes.OK,
        run("eval", "--audio", "--data", data.toString(), "--no-progress", "--threads", "2"),
        err.toString());
    String text = out.toString();
    assertTrue(text.contains("SIDE BY SIDE"), text);
    assertTrue(text.contains("GMM EER") && text.contains("CNN EER"), text);
    assertTrue(text.contains("real-time factor"), text);
  }

  @Test
  void evalAudioJsonAndTheSplitOption() throws IOException {
    Path data = toyData();
    Path split = dir.resolve("split.tsv");
    Files.writeString(
        split,
        "# toy\ntest\tbonafide/b0.wav\tbonafide\ntest\tspoof/s0.wav\tspoof\n"
            + "train\tbonafide/b1.wav\tbonafide\n",
        StandardCharsets.UTF_8);
    assertEquals(
        ExitCodes.OK,
        run(
            "eval",
            "--audio",
            "--json",
            "--no-progress",
            "--data",
            data.toString(),
            "--split",
            split.toString()),
        err.toString());
    JsonNode r = JSON.readTree(out.toString());
    assertEquals(2, r.get("n").asInt());
    assertEquals("verisim-audio", r.get("model").get("id").asText());
    JsonNode all = r.get("side_by_side").get(0);
    assertEquals("all", all.get("group").asText());
    assertTrue(all.has("gmm") && all.has("cnn") && all.has("p_fake"));
    assertTrue(r.get("real_time_factor").asDouble() > 0);
  }

  @Test
  void trainAudioWritesAModelAndItsCard() throws IOException {
    Path data = toyData();
    Path model = dir.resolve("model");
    assertEquals(
        ExitCodes.OK,
        run(
            "detector",
            "train-audio",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--seed",
            "3",
            "--epochs",
            "1",
            "--steps-per-epoch",
            "2",
            "--gmm-components",
            "2"),
        err.toString());
    for (String f :
        new String[] {"model.json", "gmm.json", "cnn.params", "fusion.json", "MODEL_CARD.md"}) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    JsonNode prov = JSON.readTree(model.resolve("provenance.json").toFile());
    assertTrue(prov.get("command").asText().contains("train-audio"));
    assertEquals(3, prov.get("config").get("seed").asInt());
  }
}
