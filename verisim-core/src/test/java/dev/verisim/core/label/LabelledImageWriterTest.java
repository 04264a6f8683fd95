package dev.verisim.core.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.xmp.XmpDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledImageWriterTest {
  static final AiLabel LABEL =
      AiLabel.generated("verisim 0.1.0")
          .withGenerator("verisim-gan/test")
          .withSeed(42)
          .withCreated(Instant.parse("2025-01-02T03:04:05Z"));

  static final String URI =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  @TempDir Path dir;

  @Test
  void pngRoundTripKeepsTheLabelAndEveryPixel() throws Exception {
    BufferedImage image = argbPattern(37, 23);
    Path file = dir.resolve("out.png");

    LabelledImageWriter.write(image, LABEL, file);

    assertEquals(LABEL, AiLabel.read(file).orElseThrow());
    BufferedImage decoded = ImageIO.read(file.toFile());
    assertNotNull(decoded);
    assertArrayEquals(argb(image), argb(decoded));
  }

  @Test
  void pngXmpIsAnUncompressedItxtChunkBeforeIdat() throws Exception {
    byte[] png = LabelledImageWriter.png(argbPattern(8, 8), LABEL);

    List<String> chunks = chunkTypes(png);
    int itxt = chunks.indexOf("iTXt");
    assertTrue(itxt > 0 && itxt < chunks.indexOf("IDAT"), chunks.toString());
    byte[] head = ("iTXtXML:com.adobe.xmp\0\0\0\0\0<?xpacket").getBytes(StandardCharsets.UTF_8);
    assertTrue(indexOf(png, head) > 0, "uncompressed iTXt with the XMP keyword");
  }

  @Test
  void jpegRoundTripDecodesAndKeepsTheLabel() throws Exception {
    Path file = dir.resolve("out.JPEG");

    LabelledImageWriter.write(argbPattern(40, 30), LABEL, file, 0.8f);

    assertEquals(LABEL, AiLabel.read(file).orElseThrow());
    BufferedImage decoded = ImageIO.read(file.toFile());
    assertEquals(40, decoded.getWidth());
    assertEquals(30, decoded.getHeight());
    byte[] jpeg = Files.readAllBytes(file);
    // SOI, JFIF APP0, then the XMP APP1.
    assertEquals(0xFFD8, ((jpeg[0] & 0xFF) << 8) | (jpeg[1] & 0xFF));
    assertEquals(0xFFE0, ((jpeg[2] & 0xFF) << 8) | (jpeg[3] & 0xFF));
    int app1 = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    assertEquals(0xFFE1, ((jpeg[app1] & 0xFF) << 8) | (jpeg[app1 + 1] & 0xFF));
    assertEquals(
        "http://ns.adobe.com/xap/1.0/\0",
        new String(jpeg, app1 + 4, 29, StandardCharsets.US_ASCII));
  }

  @Test
  void jpegQualityChangesTheSize() throws Exception {
    BufferedImage image = argbPattern(64, 64);
    int low = LabelledImageWriter.jpeg(image, LABEL, 0.2f).length;
    int high = LabelledImageWriter.jpeg(image, LABEL, 0.95f).length;
    assertTrue(low < high, low + " vs " + high);
    assertThrows(
        IllegalArgumentException.class, () -> LabelledImageWriter.jpeg(image, LABEL, 1.5f));
  }

  @Test
  void metadataExtractorReadsTheSameProperties() throws Exception {
    for (String name : new String[] {"a.png", "a.jpg"}) {
      Path file = dir.resolve(name);
      LabelledImageWriter.write(argbPattern(16, 16), LABEL, file);

      Map<String, String> props = xmpProperties(file);

      assertEquals(URI, props.get("Iptc4xmpExt:DigitalSourceType"), name + " " + props);
      assertEquals("verisim 0.1.0", props.get("xmp:CreatorTool"), name + " " + props);
    }
  }

  @Test
  void escapedCreatorToolSurvivesAnIndependentParser() throws Exception {
    Path file = dir.resolve("esc.png");
    LabelledImageWriter.write(argbPattern(4, 4), AiLabel.generated("a <&\"> b"), file);

    assertEquals("a <&\"> b", xmpProperties(file).get("xmp:CreatorTool"));
    assertEquals("a <&\"> b", AiLabel.read(file).orElseThrow().creatorTool());
  }

  @Test
  void otherExtensionsAreRejectedNamingTheFile() {
    Path file = dir.resolve("out.webp");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelledImageWriter.write(argbPattern(4, 4), LABEL, file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(Files.notExists(file));
  }

  @Test
  void overwritingLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("same.png");
    LabelledImageWriter.write(argbPattern(4, 4), AiLabel.generated("first"), file);
    LabelledImageWriter.write(argbPattern(4, 4), AiLabel.generated("second"), file);

    assertEquals("second", AiLabel.read(file).orElseThrow().creatorTool());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void unlabelledImagesReadAsEmpty() throws Exception {
    Path file = dir.resolve("plain.png");
    ImageIO.write(argbPattern(4, 4), "png", file.toFile());
    assertTrue(AiLabel.read(file).isEmpty());
    assertTrue(LabelReader.read(new byte[] {1, 2, 3}).isEmpty());
    byte[] png = LabelledImageWriter.png(argbPattern(4, 4), LABEL);
    for (int cut = 8; cut < png.length; cut += 97) {
      LabelReader.read(java.util.Arrays.copyOf(png, cut)); // must not throw
    }
  }

  static Map<String, String> xmpProperties(Path file) throws Exception {
    Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
    XmpDirectory xmp = metadata.getFirstDirectoryOfType(XmpDirectory.class);
    assertNotNull(xmp, "metadata-extractor found no XMP in " + file);
    return xmp.getXmpProperties();
  }

  /** Every alpha and colour level appears, so a lossy or premultiplied path would show. */
  static BufferedImage argbPattern(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        img.setRGB(x, y, ((i * 7) & 0xFF) << 24 | ((i * 13) & 0xFF) << 16 | (x * 5) << 8 | y * 3);
      }
    }
    return img;
  }

  static int[] argb(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  private static List<String> chunkTypes(byte[] png) throws IOException {
    List<String> types = new ArrayList<>();
    for (int pos = 8; pos + 8 <= png.length; ) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
      pos += 12 + length;
    }
    return types;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
