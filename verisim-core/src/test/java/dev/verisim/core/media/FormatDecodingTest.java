package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Every supported format decodes to the right size and approximately the right pixels. */
class FormatDecodingTest {
  private static final long SEED = 3L;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
  private final BufferedImage pattern = ImageFiles.pattern(96, 64, SEED);

  private StillImage decodeChecked(byte[] bytes, MediaFormat expected, double maxDifference)
      throws Exception {
    return decodeChecked(bytes, expected, pattern, maxDifference);
  }

  private StillImage decodeChecked(
      byte[] bytes, MediaFormat expected, BufferedImage original, double maxDifference)
      throws Exception {
    StillImage image = decoder.decode(bytes, "test." + expected.mimeType().substring(6));
    assertEquals(expected, image.format());
    assertEquals(original.getWidth(), image.width());
    assertEquals(original.getHeight(), image.height());
    assertEquals(BufferedImage.TYPE_INT_RGB, image.rgb().getType());
    assertEquals(1, image.exifOrientation());
    double difference = Pixels.meanAbsoluteDifference(original, image.rgb());
    assertTrue(
        difference <= maxDifference,
        expected + " differs from the original by " + difference + " on average");
    return image;
  }

  @Test
  void jpeg() throws Exception {
    StillImage image = decodeChecked(ImageFiles.jpeg(pattern, 0.95f), MediaFormat.JPEG, 4.0);
    assertEquals("8-bit YCbCr", image.sourceDescription());
  }

  @Test
  void png() throws Exception {
    StillImage image = decodeChecked(ImageFiles.encode(pattern, "png"), MediaFormat.PNG, 0.0);
    assertEquals("8-bit RGB", image.sourceDescription());
  }

  @Test
  void bmp() throws Exception {
    decodeChecked(ImageFiles.encode(pattern, "bmp"), MediaFormat.BMP, 0.0);
  }

  @Test
  void tiff() throws Exception {
    decodeChecked(ImageFiles.encode(pattern, "tiff"), MediaFormat.TIFF, 0.0);
  }

  @Test
  void gifIsCloseAfterPaletteQuantisation() throws Exception {
    decodeChecked(ImageFiles.encode(pattern, "gif"), MediaFormat.GIF, 12.0);
  }

  @Test
  void webpLossless() throws Exception {
    BufferedImage original =
        ImageFiles.pattern(
            ImageFiles.WEBP_FIXTURE_WIDTH,
            ImageFiles.WEBP_FIXTURE_HEIGHT,
            ImageFiles.WEBP_FIXTURE_SEED);
    decodeChecked(ImageFiles.webpLossless(), MediaFormat.WEBP, original, 0.0);
  }

  @Test
  void webpLossy() throws Exception {
    BufferedImage original =
        ImageFiles.pattern(
            ImageFiles.WEBP_FIXTURE_WIDTH,
            ImageFiles.WEBP_FIXTURE_HEIGHT,
            ImageFiles.WEBP_FIXTURE_SEED);
    decodeChecked(ImageFiles.webpLossy(), MediaFormat.WEBP, original, 8.0);
  }

  @Test
  void keepsTheOriginalBytesAndName() throws Exception {
    byte[] png = ImageFiles.encode(pattern, "png");
    StillImage image = decoder.decode(png, "uploads/cat.png");
    assertEquals("uploads/cat.png", image.name());
    assertTrue(image.bytes() == png, "bytes are shared, not copied");
  }
}
