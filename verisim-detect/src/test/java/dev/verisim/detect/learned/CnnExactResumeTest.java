package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.verisim.core.Progress;
import dev.verisim.core.verdict.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trained one epoch and resumed to three ends as a run trained three epochs at once: same
 * weights, same validation logits, same logged losses. A run resumed without the optimizer's state
 * (a folder from before it was saved) still resumes, but ends elsewhere.
 */
class CnnExactResumeTest {
  private static final ModelInfo INFO = new ModelInfo("tiny-cnn", "0.1");
  @TempDir static Path straight;
  @TempDir static Path resumed;
  static List<CnnTrainer.Example> data;
  static CnnTrainer.Result straightResult;
  static CnnTrainer.Result resumedResult;

  private static CnnConfig config(int epochs) {
    return CnnRunFolderTest.tiny().optEpochs(epochs).build();
  }

  @BeforeAll
  static void train() throws IOException {
    data = TinyData.examples(12, 32, 7000);
    straightResult =
        new CnnTrainer(config(3), INFO).train(data, "tiny-12", straight, Progress.NONE);
    new CnnTrainer(config(1), INFO).train(data, "tiny-12", resumed, Progress.NONE);
    assertTrue(Files.exists(CnnTrainer.optimizerState(resumed, 1)));
    resumedResult = new CnnTrainer(config(3), INFO).train(data, "tiny-12", resumed, Progress.NONE);
  }

  @Test
  void theResumedRunLogsTheSameEpochs() {
    List<CnnTrainer.EpochLog> a = straightResult.log();
    List<CnnTrainer.EpochLog> b = resumedResult.log();
    assertEquals(3, a.size());
    assertEquals(3, b.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(a.get(i).epoch(), b.get(i).epoch());
      assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 1e-6, "train loss " + (i + 1));
      assertEquals(a.get(i).validationLoss(), b.get(i).validationLoss(), 1e-6, "val " + (i + 1));
      assertEquals(a.get(i).validationAuc(), b.get(i).validationAuc(), 1e-6, "AUC " + (i + 1));
      assertEquals(a.get(i).bestEpoch(), b.get(i).bestEpoch());
    }
    assertEquals(straightResult.bestEpoch(), resumedResult.bestEpoch());
    assertEquals(straightResult.temperature(), resumedResult.temperature(), 1e-6);
  }

  @Test
  void theResumedRunHasTheSameWeightsAndValidationLogits() throws IOException {
    assertEquals(
        straightResult.validationLogits().keySet(), resumedResult.validationLogits().keySet());
    for (String name : straightResult.validationLogits().keySet()) {
      assertEquals(
          straightResult.validationLogits().get(name),
          resumedResult.validationLogits().get(name),
          1e-6,
          name);
    }
    assertWeightsEqual(straight, resumed, 3);
    double[] a = lastEpochLogits(straight);
    double[] b = lastEpochLogits(resumed);
    assertArrayEquals(a, b, 1e-6);
  }

  @Test
  void onlyTheLastEpochsOptimizerStateIsKept() {
    assertTrue(Files.exists(CnnTrainer.optimizerState(resumed, 3)));
    assertFalse(Files.exists(CnnTrainer.optimizerState(resumed, 1)));
    assertFalse(Files.exists(CnnTrainer.optimizerState(resumed, 2)));
    assertTrue(Files.exists(CnnTrainer.checkpoint(resumed, 3)));
  }

  @Test
  void aRunWithoutOptimizerStateResumesWithFreshMoments(@TempDir Path old) throws IOException {
    new CnnTrainer(config(1), INFO).train(data, "tiny-12", old, Progress.NONE);
    Files.delete(CnnTrainer.optimizerState(old, 1));
    CnnTrainer.Result more =
        new CnnTrainer(config(3), INFO).train(data, "tiny-12", old, Progress.NONE);
    assertEquals(3, more.log().size());
    assertTrue(Files.exists(CnnTrainer.optimizerState(old, 3)));
    // The test above has teeth: without the moments, epoch 2 already trains differently.
    assertEquals(straightResult.log().get(0).trainLoss(), more.log().get(0).trainLoss(), 1e-6);
    assertTrue(
        Math.abs(straightResult.log().get(1).trainLoss() - more.log().get(1).trainLoss()) > 1e-5,
        "fresh moments should change epoch 2: " + more.log());
  }

  private static void assertWeightsEqual(Path a, Path b, int epoch) throws IOException {
    try (Model ma = load(a, epoch);
        Model mb = load(b, epoch)) {
      List<Pair<String, Parameter>> pa = new ArrayList<>();
      ma.getBlock().getParameters().forEach(pa::add);
      List<Pair<String, Parameter>> pb = new ArrayList<>();
      mb.getBlock().getParameters().forEach(pb::add);
      assertEquals(pa.size(), pb.size());
      for (int i = 0; i < pa.size(); i++) {
        assertEquals(pa.get(i).getKey(), pb.get(i).getKey());
        assertArrayEquals(
            pa.get(i).getValue().getArray().toFloatArray(),
            pb.get(i).getValue().getArray().toFloatArray(),
            1e-6f,
            pa.get(i).getKey());
      }
    }
  }

  /** The given run's epoch-3 logits of every image, training images included. */
  private static double[] lastEpochLogits(Path run) throws IOException {
    CnnConfig config = config(3);
    float[][] images = new float[data.size()][];
    for (int i = 0; i < images.length; i++) {
      images[i] = Augmentation.toChw(data.get(i).rgb(), config.inputSize());
    }
    try (Model model = load(run, 3)) {
      return CnnTrainer.logits(model, images);
    }
  }

  private static Model load(Path run, int epoch) throws IOException {
    Model model = Model.newInstance("tiny-cnn", "PyTorch");
    model.setBlock(CnnNetwork.build(config(3)));
    CnnTrainer.loadEpoch(model, run, epoch);
    return model;
  }
}
