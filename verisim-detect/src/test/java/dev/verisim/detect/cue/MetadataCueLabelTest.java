package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.AnimatedGif;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.MetadataFiles;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labels verisim writes are the labels detection reads, through the parsed XMP. */
class MetadataCueLabelTest {
  /** The explanation the parsed-XMP path gives; the raw packet scan words it differently. */
  private static final String PARSED = "XMP DigitalSourceType is trainedAlgorithmicMedia";

  private final MetadataCue cue = new MetadataCue();
  private final AiLabel label = AiLabel.generated("verisim 0.1.0").withSeed(3);

  @Test
  void verisimWrittenPngDeclaresAiGeneration() throws Exception {
    byte[] png = LabelledImageWriter.png(picture(), label);

    CueEvidence e = analyse(png, MediaFormat.PNG);

    assertEquals(1.0, e.features().get(MetadataCue.AI_MARKER));
    assertTrue(e.score() >= 0.95, "score " + e.score());
    assertTrue(e.explanation().contains(PARSED), e.explanation());
    assertEquals(0.0, e.features().get(MetadataCue.UNREADABLE), e.explanation());
  }

  @Test
  void verisimWrittenJpegAndGifDeclareAiGeneration() throws Exception {
    CueEvidence jpeg = analyse(LabelledImageWriter.jpeg(picture(), label, 0.9f), MediaFormat.JPEG);
    CueEvidence gif =
        analyse(AnimatedGif.encode(List.of(picture(), picture()), 100, label), MediaFormat.GIF);

    assertTrue(jpeg.explanation().contains(PARSED), jpeg.explanation());
    assertTrue(gif.explanation().contains(PARSED), gif.explanation());
    assertEquals(1.0, gif.features().get(MetadataCue.AI_MARKER));
  }

  @Test
  void fullIptcUriAndBareTermAreBothReadFromTheParsedXmp() {
    String uri = MetadataFiles.DIGITAL_SOURCE_TYPE_URI + "trainedAlgorithmicMedia";
    for (String value : new String[] {uri, "trainedAlgorithmicMedia"}) {
      String xmp = label.toXmp().replace(uri, value);
      assertTrue(xmp.contains(">" + value + "<"), xmp);
      byte[] jpeg =
          MetadataFiles.insertAfterSoi(
              ImageFiles.jpeg(picture(), 0.9f), MetadataFiles.xmpApp1(xmp));

      CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

      assertEquals(1.0, e.features().get(MetadataCue.AI_MARKER), value);
      assertTrue(e.explanation().contains(PARSED), value + ": " + e.explanation());
    }
  }

  @Test
  void aCameraSourceTypeIsNotAnAiMarker() {
    String xmp =
        label
            .toXmp()
            .replace("trainedAlgorithmicMedia", "digitalCapture")
            .replace("verisim 0.1.0", "Darktable 4.6");
    byte[] jpeg =
        MetadataFiles.insertAfterSoi(ImageFiles.jpeg(picture(), 0.9f), MetadataFiles.xmpApp1(xmp));

    CueEvidence e = analyse(jpeg, MediaFormat.JPEG);

    assertEquals(0.0, e.features().get(MetadataCue.AI_MARKER), e.explanation());
  }

  private CueEvidence analyse(byte[] bytes, MediaFormat format) {
    return cue.analyse(
        new CueInput(
            new StillImage(
                "test",
                format,
                bytes,
                new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                1,
                "8-bit RGB")));
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
}
