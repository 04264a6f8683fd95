package dev.verisim.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.Progress;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelReader;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  @TempDir static Path dir;
  static Path run;

  @BeforeAll
  static void train() throws IOException {
    Path data = TinyGan.folder(dir.resolve("data"), 8);
    run = dir.resolve("run");
    new GanTrainer(TinyGan.config(GanConfig.Architecture.DCGAN, GanConfig.Loss.HINGE, 3))
        .train(data, run, Progress.NONE);
  }

  @Test
  void aRunWritesWhatItsJavadocPromises() throws IOException {
    for (String f :
        new String[] {
          "run.json",
          "held-out.txt",
          "training-log.jsonl",
          "generator.json",
          "generator.params",
          "report.html",
          "samples/grid-000002.png",
          "samples/grid-000003.png"
        }) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    assertEquals(3, Files.readAllLines(run.resolve("training-log.jsonl")).size());
    assertEquals(2, Files.readAllLines(run.resolve("held-out.txt")).size(), "25% of 8");
    AiLabel label = LabelReader.read(run.resolve("samples/grid-000003.png")).orElseThrow();
    assertTrue(label.declaresAiGeneration());
    BufferedImage grid = ImageIO.read(run.resolve("samples/grid-000003.png").toFile());
    long seed;
    try (Generator g = Generator.load(run)) {
      seed = g.config().seed();
    }
    assertEquals(
        WatermarkPayload.forGenerated(run.getFileName().toString(), seed, 3),
        Watermarker.withDefaultKey().detect(grid).payload(),
        "grids carry the watermark too");
  }

  @Test
  void imageIOfASeedDoesNotDependOnTheCount() throws IOException {
    try (Generator g = Generator.load(run)) {
      List<BufferedImage> few = g.sample(2, 9, 1);
      List<BufferedImage> more = g.sample(5, 9, 1);
      assertEquals(32, few.get(0).getWidth());
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(pixels(few.get(i)), pixels(more.get(i)), "image " + i);
      }
      assertTrue(!java.util.Arrays.equals(pixels(more.get(0)), pixels(more.get(1))));
      assertEquals(3 * 4, g.interpolate(9, 3, 4, 1).size());
      assertThrows(IllegalArgumentException.class, () -> g.sample(0, 1, 1));
      assertThrows(IllegalArgumentException.class, () -> g.sample(1, 1, 0));
      assertThrows(IllegalArgumentException.class, () -> g.sample(1, 1, 1.5));
    }
  }

  @Test
  void truncationLimitsTheDcganLatent() throws IOException {
    try (Generator g = Generator.load(run)) {
      for (int i = 0; i < 20; i++) {
        for (float v : g.latent(3, i, 0.5)) {
          assertTrue(Math.abs(v) <= 1.5f, "3 x 0.5 standard deviations: " + v);
        }
      }
    }
  }

  @Test
  void slerpStartsAndEndsAtItsKeyframes() {
    float[] a = {1, 0, 0};
    float[] b = {0, 2, 0};
    assertArrayEquals(a, Generator.slerp(a, b, 0), 1e-6f);
    assertArrayEquals(b, Generator.slerp(a, b, 1), 1e-6f);
    float[] mid = Generator.slerp(a, b, 0.5);
    // Half way along the arc: sin(pi/4) / sin(pi/2) of each end.
    assertArrayEquals(
        new float[] {(float) Math.sqrt(0.5), (float) (2 * Math.sqrt(0.5)), 0}, mid, 1e-6f);
  }

  @Test
  void aFolderWithoutGeneratorIsRefusedByName() {
    IOException e = assertThrows(IOException.class, () -> Generator.load(dir.resolve("data")));
    assertTrue(e.getMessage().contains("data"), e.getMessage());
  }

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }
}
