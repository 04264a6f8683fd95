package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.Progress;
import dev.verisim.core.media.Degradations;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.testkit.BadFiles;
import dev.verisim.testkit.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, resume and the detector's handling of inputs, on a tiny two-epoch run. */
class CnnRunFolderTest {
  @TempDir static Path run;
  static List<CnnTrainer.Example> data;
  static CnnTrainer.Result result;

  static CnnConfig.Builder tiny() {
    return TinyData.config()
        .optInputSize(32)
        .optWidths(List.of(8, 16))
        .optBatchSize(8)
        .optEpochs(2)
        .optValidationFraction(0.25);
  }

  @BeforeAll
  static void train() throws IOException {
    data = TinyData.examples(12, 32, 7000);
    result =
        new CnnTrainer(tiny().build(), new ModelInfo("tiny-cnn", "0.1"))
            .train(data, "tiny-12", run, Progress.NONE);
  }

  @Test
  void theLoadedCheckpointScoresAsTheTrainerDid() throws IOException {
    try (CnnDetector detector = CnnDetector.load(run)) {
      assertEquals(new ModelInfo("tiny-cnn", "0.1"), detector.model());
      assertFalse(result.validationLogits().isEmpty());
      for (CnnTrainer.Example e : data) {
        Double expected = result.validationLogits().get(e.name());
        if (expected == null) {
          continue;
        }
        Verdict v = detector.detect(Degradations.png(e.rgb()), e.name());
        double logit = v.cue(CnnDetector.CUE).orElseThrow().features().get("cnn.logit");
        assertEquals(expected / detector.temperature(), logit, 1e-4, e.name());
        assertEquals(Calibration.probability(logit, 1.0), v.pFake().getAsDouble(), 1e-12);
      }
    }
  }

  @Test
  void twoDetectorsFromOneRunGiveTheSameScores() throws IOException {
    try (CnnDetector a = CnnDetector.load(run);
        CnnDetector b = CnnDetector.load(run)) {
      for (CnnTrainer.Example e : data.subList(0, 4)) {
        assertEquals(a.probability(e.rgb()), b.probability(e.rgb()));
      }
    }
  }

  @Test
  void badInputGivesErrorVerdictsAndNeverThrows() throws IOException {
    try (CnnDetector detector = CnnDetector.load(run)) {
      Map<byte[], ErrorCode> bad =
          Map.of(
              BadFiles.empty(), ErrorCode.EMPTY,
              BadFiles.text(), ErrorCode.UNSUPPORTED_FORMAT,
              BadFiles.truncatedJpeg(), ErrorCode.TRUNCATED);
      for (Map.Entry<byte[], ErrorCode> e : bad.entrySet()) {
        Verdict v = detector.detect(e.getKey(), "bad");
        assertEquals(Label.ERROR, v.label());
        assertTrue(v.pFake().isEmpty());
        assertTrue(v.error().isPresent(), v.toString());
      }
      Verdict missing = detector.detect(run.resolve("no-such.jpg"), "no-such.jpg");
      assertEquals(ErrorCode.NOT_FOUND, missing.error().orElseThrow().code());
      Verdict ok = detector.detect(ImageFiles.jpeg(data.get(0).rgb(), 0.9f), "ok.jpg");
      assertTrue(ok.pFake().isPresent());
      assertEquals("tiny-cnn", ok.model().id());
      assertTrue(ok.cue("cnn").orElseThrow().explanation().contains("neural network"));
    }
  }

  @Test
  void loadingAFolderWithoutARunNamesTheMissingFile(@TempDir Path empty) {
    IOException e = assertThrows(IOException.class, () -> CnnDetector.load(empty));
    assertTrue(e.getMessage().contains("detector.json"), e.getMessage());
  }

  @Test
  void resumeContinuesAtTheNextEpoch(@TempDir Path resumed) throws IOException {
    new CnnTrainer(tiny().optEpochs(1).build(), new ModelInfo("tiny-cnn", "0.1"))
        .train(data, "tiny-12", resumed, Progress.NONE);
    assertTrue(Files.exists(CnnTrainer.checkpoint(resumed, 1)));

    CnnTrainer.Result more =
        new CnnTrainer(tiny().optEpochs(3).build(), new ModelInfo("tiny-cnn", "0.1"))
            .train(data, "tiny-12", resumed, Progress.NONE);
    assertEquals(List.of(1, 2, 3), more.log().stream().map(CnnTrainer.EpochLog::epoch).toList());
    assertEquals(3, Files.readAllLines(resumed.resolve("training-log.jsonl")).size());
    assertTrue(Files.exists(CnnTrainer.checkpoint(resumed, 3)));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CnnTrainer(
                        tiny().optEpochs(4).optLearningRate(1e-2).build(),
                        new ModelInfo("tiny-cnn", "0.1"))
                    .train(data, "tiny-12", resumed, Progress.NONE));
    assertTrue(e.getMessage().contains("another config"), e.getMessage());
  }
}
