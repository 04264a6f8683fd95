package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EXIF orientation is applied: the stored image has a red marker top-left and a blue one top-right;
 * after decoding, the markers must sit where the upright picture shows them.
 */
class ExifOrientationTest {
  private static final int W = 96;
  private static final int H = 64;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
  private final BufferedImage stored = ImageFiles.orientationMarkers(W, H);

  @ParameterizedTest(name = "orientation {0}: red {1}, blue {2}")
  @CsvSource({
    "1, top-left, top-right",
    "2, top-right, top-left",
    "3, bottom-right, bottom-left",
    "4, bottom-left, bottom-right",
    "5, top-left, bottom-left",
    "6, top-right, bottom-right",
    "7, bottom-right, top-right",
    "8, bottom-left, top-left"
  })
  void jpeg(int orientation, String red, String blue) throws Exception {
    byte[] jpeg = ImageFiles.withExifOrientation(ImageFiles.jpeg(stored, 0.95f), orientation);
    StillImage image = decoder.decode(jpeg, "o" + orientation + ".jpg");
    assertUpright(image, orientation, red, blue);
  }

  @Test
  void tiffIsTurnedOnceNotTwice() throws Exception {
    StillImage image = decoder.decode(ImageFiles.tiffWithOrientation(stored, 6), "o6.tiff");
    assertUpright(image, 6, "top-right", "bottom-right");
  }

  @Test
  void pngExifChunkIsApplied() throws Exception {
    byte[] png = ImageFiles.pngWithExifOrientation(ImageFiles.encode(stored, "png"), 8);
    StillImage image = decoder.decode(png, "o8.png");
    assertUpright(image, 8, "bottom-left", "top-left");
  }

  @Test
  void absentTagMeansOne() throws Exception {
    StillImage image = decoder.decode(ImageFiles.encode(stored, "png"), "plain.png");
    assertEquals(1, image.exifOrientation());
  }

  private static void assertUpright(StillImage image, int orientation, String red, String blue) {
    assertEquals(orientation, image.exifOrientation());
    boolean swapped = orientation >= 5;
    assertEquals(swapped ? H : W, image.width(), "width");
    assertEquals(swapped ? W : H, image.height(), "height");
    int redPixel = corner(image.rgb(), red);
    int bluePixel = corner(image.rgb(), blue);
    assertTrue(
        Pixels.near(redPixel, 255, 0, 0, 40), "red at " + red + ": " + Pixels.show(redPixel));
    assertTrue(
        Pixels.near(bluePixel, 0, 0, 255, 40), "blue at " + blue + ": " + Pixels.show(bluePixel));
  }

  /** A pixel well inside the 16x16 marker at that corner, away from JPEG's blurred edges. */
  private static int corner(BufferedImage image, String corner) {
    int x = corner.endsWith("left") ? 5 : image.getWidth() - 6;
    int y = corner.startsWith("top") ? 5 : image.getHeight() - 6;
    return image.getRGB(x, y);
  }
}
