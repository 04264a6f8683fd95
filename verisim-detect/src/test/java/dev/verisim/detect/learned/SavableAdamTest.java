package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SavableAdam updates as DJL's Adam does, and a saved and loaded state continues exactly. */
class SavableAdamTest {
  private static final float LR = 0.01f;

  private static SavableAdam.Builder savable() {
    return SavableAdam.builder()
        .optLearningRateTracker(Tracker.fixed(LR))
        .optWeightDecays(0.05f)
        .setRescaleGrad(0.5f)
        .optClipGrad(0.8f);
  }

  private static float[] gradient(int length, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] g = new float[length];
    for (int i = 0; i < length; i++) {
      g[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return g;
  }

  @Test
  void updatesAsDjlsAdamDoes() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Optimizer djl =
          Optimizer.adam()
              .optLearningRateTracker(Tracker.fixed(LR))
              .optWeightDecays(0.05f)
              .setRescaleGrad(0.5f)
              .optClipGrad(0.8f)
              .build();
      SavableAdam ours = savable().build(m);
      float[] start = {0.5f, -1.25f, 2f, 0f, -0.01f, 3f};
      NDArray[] theirs = {m.create(start), m.create(start).neg()};
      NDArray[] mine = {m.create(start), m.create(start).neg()};
      for (int step = 0; step < 6; step++) {
        for (int p = 0; p < 2; p++) {
          // The second parameter skips a step, as a frozen parameter would: DJL's t is the highest
          // count of any parameter, not the parameter's own.
          if (p == 1 && step == 2) {
            continue;
          }
          float[] g = gradient(start.length, step * 10L + p);
          djl.update("p" + p, theirs[p], m.create(g));
          ours.update("p" + p, mine[p], m.create(g));
        }
      }
      for (int p = 0; p < 2; p++) {
        assertFalse(mine[p].contentEquals(m.create(start)), "the weights moved");
        assertArrayEquals(theirs[p].toFloatArray(), mine[p].toFloatArray(), 1e-6f);
      }
    }
  }

  @Test
  void aLoadedStateContinuesAsTheSavedOneWould(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("adam.bin");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Block block = Linear.builder().setUnits(3).build();
      block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      SavableAdam first = savable().build(m);
      for (int step = 0; step < 3; step++) {
        step(first, block, step, m);
      }
      first.save(file, block.getParameters());
      assertTrue(Files.exists(file));
      NDArray[] saved = weights(block);

      for (int step = 3; step < 6; step++) {
        step(first, block, step, m);
      }
      NDArray[] uninterrupted = weights(block);

      // Back to the saved weights, a new optimizer from the file.
      restore(block, saved);
      SavableAdam second = savable().build(m);
      second.load(file, block.getParameters());
      for (int step = 3; step < 6; step++) {
        step(second, block, step, m);
      }
      NDArray[] resumed = weights(block);
      for (int i = 0; i < resumed.length; i++) {
        assertArrayEquals(uninterrupted[i].toFloatArray(), resumed[i].toFloatArray(), 1e-6f);
      }

      // A fresh optimizer (moments from zero, bias correction from step one) ends elsewhere.
      restore(block, saved);
      SavableAdam fresh = savable().build(m);
      for (int step = 3; step < 6; step++) {
        step(fresh, block, step, m);
      }
      NDArray[] restarted = weights(block);
      assertFalse(uninterrupted[0].allClose(restarted[0], 1e-4, 1e-4, false));
    }
  }

  @Test
  void aStateThatDoesNotFitTheNetworkIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("adam.bin");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Block small = Linear.builder().setUnits(3).build();
      small.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      SavableAdam adam = savable().build(m);
      step(adam, small, 0, m);
      adam.save(file, small.getParameters());

      Block wider = Linear.builder().setUnits(5).build();
      wider.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      IOException e =
          assertThrows(
              IOException.class, () -> savable().build(m).load(file, wider.getParameters()));
      assertTrue(e.getMessage().contains("does not fit"), e.getMessage());

      Files.write(file, new byte[] {1, 2, 3});
      assertThrows(IOException.class, () -> savable().build(m).load(file, small.getParameters()));
    }
  }

  private static void step(SavableAdam adam, Block block, int step, NDManager m) {
    int p = 0;
    for (Pair<String, Parameter> e : block.getParameters()) {
      NDArray w = e.getValue().getArray();
      float[] g = gradient((int) w.size(), step * 10L + p++);
      adam.update(e.getValue().getId(), w, m.create(g, w.getShape()));
    }
  }

  private static NDArray[] weights(Block block) {
    return block.getParameters().values().stream()
        .map(p -> p.getArray().duplicate())
        .toArray(NDArray[]::new);
  }

  private static void restore(Block block, NDArray[] values) {
    int i = 0;
    for (Parameter p : block.getParameters().values()) {
      p.getArray().set(values[i++].toFloatArray());
    }
    assertEquals(values.length, i);
  }
}
