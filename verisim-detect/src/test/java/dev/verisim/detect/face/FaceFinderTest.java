package dev.verisim.detect.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaceFinderTest {
  private static FaceFinder finder;

  @BeforeAll
  static void load() {
    finder = FaceFinder.create();
  }

  @AfterAll
  static void free() {
    finder.close();
  }

  @Test
  void cascadeLoadsFromTheOpencvJar() {
    String xml = FaceFinder.readCascade(FaceFinder.DEFAULT_CASCADE);
    assertTrue(xml.contains("<cascade"), "not a cascade: " + xml.substring(0, 200));
  }

  @ParameterizedTest
  @CsvSource({"128, 60", "256, 100", "256, 150", "400, 200"})
  void findsADrawnFaceInsideTheDrawing(int imageSize, int faceWidth) {
    BufferedImage image = SyntheticFaces.portrait(imageSize, imageSize, faceWidth);
    Rectangle2D drawn = SyntheticFaces.faceBounds(imageSize / 2.0, imageSize / 2.0, faceWidth);

    List<FaceBox> faces = finder.find(image);

    assertEquals(1, faces.size(), "faces: " + faces);
    assertFaceOn(faces.get(0), drawn);
  }

  @Test
  void findsTwoFacesLargestFirst() {
    BufferedImage image = SyntheticFaces.backdrop(480, 240);
    SyntheticFaces.drawFace(image, 360, 120, 90);
    SyntheticFaces.drawFace(image, 120, 120, 110);
    image = SyntheticFaces.soften(image);

    List<FaceBox> faces = finder.find(image);

    assertEquals(2, faces.size(), "faces: " + faces);
    assertTrue(faces.get(0).area() > faces.get(1).area(), "not sorted by size: " + faces);
    assertFaceOn(faces.get(0), SyntheticFaces.faceBounds(120, 120, 110));
    assertFaceOn(faces.get(1), SyntheticFaces.faceBounds(360, 120, 90));
  }

  @Test
  void mapsBoxesOfAShrunkImageBackToItsPixels() {
    // 2000 px is above maxDetectionSide, so the search runs on a smaller copy.
    BufferedImage image = SyntheticFaces.portrait(2000, 1500, 600);

    List<FaceBox> faces = finder.find(image);

    assertEquals(1, faces.size(), "faces: " + faces);
    assertFaceOn(faces.get(0), SyntheticFaces.faceBounds(1000, 750, 600));
  }

  @Test
  void anUpsideDownFaceIsNoFace() {
    // The control for the positive tests: the same drawing, flipped, has the skin oval and the
    // colours but not the frontal layout, so a hit above would be the face and not the blob.
    BufferedImage upright = SyntheticFaces.portrait(256, 256, 120);
    BufferedImage flipped = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    new AffineTransformOp(
            new AffineTransform(1, 0, 0, -1, 0, 256), AffineTransformOp.TYPE_NEAREST_NEIGHBOR)
        .filter(upright, flipped);

    assertEquals(List.of(), finder.find(flipped));
  }

  @Test
  void naturalTextureHasNoFace() {
    assertEquals(List.of(), finder.find(SyntheticImages.naturalTexture(256, 256, 7)));
  }

  @Test
  void anyImageTypeGivesTheSameBoxes() {
    BufferedImage rgb = SyntheticFaces.portrait(256, 256, 120);
    BufferedImage bgr = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
    bgr.createGraphics().drawImage(rgb, 0, 0, null);

    assertEquals(finder.find(rgb), finder.find(bgr));
  }

  @Test
  void tooSmallImagesHaveNoFace() {
    assertEquals(List.of(), finder.find(SyntheticFaces.portrait(16, 16, 10)));
  }

  @Test
  void concurrentCallsAgree() throws Exception {
    BufferedImage image = SyntheticFaces.portrait(256, 256, 120);
    List<FaceBox> expected = finder.find(image);
    AtomicInteger id = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2, r -> new Thread(r, "face-finder-test-" + id.incrementAndGet()));
    try {
      List<Future<List<FaceBox>>> results =
          pool.invokeAll(List.of(() -> finder.find(image), () -> finder.find(image)));
      for (Future<List<FaceBox>> result : results) {
        assertEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedFinderRefusesWork() {
    FaceFinder closed = FaceFinder.create();
    closed.close();

    assertThrows(
        IllegalStateException.class,
        () -> closed.find(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB)));
  }

  @Test
  void settingsNameTheBadValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new FaceFinder.Settings(1.0, 3, 0.05, 800));
    assertTrue(e.getMessage().contains("scaleFactor"), e.getMessage());
  }

  /**
   * The box's centre lies in the drawn oval's bounds and the box covers most of the oval's width.
   */
  private static void assertFaceOn(FaceBox box, Rectangle2D drawn) {
    assertTrue(
        drawn.contains(box.centerX(), box.centerY()),
        "box " + box + " not centred on the face drawn at " + drawn);
    double overlap =
        Math.min(box.x() + box.width(), drawn.getMaxX()) - Math.max(box.x(), drawn.getX());
    assertTrue(overlap > 0.7 * drawn.getWidth(), "box " + box + " misses the face " + drawn);
    assertFalse(box.width() > 2 * drawn.getWidth(), "box " + box + " far larger than " + drawn);
    assertTrue(box.neighbours() > 0, "no neighbours: " + box);
  }
}
