package dev.verisim.gan.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MsSsimTest {
  private static final List<BufferedImage> SMOOTH = TestImages.tiles("smooth.png");
  private static final List<BufferedImage> NOISY = TestImages.tiles("noisy.png");

  @Test
  void identicalImagesScoreOne() {
    BufferedImage x = TestImages.noise(64, new Random(1));
    assertEquals(1.0, MsSsim.msSsim(x, x), 1e-12);
    assertEquals(1.0, MsSsim.msSsim(SMOOTH.get(0), SMOOTH.get(0)), 1e-12);
  }

  @Test
  void decreasesMonotonicallyWithNoise() {
    BufferedImage x = SMOOTH.get(2);
    double previous = 1;
    for (double sigma : new double[] {2, 5, 10, 20, 40, 80}) {
      double score = MsSsim.msSsim(x, TestImages.withNoise(x, sigma, new Random(3)));
      assertTrue(score < previous, "sigma " + sigma + ": " + score + " >= " + previous);
      previous = score;
    }
    // MS-SSIM weighs coarse scales, which averaging protects from noise: sigma 80 gives 0.68.
    assertTrue(previous < 0.75, "heavy noise still scores " + previous);
  }

  @Test
  void isSymmetric() {
    BufferedImage a = SMOOTH.get(0);
    BufferedImage b = TestImages.withNoise(a, 15, new Random(4));
    assertEquals(MsSsim.msSsim(a, b), MsSsim.msSsim(b, a), 1e-12);
    assertEquals(
        MsSsim.msSsim(SMOOTH.get(1), SMOOTH.get(3)),
        MsSsim.msSsim(SMOOTH.get(3), SMOOTH.get(1)),
        1e-12);
  }

  /**
   * Reference values from the TensorFlow models' msssim.py (the code Karras et al. ship as
   * ms_ssim.py), ported to NumPy/SciPy in bench/quality_reference.py, on the tiles it wrote:
   *
   * <pre>
   * python3 bench/quality_reference.py make verisim-gan/src/test/resources/dev/verisim/gan/quality
   * python3 bench/quality_reference.py msssim verisim-gan/src/test/resources/dev/verisim/gan/quality
   * </pre>
   *
   * The 64-pixel tiles exercise the shrunken windows at the fourth (8 px) and fifth (4 px) scales.
   */
  @Test
  void matchesTheNumpyReference() {
    assertEquals(0.9261360624, MsSsim.msSsim(SMOOTH.get(0), NOISY.get(0)), 1e-8);
    assertEquals(0.2084114275, MsSsim.msSsim(SMOOTH.get(0), SMOOTH.get(1)), 1e-8);
  }

  @Test
  void rejectsMismatchedOrTinyImages() {
    Random random = new Random(5);
    assertThrows(
        IllegalArgumentException.class,
        () -> MsSsim.msSsim(TestImages.noise(64, random), TestImages.noise(32, random)));
    assertThrows(
        IllegalArgumentException.class,
        () -> MsSsim.msSsim(TestImages.noise(8, random), TestImages.noise(8, random)));
  }

  @Test
  void evenWindowIsCentredBetweenPixels() {
    double[] g = MsSsim.gaussian(4, 1.5 * 4 / 11);
    assertEquals(g[0], g[3], 1e-15);
    assertEquals(g[1], g[2], 1e-15);
    assertEquals(1.0, g[0] + g[1] + g[2] + g[3], 1e-15);
  }
}
