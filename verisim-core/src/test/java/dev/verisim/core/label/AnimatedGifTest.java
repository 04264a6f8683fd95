package dev.verisim.core.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.gif.GifAnimationDirectory;
import com.drew.metadata.gif.GifControlDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifTest {
  private static final String GIF_IMAGE = "javax_imageio_gif_image_1.0";

  @TempDir Path dir;

  @Test
  void framesLoopDelayAndLabelRoundTrip() throws Exception {
    List<BufferedImage> frames = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      frames.add(solid(24, 16, 0xFF000000 | (0x40 * (i + 1)) << 16 | 0x20 << 8 | 0x80));
    }
    Path file = dir.resolve("anim.gif");

    AnimatedGif.write(frames, 120, LabelledImageWriterTest.LABEL, file);

    assertEquals(LabelledImageWriterTest.LABEL, AiLabel.read(file).orElseThrow());
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true));
      for (int i = 0; i < 3; i++) {
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree(GIF_IMAGE);
        IIOMetadataNode gce =
            (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        assertEquals("12", gce.getAttribute("delayTime"), "frame " + i);
        // Solid colours survive the palette reduction exactly.
        assertEquals(frames.get(i).getRGB(5, 5), reader.read(i).getRGB(5, 5), "frame " + i);
      }
      IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(GIF_IMAGE);
      IIOMetadataNode netscape = applicationExtension(first, "NETSCAPE", "2.0");
      assertNotNull(netscape, "no NETSCAPE2.0 loop extension");
      assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) netscape.getUserObject());
    } finally {
      reader.dispose();
    }
  }

  @Test
  void metadataExtractorSeesTheLoopTheDelayAndTheXmp() throws Exception {
    Path file = dir.resolve("anim.gif");
    AnimatedGif.write(
        List.of(solid(8, 8, 0xFFFF0000), solid(8, 8, 0xFF0000FF)),
        50,
        LabelledImageWriterTest.LABEL,
        file);

    Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());

    GifAnimationDirectory animation = metadata.getFirstDirectoryOfType(GifAnimationDirectory.class);
    assertNotNull(animation);
    assertEquals(0, animation.getInt(GifAnimationDirectory.TAG_ITERATION_COUNT));
    assertEquals(2, metadata.getDirectoriesOfType(GifControlDirectory.class).size());
    assertEquals(
        LabelledImageWriterTest.URI,
        LabelledImageWriterTest.xmpProperties(file).get("Iptc4xmpExt:DigitalSourceType"));
  }

  @Test
  void translucentFramesAreFlattenedNotRejected() throws Exception {
    byte[] gif =
        AnimatedGif.encode(
            List.of(LabelledImageWriterTest.argbPattern(20, 20)), 0, AiLabel.generated("t"));

    assertEquals("t", LabelReader.read(gif).orElseThrow().creatorTool());
    assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(gif)));
  }

  @Test
  void limitsAreEnforced() {
    AiLabel label = AiLabel.generated("t");
    BufferedImage small = solid(2, 2, 0xFF000000);
    assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(), 10, label));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AnimatedGif.encode(Collections.nCopies(AnimatedGif.MAX_FRAMES + 1, small), 10, label));
    // Checked before any pixel is touched: the oversized frame is never encoded.
    BufferedImage wide =
        new BufferedImage(AnimatedGif.MAX_SIDE + 1, 1, BufferedImage.TYPE_BYTE_GRAY);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(wide), 10, label));
    assertTrue(e.getMessage().contains("4097x1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> AnimatedGif.encode(List.of(small, solid(3, 2, 0)), 10, label));
    assertThrows(
        IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(small), -1, label));
    assertTrue(Files.notExists(dir.resolve("x.gif")));
  }

  @Test
  void maxFramesIsAccepted() throws Exception {
    byte[] gif =
        AnimatedGif.encode(
            Collections.nCopies(AnimatedGif.MAX_FRAMES, solid(1, 1, 0xFF00FF00)),
            10,
            AiLabel.generated("t"));
    assertTrue(LabelReader.read(gif).isPresent());
  }

  private static IIOMetadataNode applicationExtension(
      IIOMetadataNode root, String id, String auth) {
    var nodes = root.getElementsByTagName("ApplicationExtension");
    for (int i = 0; i < nodes.getLength(); i++) {
      IIOMetadataNode n = (IIOMetadataNode) nodes.item(i);
      if (id.equals(n.getAttribute("applicationID"))
          && auth.equals(n.getAttribute("authenticationCode"))) {
        return n;
      }
    }
    return null;
  }

  private static BufferedImage solid(int w, int h, int argb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, argb);
      }
    }
    return img;
  }
}
