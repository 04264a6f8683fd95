package dev.verisim.detect.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioTrainerTest {
  @TempDir Path dir;

  @Test
  void plattWithSmoothedTargetsStaysFiniteOnSeparableScores() {
    double[] z = {-3, -2, -1, 1, 2, 3};
    int[] y = {0, 0, 0, 1, 1, 1};
    double[] ab = AudioTrainer.plattSmoothed(z, y);
    assertTrue(Double.isFinite(ab[0]) && ab[0] > 0 && ab[0] < 20, "slope " + ab[0]);
    double top = 1 / (1 + Math.exp(-(ab[0] * 3 + ab[1])));
    assertTrue(top > 0.7 && top < 0.99, "p at the top " + top);
  }

  /** A tiny seeded run end to end: train, write, load, detect. */
  @Test
  void aTinyRunWritesAModelTheDetectorLoads() throws Exception {
    List<AudioTrainer.Item> items = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      AudioTrainer.Role role = i < 6 ? AudioTrainer.Role.TRAIN : AudioTrainer.Role.CALIBRATION;
      Path bona =
          AudioFixtures.writeWav(
              dir.resolve("b" + i + ".wav"), AudioFixtures.voiced(2.5, 16_000, i), 16_000);
      Path spoof =
          AudioFixtures.writeWav(
              dir.resolve("s" + i + ".wav"), AudioFixtures.buzz(2.5, 16_000, 90 + 10 * i), 16_000);
      items.add(new AudioTrainer.Item(bona, "b" + i, "toy", 0, role));
      items.add(new AudioTrainer.Item(spoof, "s" + i, "toy", 1, role));
    }
    AudioTrainer.Config config =
        new AudioTrainer.Config(3, 4, 3, 5_000, List.of(4, 8), 100, 2, 3, 8, 1e-3, 4.0);
    Path out = dir.resolve("model");
    AudioTrainer.Result r =
        new AudioTrainer(config, new ModelInfo("toy-audio", "0")).train(items, out);
    for (String f :
        List.of(
            AudioModel.MODEL_JSON,
            AudioModel.GMM_JSON,
            AudioModel.CNN_PARAMS,
            AudioModel.FUSION_JSON,
            "provenance.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertEquals(3, r.provenance().path("config").path("seed").asLong());
    try (AudioDetector d = AudioDetector.load(out)) {
      Verdict v = d.detect(dir.resolve("s7.wav"), "s7.wav");
      assertTrue(v.error().isEmpty());
      assertEquals("toy-audio", v.model().id());
      assertTrue(v.cue("gmm").get().score() > 0.5, "the GMM tells a buzz from a voice");
    }
  }
}
