package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.Progress;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.ModelInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny seeded training run learns to tell upsampled textures from natural ones. */
class CnnTrainingTest {
  @TempDir Path run;

  @Test
  void trainingLowersTheLossAndSeparatesHeldOutImages() throws Exception {
    CnnConfig config = TinyData.config().build();
    CnnTrainer.Result result =
        new CnnTrainer(config, new ModelInfo("test-cnn", "1"))
            .train(TinyData.examples(64, 48, 1000), "tiny-64", run, Progress.NONE);

    List<CnnTrainer.EpochLog> log = result.log();
    assertEquals(5, log.size());
    assertTrue(
        log.get(log.size() - 1).trainLoss() < log.get(0).trainLoss(),
        "train loss should fall: " + log);
    assertTrue(result.parameterCount() > 10_000 && result.parameterCount() < 1_000_000);

    List<CnnTrainer.Example> heldOut = TinyData.examples(32, 48, 50_000);
    double[] p = new double[heldOut.size()];
    int[] y = new int[heldOut.size()];
    try (CnnDetector detector = CnnDetector.load(run)) {
      for (int i = 0; i < p.length; i++) {
        p[i] = detector.probability(heldOut.get(i).rgb());
        y[i] = heldOut.get(i).label();
      }
    }
    double auc = BinaryMetrics.auc(p, y);
    assertTrue(auc > 0.8, "held-out AUC " + auc + ", log " + log);

    ObjectMapper mapper = new ObjectMapper();
    List<String> lines =
        Files.readAllLines(run.resolve("training-log.jsonl"), StandardCharsets.UTF_8);
    assertEquals(5, lines.size());
    assertEquals(3, mapper.readTree(lines.get(2)).get("epoch").asInt());
    JsonNode prov =
        mapper.readTree(Files.readString(run.resolve("provenance.json"), StandardCharsets.UTF_8));
    assertEquals(11, prov.get("seed").asLong());
    assertEquals("tiny-64", prov.at("/data/sha256").asText());
    assertEquals(result.parameterCount(), prov.at("/network/parameters").asLong());
    assertEquals(result.bestEpoch(), prov.get("best_epoch").asInt());
    assertTrue(prov.at("/versions/djl").asText().startsWith("0.36"));
    assertTrue(result.temperature() > 0);
  }
}
