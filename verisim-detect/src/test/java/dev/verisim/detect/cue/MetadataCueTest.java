package dev.verisim.detect.cue;

import static dev.verisim.testkit.MetadataFiles.exif;
import static dev.verisim.testkit.MetadataFiles.exifApp1;
import static dev.verisim.testkit.MetadataFiles.insertAfterSoi;
import static dev.verisim.testkit.MetadataFiles.insertBeforeIdat;
import static dev.verisim.testkit.MetadataFiles.pngText;
import static dev.verisim.testkit.MetadataFiles.xmpApp1;
import static dev.verisim.testkit.MetadataFiles.xmpPacket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.MetadataFiles;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class MetadataCueTest {
  private final MetadataCue cue = new MetadataCue();

  @Test
  void xmpDigitalSourceTypeIsAnAiMarker() {
    byte[] jpeg = insertAfterSoi(jpeg(), xmpApp1(xmpPacket("trainedAlgorithmicMedia", null)));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.AI_MARKER));
    assertTrue(e.score() >= 0.95, "score " + e.score());
    assertTrue(e.explanation().contains("trainedAlgorithmicMedia"), e.explanation());
    assertTrue(e.heatmap().isEmpty());
  }

  @Test
  void compositeLabelScoresSlightlyLowerThanFullyGenerated() {
    byte[] full = insertAfterSoi(jpeg(), xmpApp1(xmpPacket("trainedAlgorithmicMedia", null)));
    byte[] composite =
        insertAfterSoi(jpeg(), xmpApp1(xmpPacket("compositeWithTrainedAlgorithmicMedia", null)));

    CueEvidence f = analyse(full, MediaFormat.JPEG);
    CueEvidence c = analyse(composite, MediaFormat.JPEG);

    assertEquals(1.0, c.features().get(MetadataCue.AI_MARKER));
    assertTrue(c.score() >= 0.9 && c.score() < f.score(), c.score() + " vs " + f.score());
    assertTrue(c.explanation().contains("composite"), c.explanation());
  }

  @Test
  void unparseableXmpStillYieldsTheMarkerFromThePacketText() {
    String broken =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF <<< "
            + MetadataFiles.DIGITAL_SOURCE_TYPE_URI
            + "trainedAlgorithmicMedia";
    byte[] jpeg = insertAfterSoi(jpeg(), xmpApp1(broken));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.AI_MARKER));
  }

  @Test
  void stableDiffusionParametersTextChunkNamesAGenerator() {
    String settings =
        "a cat in a hat\nNegative prompt: blurry\n"
            + "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512";
    byte[] png = insertBeforeIdat(png(), "tEXt", pngText("parameters", settings));

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(1.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
    assertEquals(0.0, e.features().get(MetadataCue.AI_MARKER));
    assertTrue(e.score() >= 0.8 && e.score() < 0.95, "score " + e.score());
    assertTrue(e.explanation().contains("parameters"), e.explanation());
  }

  @Test
  void comfyUiWorkflowKeyNamesAGenerator() {
    byte[] png = insertBeforeIdat(png(), "tEXt", pngText("workflow", "{\"nodes\":[]}"));

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(1.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
    assertTrue(e.explanation().contains("ComfyUI"), e.explanation());
  }

  @Test
  void generatorInExifSoftwareIsFound() {
    byte[] jpeg = insertAfterSoi(jpeg(), exifApp1(exif().software("Midjourney v6").build()));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
    assertTrue(e.explanation().contains("Midjourney"), e.explanation());
  }

  @Test
  void stableDiffusionSettingsInExifUserCommentAreFound() {
    byte[] tiff = exif().userComment("a dog\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 6").build();
    byte[] jpeg = insertAfterSoi(jpeg(), exifApp1(tiff));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
  }

  @Test
  void ordinaryEditorInCreatorToolIsNotAGenerator() {
    byte[] jpeg = insertAfterSoi(jpeg(), xmpApp1(xmpPacket(null, "Imagenomic Portraiture 4")));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(0.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
    assertEquals(0.5, e.score());
  }

  @Test
  void cameraExifLowersTheScore() {
    byte[] tiff = exif().make("Canon").model("Canon EOS 5D Mark IV").exposure().build();
    byte[] jpeg = insertAfterSoi(jpeg(), exifApp1(tiff));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.CAMERA_EXIF));
    assertEquals(1.0, e.features().get(MetadataCue.EXPOSURE_EXIF));
    assertEquals(1.0, e.features().get(MetadataCue.HAS_EXIF));
    assertTrue(e.score() >= 0.15 && e.score() <= 0.3, "score " + e.score());
    assertTrue(e.explanation().contains("EOS 5D"), e.explanation());
  }

  @Test
  void cameraWithoutExposureIsWeakerEvidence() {
    byte[] withExposure = exif().make("Nikon").model("D750").exposure().build();
    byte[] without = exif().make("Nikon").model("D750").build();

    double a = analyse(insertAfterSoi(jpeg(), exifApp1(withExposure)), MediaFormat.JPEG).score();
    double b = analyse(insertAfterSoi(jpeg(), exifApp1(without)), MediaFormat.JPEG).score();

    assertTrue(a < b && b < 0.5, a + " then " + b);
  }

  @Test
  void aiMarkerOutweighsCameraExif() {
    byte[] jpeg =
        insertAfterSoi(
            jpeg(),
            exifApp1(exif().make("Canon").model("EOS R5").exposure().build()),
            xmpApp1(xmpPacket("trainedAlgorithmicMedia", null)));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.CAMERA_EXIF));
    assertTrue(e.score() >= 0.95, "score " + e.score());
  }

  @Test
  void jpegC2paManifestIsReportedAndItsAiClaimCounts() {
    byte[] claim =
        (MetadataFiles.DIGITAL_SOURCE_TYPE_URI + "trainedAlgorithmicMedia")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] store = MetadataFiles.c2paManifestStore(claim);
    byte[] jpeg = insertAfterSoi(jpeg(), MetadataFiles.app11Segments(store, 1, 60));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.C2PA_PRESENT));
    assertEquals(1.0, e.features().get(MetadataCue.AI_MARKER));
    assertTrue(e.explanation().contains("C2PA"), e.explanation());
  }

  @Test
  void pngC2paChunkIsReported() {
    byte[] store = MetadataFiles.c2paManifestStore(new byte[] {1, 2, 3});
    byte[] png = insertBeforeIdat(png(), "caBX", store);

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(1.0, e.features().get(MetadataCue.C2PA_PRESENT));
    assertEquals(0.0, e.features().get(MetadataCue.AI_MARKER));
    assertEquals(0.5, e.score());
  }

  @Test
  void plainImagesAreNeutral() {
    for (byte[] bytes : new byte[][] {jpeg(), png()}) {
      MediaFormat format = MediaFormat.sniff(bytes).orElseThrow();
      CueEvidence e = analyse(bytes, format);

      for (String feature : cue.featureNames()) {
        assertEquals(0.0, e.features().get(feature), format + " " + feature);
      }
      assertEquals(0.5, e.score());
      assertTrue(e.explanation().contains("No metadata"), e.explanation());
    }
  }

  @Test
  void featureNamesAreFixed() {
    byte[] tiff = exif().make("Canon").build();
    CueEvidence plain = analyse(jpeg(), MediaFormat.JPEG);
    CueEvidence camera = analyse(insertAfterSoi(jpeg(), exifApp1(tiff)), MediaFormat.JPEG);

    assertEquals(new HashSet<>(cue.featureNames()), plain.features().keySet());
    assertEquals(new HashSet<>(cue.featureNames()), camera.features().keySet());
    assertEquals("metadata", plain.name());
  }

  @Test
  void malformedExifIsReportedNotThrown() {
    // An IFD that claims 5000 entries in a block of 20 bytes.
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0x13, (byte) 0x88, 1, 0x0F, 0, 2, 0, 0, 0, 0x7F};
    byte[] jpeg = insertAfterSoi(jpeg(), exifApp1(tiff));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(1.0, e.features().get(MetadataCue.UNREADABLE));
    assertEquals(0.5, e.score());
    assertTrue(e.explanation().contains("metadata unreadable"), e.explanation());
  }

  @Test
  void hugeCompressedPngTextIsNotInflated() {
    // 100 KB of compressed zeros in a zTXt chunk would inflate to about 100 MB.
    byte[] data = new byte[MetadataCue.MAX_COMPRESSED_PNG_METADATA + 1000];
    byte[] keyword = {'C', 'o', 'm', 'm', 'e', 'n', 't', 0, 0};
    System.arraycopy(keyword, 0, data, 0, keyword.length);
    byte[] png = insertBeforeIdat(png(), "zTXt", data);

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(1.0, e.features().get(MetadataCue.UNREADABLE));
    assertEquals(0.5, e.score());
  }

  @Test
  void smallCompressedPngTextIsRead() {
    byte[] png = insertBeforeIdat(png(), "zTXt", zText("Software", "NovelAI"));

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(0.0, e.features().get(MetadataCue.UNREADABLE));
    assertEquals(1.0, e.features().get(MetadataCue.GENERATOR_SOFTWARE));
  }

  @Test
  void segmentLengthPastTheEndDoesNotThrow() {
    byte[] truncated = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F, 0x7F, 'E', 'x'};

    CueEvidence e = analyse(truncated, MediaFormat.JPEG);

    assertEquals(0.5, e.score());
  }

  private static byte[] zText(String keyword, String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
    out.write(0);
    out.write(0); // compression method: deflate
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(text.getBytes(StandardCharsets.ISO_8859_1));
    deflater.finish();
    byte[] buffer = new byte[256];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private CueEvidence analyse(byte[] bytes, MediaFormat format) {
    return cue.analyse(new CueInput(still(bytes, format)));
  }

  /** The pixels do not matter to this cue, so a tiny stand-in avoids decoding broken files. */
  private static StillImage still(byte[] bytes, MediaFormat format) {
    return new StillImage(
        "test", format, bytes, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), 1, "8-bit RGB");
  }

  private static BufferedImage picture() {
    BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        img.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | 0x40);
      }
    }
    return img;
  }

  private static byte[] jpeg() {
    return ImageFiles.jpeg(picture(), 0.9f);
  }

  private static byte[] png() {
    return ImageFiles.encode(picture(), "png");
  }
}
