package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.ImageFiles;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/** Every stored colour model ends as 8-bit sRGB TYPE_INT_RGB, described in words. */
class ColourConversionTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void sixteenBitGreyPng() throws Exception {
    // 16-bit samples x * 1000: the 8-bit result is the same level, rounded.
    byte[] png = ImageFiles.grey16Png(64, 8, (x, y) -> x * 1000);
    StillImage image = decoder.decode(png, "grey16.png");
    assertEquals("16-bit grey", image.sourceDescription());
    for (int x = 0; x < 64; x++) {
      int expected = (int) Math.round(x * 1000 * 255.0 / 65535);
      int rgb = image.rgb().getRGB(x, 3);
      assertTrue(Pixels.near(rgb, expected, expected, expected, 1), x + ": " + Pixels.show(rgb));
    }
  }

  @Test
  void eightBitGreyJpegKeepsItsLevels() throws Exception {
    // Java's grey colour space is linear; a naive conversion would brighten 64 to about 137.
    BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = grey.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        raster.setSample(x, y, 0, x < 16 ? 64 : 192);
      }
    }
    StillImage image = decoder.decode(ImageFiles.jpegGrey(grey, 0.95f), "grey.jpg");
    assertEquals("8-bit grey", image.sourceDescription());
    assertTrue(Pixels.near(image.rgb().getRGB(4, 16), 64, 64, 64, 3));
    assertTrue(Pixels.near(image.rgb().getRGB(28, 16), 192, 192, 192, 3));
  }

  @Test
  void sixteenBitRgbPng() throws Exception {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(8, 8);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        raster.setPixel(x, y, new int[] {65535, 32896, 0}); // 32896 = 128 * 257
      }
    }
    byte[] png = ImageFiles.encode(new BufferedImage(model, raster, false, null), "png");
    StillImage image = decoder.decode(png, "rgb16.png");
    assertEquals("16-bit RGB", image.sourceDescription());
    assertTrue(Pixels.near(image.rgb().getRGB(4, 4), 255, 128, 0, 1));
  }

  @Test
  void paletteGifTransparencyBecomesWhite() throws Exception {
    BufferedImage red = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        red.setRGB(x, y, 0xFF0000);
      }
    }
    byte[] gif = ImageFiles.paletteGif(red, (x, y) -> x < 16);
    StillImage image = decoder.decode(gif, "holes.gif");
    assertTrue(image.sourceDescription().startsWith("8-bit palette"), image.sourceDescription());
    assertTrue(image.sourceDescription().contains("transparency composited on white"));
    int transparent = image.rgb().getRGB(4, 4);
    int opaque = image.rgb().getRGB(28, 4);
    assertTrue(Pixels.near(transparent, 255, 255, 255, 0), Pixels.show(transparent));
    assertTrue(Pixels.near(opaque, 255, 0, 0, 0), Pixels.show(opaque));
  }

  @Test
  void pngAlphaIsCompositedOnWhite() throws Exception {
    BufferedImage argb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        argb.setRGB(x, y, 0x80 << 24 | 0x0000FF); // half-transparent blue
      }
    }
    StillImage image = decoder.decode(ImageFiles.encode(argb, "png"), "alpha.png");
    assertEquals("8-bit RGB, transparency composited on white", image.sourceDescription());
    int rgb = image.rgb().getRGB(8, 8);
    // 0.5 * blue + 0.5 * white = (127, 127, 255)
    assertTrue(Pixels.near(rgb, 127, 127, 255, 2), Pixels.show(rgb));
  }

  @Test
  void cmykJpegBecomesSrgb() throws Exception {
    StillImage image = decoder.decode(ImageFiles.cmykJpeg(primaries()), "cmyk.jpg");
    assertEquals("CMYK, converted to sRGB", image.sourceDescription());
    assertPrimaries(image.rgb(), 60);
  }

  @Test
  void cmykTiffBecomesSrgb() throws Exception {
    StillImage image = decoder.decode(ImageFiles.cmykTiff(primaries()), "cmyk.tiff");
    assertEquals("CMYK, converted to sRGB", image.sourceDescription());
    assertPrimaries(image.rgb(), 60);
  }

  @Test
  void pngIccProfileIsApplied() throws Exception {
    // Stored 128 in linear light is about 188 in sRGB; ignoring the profile would leave 128.
    BufferedImage mid = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        mid.setRGB(x, y, 0x808080);
      }
    }
    StillImage image = decoder.decode(ImageFiles.linearRgbPng(mid), "linear.png");
    assertEquals(
        "8-bit RGB, ICC profile 'linear sRGB' converted to sRGB", image.sourceDescription());
    int rgb = image.rgb().getRGB(4, 4);
    assertTrue(Pixels.near(rgb, 188, 188, 188, 4), Pixels.show(rgb));
  }

  /** Left half red, right half green, stored as CMYK where the naive formula is exact. */
  private static BufferedImage primaries() {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        image.setRGB(x, y, x < 16 ? 0xFF0000 : 0x00FF00);
      }
    }
    return image;
  }

  /**
   * CMYK-to-RGB goes through a printing profile, so pure inks do not map to pure sRGB primaries;
   * the test checks the dominant channel, generously.
   */
  private static void assertPrimaries(BufferedImage rgb, int tolerance) {
    int left = rgb.getRGB(4, 16);
    int right = rgb.getRGB(28, 16);
    assertTrue(
        Pixels.red(left) > 255 - tolerance
            && Pixels.green(left) < tolerance * 2
            && Pixels.blue(left) < tolerance * 2,
        "red: " + Pixels.show(left));
    assertTrue(
        Pixels.green(right) > 255 - tolerance * 2
            && Pixels.red(right) < tolerance * 2
            && Pixels.blue(right) < tolerance * 2,
        "green: " + Pixels.show(right));
  }
}
