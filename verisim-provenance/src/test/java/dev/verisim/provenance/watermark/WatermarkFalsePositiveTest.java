package dev.verisim.provenance.watermark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unmarked images are not claimed, and their scores follow the bound the threshold rests on. The
 * 1e-6 rate itself cannot be checked with a few hundred images; what is checked is that no claim
 * occurs and that the score's tail is no heavier than exp(-z^2/2) says.
 */
class WatermarkFalsePositiveTest {
  private final Watermarker marker = Watermarker.withDefaultKey();

  @Test
  void noClaimOnUnmarkedImages() {
    List<BufferedImage> images = new ArrayList<>();
    for (int seed = 0; seed < 150; seed++) {
      images.add(TestImages.photo(64, 64, 1000 + seed));
    }
    for (int seed = 0; seed < 20; seed++) {
      images.add(WatermarkAttack.JPEG_50.apply(TestImages.photo(64, 64, 2000 + seed)));
      images.add(TestImages.photo(160, 120, 3000 + seed));
    }
    images.add(SyntheticImages.constant(64, 64, 0));
    images.add(SyntheticImages.constant(64, 64, 255));
    images.add(SyntheticImages.stripes(128, 128, 8));
    images.add(SyntheticImages.stripes(128, 128, 4.3));
    images.add(SyntheticFaces.portrait(128, 128, 60));
    images.add(SyntheticImages.randomPixels(96, 96, 1));
    int aboveThree = 0;
    for (BufferedImage image : images) {
      WatermarkDetection d = marker.detect(image);
      assertFalse(d.present(), d.toString());
      assertTrue(d.payload() == null);
      aboveThree += d.falsePositiveProbability() < 1e-3 ? 1 : 0;
    }
    // P(fpp < 1e-3) <= 1e-3 per image, so among ~200 images more than 3 would be very unlikely.
    assertTrue(aboveThree <= 3, aboveThree + " images with a false-positive probability < 1e-3");
  }

  @Test
  void markedWithOneKeyUnmarkedForMany() {
    BufferedImage marked =
        Watermarker.withKey("k0").embed(TestImages.photo(64, 64, 9), new WatermarkPayload(1, 1));
    for (int k = 1; k < 40; k++) {
      assertFalse(Watermarker.withKey("k" + k).detect(marked).present(), "key k" + k);
    }
  }
}
