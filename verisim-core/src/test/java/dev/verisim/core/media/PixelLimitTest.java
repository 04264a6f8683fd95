package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.testkit.BadFiles;
import dev.verisim.testkit.ImageFiles;
import org.junit.jupiter.api.Test;

/** The pixel limit is read from the header and refuses the image before it is decoded. */
class PixelLimitTest {
  @Test
  void decompressionBombIsRefusedFromItsHeader() {
    // 900 megapixels: decoding would need 3.6 GB; refusing it must not decode a row.
    byte[] bomb = BadFiles.bombPng();
    assertTrue(bomb.length < 2_000_000, "the bomb is small on disk: " + bomb.length);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    MediaException e = assertThrows(MediaException.class, () -> decoder.decode(bomb, "bomb.png"));
    assertEquals(ErrorCode.TOO_MANY_PIXELS, e.code());
    assertTrue(e.getMessage().startsWith("bomb.png: 30000x30000"), e.getMessage());
  }

  @Test
  void limitIsInclusive() throws Exception {
    byte[] png = ImageFiles.encode(ImageFiles.pattern(20, 10, 1L), "png");
    assertEquals(20, new ImageDecoder(new ImageLimits(1 << 20, 200)).decode(png, "a").width());
    MediaException e =
        assertThrows(
            MediaException.class,
            () -> new ImageDecoder(new ImageLimits(1 << 20, 199)).decode(png, "a"));
    assertEquals(ErrorCode.TOO_MANY_PIXELS, e.code());
  }

  @Test
  void everyFormatChecksItsHeader() {
    ImageDecoder small = new ImageDecoder(new ImageLimits(1 << 20, 100));
    var image = ImageFiles.pattern(20, 10, 1L);
    for (byte[] bytes :
        new byte[][] {
          ImageFiles.jpeg(image, 0.9f),
          ImageFiles.encode(image, "bmp"),
          ImageFiles.encode(image, "gif"),
          ImageFiles.encode(image, "tiff"),
          ImageFiles.webpLossless()
        }) {
      MediaException e = assertThrows(MediaException.class, () -> small.decode(bytes, "x"));
      assertEquals(ErrorCode.TOO_MANY_PIXELS, e.code(), e.getMessage());
    }
  }
}
