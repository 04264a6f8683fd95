package dev.verisim.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped face generator loads from the classpath and makes varied 64 px images. */
class DefaultGeneratorTest {

  @Test
  void theShippedGeneratorMakesReproducibleVariedFaces() throws IOException {
    try (Generator g = Generator.loadDefault()) {
      assertEquals("verisim-gan-faces", g.id());
      assertEquals(64, g.resolution());
      List<BufferedImage> a = g.sample(4, 7, 1.0);
      List<BufferedImage> b = g.sample(4, 7, 1.0);
      assertEquals(64, a.get(0).getWidth());
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(pixels(a.get(i)), pixels(b.get(i)), "same seed, same image " + i);
      }
      // Not one face repeated, and not noise: neighbouring pixels of an image are alike.
      assertTrue(meanAbsDiff(pixels(a.get(0)), pixels(a.get(1))) > 10, "two seeds, two faces");
      assertTrue(smoothness(a.get(0)) < 40, "an image, not noise: " + smoothness(a.get(0)));
    }
  }

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  private static double meanAbsDiff(int[] a, int[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(((a[i] >> 8) & 0xff) - ((b[i] >> 8) & 0xff));
    }
    return s / a.length;
  }

  /** Mean absolute difference of horizontally neighbouring green values. */
  private static double smoothness(BufferedImage img) {
    double s = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 1; x < img.getWidth(); x++) {
        s += Math.abs(((img.getRGB(x, y) >> 8) & 0xff) - ((img.getRGB(x - 1, y) >> 8) & 0xff));
        n++;
      }
    }
    return s / n;
  }
}
