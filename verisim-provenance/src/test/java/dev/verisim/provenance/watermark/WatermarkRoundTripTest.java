package dev.verisim.provenance.watermark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Embed then detect: the payload comes back, PSNR is at least 40 dB, the output is stable. */
class WatermarkRoundTripTest {
  private final Watermarker marker = Watermarker.withDefaultKey();

  @Test
  void roundTripAtSeveralSizes() {
    int[][] sizes = {{64, 64}, {97, 80}, {250, 250}, {320, 200}};
    for (int k = 0; k < sizes.length; k++) {
      BufferedImage image = TestImages.photo(sizes[k][0], sizes[k][1], 100 + k);
      WatermarkPayload p = new WatermarkPayload(k, 1000 + k);
      BufferedImage marked = marker.embed(image, p);
      double psnr = Psnr.of(image, marked);
      assertTrue(psnr >= Watermarker.MIN_PSNR && psnr < 41.5, "PSNR " + psnr);
      WatermarkDetection d = marker.detect(marked);
      assertTrue(d.present(), d.toString());
      assertEquals(p, d.payload());
      assertTrue(d.bitAccuracy() > 0.95, d.toString());
      assertTrue(d.falsePositiveProbability() < 1e-12, d.toString());
    }
  }

  @Test
  void psnrAtLeast40OnFlatAndSaturatedImages() {
    BufferedImage[] images = {
      SyntheticImages.constant(64, 64, 128),
      SyntheticImages.constant(64, 64, 253),
      SyntheticImages.randomPixels(80, 80, 3),
      SyntheticImages.stripes(128, 96, 5.3)
    };
    for (BufferedImage image : images) {
      BufferedImage marked = marker.embed(image, new WatermarkPayload(1, 2));
      assertTrue(Psnr.of(image, marked) >= Watermarker.MIN_PSNR, "PSNR " + Psnr.of(image, marked));
    }
  }

  @Test
  void deterministic() {
    BufferedImage image = TestImages.photo(96, 96, 5);
    WatermarkPayload p = new WatermarkPayload(9, 9);
    BufferedImage a = marker.embed(image, p);
    BufferedImage b = Watermarker.withDefaultKey().embed(image, p);
    assertArrayEquals(a.getRGB(0, 0, 96, 96, null, 0, 96), b.getRGB(0, 0, 96, 96, null, 0, 96));
  }

  @Test
  void otherKeySeesNothing() {
    Watermarker mine = Watermarker.withKey("my secret");
    for (int seed = 0; seed < 6; seed++) {
      BufferedImage marked =
          mine.embed(TestImages.photo(128, 128, seed), new WatermarkPayload(3, seed));
      assertEquals(new WatermarkPayload(3, seed), mine.detect(marked).payload());
      WatermarkDetection other = marker.detect(marked);
      assertFalse(other.present(), other.toString());
      assertNull(other.payload());
      assertFalse(Watermarker.withKey("my secreT").detect(marked).present());
    }
  }

  @Test
  void refusesTinyImagesAndEmptyKeys() {
    assertThrows(
        IllegalArgumentException.class,
        () -> marker.embed(SyntheticImages.constant(31, 64, 9), new WatermarkPayload(0, 0)));
    assertFalse(marker.detect(SyntheticImages.constant(20, 20, 9)).present());
    assertThrows(IllegalArgumentException.class, () -> Watermarker.withKey(""));
  }
}
