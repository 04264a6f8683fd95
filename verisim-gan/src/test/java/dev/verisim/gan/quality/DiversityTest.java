package dev.verisim.gan.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DiversityTest {
  @Test
  void identicalImagesScoreOne() {
    BufferedImage x = TestImages.tiles("smooth.png").get(0);
    Diversity.Result result = Diversity.of(Collections.nCopies(6, x), 20, 1L);
    assertEquals(1.0, result.mean(), 1e-12);
    assertEquals(0.0, result.standardError(), 1e-12);
    assertEquals(20, result.pairs());
  }

  @Test
  void independentNoiseIsDiverse() {
    Diversity.Result noise = Diversity.of(TestImages.noises(8, 64, 2L), 30, 3L);
    // 0.08 +- 0.01: the coarse scales (a window or two) decide, and clip some pairs to 0.
    assertTrue(noise.mean() < 0.15, "noise: " + noise);
    assertTrue(noise.standardError() > 0 && noise.standardError() < 0.03, "noise: " + noise);
  }

  @Test
  void aCollapsedSetIsLessDiverseThanAVariedOne() {
    // Mode collapse: one image with slight noise per sample, against four different images.
    Random random = new Random(4);
    BufferedImage mode = TestImages.tiles("smooth.png").get(1);
    List<BufferedImage> collapsed =
        List.of(
            TestImages.withNoise(mode, 4, random),
            TestImages.withNoise(mode, 4, random),
            TestImages.withNoise(mode, 4, random),
            TestImages.withNoise(mode, 4, random));
    Diversity.Result low = Diversity.of(collapsed, 20, 5L);
    Diversity.Result high = Diversity.of(TestImages.tiles("smooth.png"), 20, 5L);
    assertTrue(low.mean() > 0.9, "collapsed: " + low);
    assertTrue(
        high.mean() < low.mean() - 5 * (low.standardError() + high.standardError()),
        "varied " + high + " vs collapsed " + low);
  }

  @Test
  void isDeterministicForASeedAndNeverPairsAnImageWithItself() {
    List<BufferedImage> set = TestImages.noises(2, 32, 6L);
    // With two noise images every pair is (0, 1) or (1, 0): a self-pair would score 1.
    Diversity.Result a = Diversity.of(set, 12, 7L);
    assertTrue(a.mean() < 0.1, a.toString());
    assertEquals(a, Diversity.of(set, 12, 7L));
    // MS-SSIM is symmetric, so with two images all pairs score the same.
    assertEquals(0.0, a.standardError(), 1e-12);
  }

  @Test
  void rejectsTooFewImagesOrPairs() {
    List<BufferedImage> one = TestImages.noises(1, 32, 8L);
    assertThrows(IllegalArgumentException.class, () -> Diversity.of(one, 5, 1L));
    List<BufferedImage> two = TestImages.noises(2, 32, 8L);
    assertThrows(IllegalArgumentException.class, () -> Diversity.of(two, 0, 1L));
    assertTrue(Double.isNaN(Diversity.of(two, 1, 1L).standardError()));
  }
}
