package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelReader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim gan sample} works out of the box, with the shipped face generator. */
class GanSampleDefaultTest {
  @TempDir Path dir;

  @Test
  void samplesFromTheShippedGeneratorAreLabelledFaces() throws Exception {
    Run r = run("gan", "sample", "--count", "2", "--out", dir.toString(), "--seed", "3");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    for (int i = 0; i < 2; i++) {
      Path file = dir.resolve("sample-3-0000" + i + ".png");
      BufferedImage img = ImageIO.read(file.toFile());
      assertEquals(64, img.getWidth());
      AiLabel label = LabelReader.read(file).orElseThrow();
      assertTrue(label.declaresAiGeneration());
      assertEquals("verisim-gan-faces", label.generator());
      assertEquals(3L, label.seed());
    }
  }
}
