package dev.verisim.detect.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceCropperTest {
  @Test
  void growsTheBoxByTheMarginOnEachSideAroundItsCentre() {
    FaceBox box = new FaceBox(100, 120, 50, 40, 5);

    Rectangle region = FaceCropper.cropRegion(400, 300, box, 0.3);

    // max(50, 40) * (1 + 2 * 0.3) = 80, centred on (125, 140).
    assertEquals(new Rectangle(85, 100, 80, 80), region);
  }

  @Test
  void shiftsASquareThatWouldLeaveTheImageBackInside() {
    FaceBox corner = new FaceBox(0, 5, 40, 40, 5);

    Rectangle region = FaceCropper.cropRegion(200, 100, corner, 0.5);

    assertEquals(new Rectangle(0, 0, 80, 80), region);
  }

  @Test
  void capsTheSquareAtTheShorterSide() {
    FaceBox large = new FaceBox(60, 10, 80, 80, 5);

    Rectangle region = FaceCropper.cropRegion(200, 100, large, 0.3);

    assertEquals(new Rectangle(50, 0, 100, 100), region);
  }

  @Test
  void cropsShowTheFaceRegionAtTheOutputSize() {
    // Red inside the box, blue outside: a crop without margin is all red.
    BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, 300, 200);
    g.setColor(Color.RED);
    g.fillRect(150, 50, 100, 100);
    g.dispose();
    FaceBox box = new FaceBox(150, 50, 100, 100, 9);

    List<FaceCrop> tight = FaceCropper.crops(image, List.of(box), 0.0, 64);
    List<FaceCrop> loose = FaceCropper.crops(image, List.of(box), 0.25, 64);

    FaceCrop crop = tight.get(0);
    assertEquals(64, crop.crop().getWidth());
    assertEquals(64, crop.crop().getHeight());
    assertEquals(BufferedImage.TYPE_INT_RGB, crop.crop().getType());
    assertEquals(box, crop.box());
    assertFalse(crop.wholeImageFallback());
    assertEquals(0xff0000, crop.crop().getRGB(1, 1) & 0xffffff);
    assertEquals(0xff0000, crop.crop().getRGB(62, 62) & 0xffffff);
    // 150 px around the 100 px box: the outer sixth on each side is background.
    assertEquals(0x0000ff, loose.get(0).crop().getRGB(2, 32) & 0xffffff);
    assertEquals(0xff0000, loose.get(0).crop().getRGB(32, 32) & 0xffffff);
  }

  @Test
  void aCropIsACopyOfThePixels() {
    BufferedImage image = SyntheticImages.constant(100, 100, 50);
    FaceCrop crop =
        FaceCropper.crops(image, List.of(new FaceBox(0, 0, 100, 100, 1)), 0, 100).get(0);

    image.setRGB(50, 50, 0xffffff);

    assertEquals(crop.crop().getRGB(0, 0), crop.crop().getRGB(50, 50));
  }

  @Test
  void noFaceFallsBackToTheCentreSquare() {
    try (FaceFinder finder = FaceFinder.create()) {
      BufferedImage texture = SyntheticImages.naturalTexture(300, 200, 11);

      List<FaceCrop> crops = new FaceCropper(finder).crops(texture, 0.3, 96);

      assertEquals(1, crops.size());
      FaceCrop crop = crops.get(0);
      assertTrue(crop.wholeImageFallback());
      assertEquals(new FaceBox(50, 0, 200, 200, 0), crop.box());
      assertEquals(96, crop.crop().getWidth());
      assertEquals(96, crop.crop().getHeight());
    }
  }

  @Test
  void aFoundFaceIsCroppedWithoutFallback() {
    try (FaceFinder finder = FaceFinder.create()) {
      BufferedImage portrait = SyntheticFaces.portrait(320, 240, 100);

      List<FaceCrop> crops = new FaceCropper(finder).crops(portrait, 0.3, 112);

      assertEquals(1, crops.size(), "crops: " + crops);
      assertFalse(crops.get(0).wholeImageFallback());
      assertEquals(112, crops.get(0).crop().getWidth());
      // The face is the crop's centre: skin, not the blue-grey backdrop.
      int centre = crops.get(0).crop().getRGB(56, 70);
      assertTrue(
          ((centre >> 16) & 0xff) > (centre & 0xff), "not skin: " + Integer.toHexString(centre));
    }
  }

  @Test
  void downscalesLargeCropsByAveraging() {
    // Stripes of period 4 (grey 128, 208, 128, 48) average to 128. A single bilinear step from
    // 512 to 64 px would sample only pixels 3 and 4 of every 8 and give 88.
    BufferedImage stripes = SyntheticImages.stripes(512, 512, 4);
    BufferedImage crop =
        FaceCropper.crops(stripes, List.of(new FaceBox(0, 0, 512, 512, 1)), 0, 64).get(0).crop();

    for (int x = 8; x < 56; x++) {
      int grey = crop.getRGB(x, 32) & 0xff;
      assertTrue(Math.abs(grey - 128) <= 8, "pixel " + x + " is " + grey + ", not the mean 128");
    }
  }

  @Test
  void badArgumentsAreNamed() {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    IllegalArgumentException margin =
        assertThrows(
            IllegalArgumentException.class, () -> FaceCropper.crops(image, List.of(), -0.1, 64));
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class, () -> FaceCropper.crops(image, List.of(), 0.3, 0));
    IllegalArgumentException box =
        assertThrows(IllegalArgumentException.class, () -> new FaceBox(0, 0, 0, 5, 1));
    assertTrue(margin.getMessage().contains("margin"), margin.getMessage());
    assertTrue(size.getMessage().contains("outputSize"), size.getMessage());
    assertTrue(box.getMessage().contains("width"), box.getMessage());
  }
}
