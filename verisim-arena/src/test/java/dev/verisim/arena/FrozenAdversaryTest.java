package dev.verisim.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.verisim.gan.GanTrainer;
import dev.verisim.gan.net.Dcgan;
import dev.verisim.gan.net.Weights;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector the generator trains against is frozen: its loss term sends a gradient to the
 * generator's weights, none into any detector array, and the saved detector is unchanged.
 */
class FrozenAdversaryTest {
  @TempDir Path tmp;

  @Test
  void theTermTrainsTheGeneratorAndLeavesTheDetectorAlone() throws Exception {
    List<BufferedImage> reals = new ArrayList<>();
    List<BufferedImage> fakes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reals.add(SyntheticImages.naturalTexture(32, 32, i));
      fakes.add(SyntheticImages.randomPixels(32, 32, 50 + i));
    }
    Path params = tmp.resolve("d.params");
    double[] before;
    try (ArenaDetector detector = new ArenaDetector(32, 4, 1e-3, 3)) {
      detector.train(reals, fakes, 5, 4, 9);
      detector.save(params, tmp.resolve("d.adam"));
      before = detector.scores(fakes);
    }
    byte[] saved = Files.readAllBytes(params);

    Dcgan.Generator gNet = new Dcgan.Generator(32, 8, 16);
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        Weights g = gNet.create(root, 1);
        ArenaDetector.FrozenAdversary adversary =
            ArenaDetector.frozenAdversary(params, 32, 4, 1.0, 77)) {
      assertFalse(adversary.anyRequiresGradient(), "the frozen copy collects no gradient");
      g.zeroGradients();
      try (NDManager m = root.newSubManager()) {
        g.lendTo(m);
        float[] z = GanTrainer.latents(new SplittableRandom(4), 4, 16, 1e9);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray images = gNet.generate(g, m.create(z, new Shape(4, 16)), 1, true);
          NDArray loss = adversary.loss(images);
          assertTrue(loss.getFloat() > 0);
          gc.backward(loss);
        }
        double gradient = 0;
        for (String name : g.trainableNames()) {
          try (NDArray grad = g.get(name).getGradient()) {
            gradient += grad.abs().sum().getFloat();
          }
        }
        assertTrue(gradient > 0, "the generator receives the term's gradient");
      }
      assertFalse(adversary.anyRequiresGradient());
    }
    assertArrayEquals(saved, Files.readAllBytes(params), "the saved detector is untouched");
    try (ArenaDetector reloaded = new ArenaDetector(32, 4, 1e-3, 3)) {
      reloaded.load(params, tmp.resolve("d.adam"));
      assertArrayEquals(before, reloaded.scores(fakes), 0.0);
    }
    // Scores are per image: the same image scores the same alone or in a batch.
    try (ArenaDetector reloaded = new ArenaDetector(32, 4, 1e-3, 3)) {
      reloaded.load(params, tmp.resolve("d.adam"));
      double alone = reloaded.scores(List.of(fakes.get(2)))[0];
      assertTrue(Math.abs(alone - before[2]) < 1e-5, alone + " vs " + before[2]);
    }
  }
}
