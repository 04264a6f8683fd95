package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each augmentation does what it says, and a (seed, epoch, index) always gives the same pixels. */
class AugmentationTest {
  private static final BufferedImage IMAGE = ImageFiles.pattern(72, 60, 3);

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  /**
   * Mean absolute difference of luma between horizontally adjacent pixels: high-frequency energy.
   */
  private static double detail(BufferedImage img) {
    float[] l = SyntheticImages.luma(img);
    double s = 0;
    int w = img.getWidth();
    for (int i = 0; i < l.length; i++) {
      if (i % w != w - 1) {
        s += Math.abs(l[i] - l[i + 1]);
      }
    }
    return s / l.length;
  }

  @Test
  void theSameSeedEpochAndIndexGiveTheSamePixels() {
    Augmentation a = new Augmentation(CnnConfig.Augment.DEFAULT, 48, 5);
    Augmentation b = new Augmentation(CnnConfig.Augment.DEFAULT, 48, 5);
    for (int index = 0; index < 8; index++) {
      assertArrayEquals(a.sample(IMAGE, 2, index), b.sample(IMAGE, 2, index));
    }
    assertFalse(Arrays.equals(a.sample(IMAGE, 2, 0), a.sample(IMAGE, 3, 0)), "epoch matters");
    Augmentation c = new Augmentation(CnnConfig.Augment.DEFAULT, 48, 6);
    boolean differs = false;
    for (int index = 0; index < 8; index++) {
      differs |= !Arrays.equals(a.sample(IMAGE, 2, index), c.sample(IMAGE, 2, index));
    }
    assertTrue(differs, "seed matters");
  }

  @Test
  void noAugmentationIsAPlainResize() {
    Augmentation none = new Augmentation(CnnConfig.Augment.NONE, 48, 5);
    assertArrayEquals(Augmentation.toChw(IMAGE, 48), none.sample(IMAGE, 1, 1));
  }

  @Test
  void flipMirrorsRows() {
    BufferedImage f = Augmentation.flip(IMAGE);
    assertEquals(IMAGE.getRGB(0, 5), f.getRGB(71, 5));
    assertArrayEquals(pixels(IMAGE), pixels(Augmentation.flip(f)));
  }

  @Test
  void cropKeepsTheChosenRegion() {
    BufferedImage c = Augmentation.crop(IMAGE, 10, 4, 30, 30);
    assertEquals(30, c.getWidth());
    assertEquals(IMAGE.getRGB(10, 4), c.getRGB(0, 0));
    assertEquals(IMAGE.getRGB(39, 33), c.getRGB(29, 29));
  }

  @Test
  void downscaleAndJpegLoseDetail() {
    BufferedImage texture = SyntheticImages.naturalTexture(64, 64, 9);
    double before = detail(texture);
    // Only the downscale (by 0.5-1), then the network's resize back to 64 px.
    Augmentation down = new Augmentation(new CnnConfig.Augment(0, 0, 1, 0, 0, 0, 0), 64, 3);
    double mean = 0;
    for (int i = 0; i < 8; i++) {
      BufferedImage img = down.augment(texture, 1, i);
      assertEquals(64, img.getWidth());
      mean += detail(img) / 8;
    }
    assertTrue(mean < 0.9 * before, "downscaling should smooth: " + mean + " vs " + before);
    BufferedImage jpeg = Augmentation.jpeg(texture, 30);
    assertEquals(BufferedImage.TYPE_INT_RGB, jpeg.getType());
    assertFalse(Arrays.equals(pixels(texture), pixels(jpeg)));
    assertTrue(detail(jpeg) < before, "q30 should remove fine detail");
  }

  @Test
  void colourJitterChangesBrightnessContrastAndSaturation() {
    BufferedImage img = IMAGE;
    assertArrayEquals(pixels(img), pixels(Augmentation.colourJitter(img, 1, 1, 1)));
    double mean = mean(SyntheticImages.luma(img));
    assertTrue(mean(SyntheticImages.luma(Augmentation.colourJitter(img, 1.2, 1, 1))) > mean + 5);
    double spread = std(SyntheticImages.luma(img));
    assertTrue(std(SyntheticImages.luma(Augmentation.colourJitter(img, 1, 0.8, 1))) < spread * 0.9);
    BufferedImage grey = Augmentation.colourJitter(img, 1, 1, 0);
    int p = grey.getRGB(20, 20);
    assertTrue(Math.abs(((p >> 16) & 0xFF) - (p & 0xFF)) <= 1, "saturation 0 gives grey");
  }

  @Test
  void theFullChainEndsAtTheInputSize() {
    Augmentation all = new Augmentation(new CnnConfig.Augment(1, 1, 1, 1, 1, 1, 1), 40, 1);
    BufferedImage out = all.augment(IMAGE, 1, 0);
    assertEquals(40, out.getWidth());
    assertEquals(40, out.getHeight());
    float[] chw = all.sample(IMAGE, 1, 0);
    assertEquals(3 * 40 * 40, chw.length);
    for (float v : chw) {
      assertTrue(v >= -1 && v <= 1);
    }
  }

  @Test
  void theCacheCopyShrinksLargeImagesOnly() {
    assertEquals(IMAGE, Augmentation.cacheCopy(IMAGE, 48));
    BufferedImage big = Augmentation.cacheCopy(ImageFiles.pattern(400, 200, 1), 48);
    assertEquals(72, big.getWidth());
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
