package dev.verisim.provenance.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aligned search finds what needs no geometric search and misses what does; full finds both.
 */
class WatermarkSearchTest {
  private final Watermarker marker = Watermarker.withDefaultKey();

  @Test
  void alignedFindsReencodedAndCroppedCopies() {
    BufferedImage image = TestImages.photo(256, 256, 41);
    WatermarkPayload p = new WatermarkPayload(9, 123);
    BufferedImage marked = marker.embed(image, p);
    for (WatermarkAttack attack :
        List.of(
            WatermarkAttack.JPEG_50, WatermarkAttack.CROP_10_CORNER, WatermarkAttack.DARKER_20)) {
      WatermarkDetection d = marker.detect(attack.apply(marked), Watermarker.Search.ALIGNED);
      assertEquals(p, d.payload(), attack + ": " + d);
    }
  }

  @Test
  void onlyTheFullSearchFindsAHalvedCopy() {
    BufferedImage image = TestImages.photo(256, 256, 42);
    WatermarkPayload p = new WatermarkPayload(9, 124);
    BufferedImage halved = WatermarkAttack.RESIZE_050.apply(marker.embed(image, p));
    WatermarkDetection aligned = marker.detect(halved, Watermarker.Search.ALIGNED);
    assertFalse(aligned.present(), aligned.toString());
    assertNull(aligned.payload());
    assertEquals(p, marker.detect(halved, Watermarker.Search.FULL).payload());
  }
}
