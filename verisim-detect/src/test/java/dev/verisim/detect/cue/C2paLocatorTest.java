package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.media.MediaFormat;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.MetadataFiles;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class C2paLocatorTest {
  private static final byte[] STORE = MetadataFiles.c2paManifestStore(new byte[200]);

  @Test
  void findsAStoreSplitOverSeveralApp11Segments() {
    byte[] jpeg = MetadataFiles.insertAfterSoi(jpeg(), MetadataFiles.app11Segments(STORE, 7, 64));

    Optional<C2paLocator.ManifestStore> found = C2paLocator.find(jpeg, MediaFormat.JPEG);

    assertTrue(found.isPresent());
    assertEquals("jpeg-app11", found.get().carrier());
    assertEquals(STORE.length, found.get().length());
    assertEquals(STORE.length, found.get().declaredLength());
    assertArrayEquals(STORE, found.get().jumbf());
    assertEquals(C2paLocator.PRESENT, C2paLocator.provenance(jpeg, MediaFormat.JPEG));
  }

  @Test
  void findsTheLabelWhenItLiesBeyondTheFirstSegment() {
    byte[] jpeg = MetadataFiles.insertAfterSoi(jpeg(), MetadataFiles.app11Segments(STORE, 2, 16));

    assertArrayEquals(STORE, C2paLocator.find(jpeg, MediaFormat.JPEG).orElseThrow().jumbf());
  }

  @Test
  void ignoresJumbfThatIsNotC2pa() {
    byte[] other =
        MetadataFiles.jumbfBox(
            "jumb", MetadataFiles.jumdBox(new byte[16], "jpeg360"), new byte[] {1, 2});
    byte[] jpeg = MetadataFiles.insertAfterSoi(jpeg(), MetadataFiles.app11Segments(other, 1, 500));

    assertEquals(C2paLocator.ABSENT, C2paLocator.provenance(jpeg, MediaFormat.JPEG));
  }

  @Test
  void findsPngCaBxChunk() {
    byte[] png = MetadataFiles.insertBeforeIdat(png(), "caBX", STORE);

    Optional<C2paLocator.ManifestStore> found = C2paLocator.find(png, MediaFormat.PNG);

    assertEquals("png-caBX", found.orElseThrow().carrier());
    assertEquals(STORE.length, found.get().length());
    // The chunk is well-formed: ImageIO still decodes the file.
    assertEquals(32, ImageFiles.decode(png).getWidth());
  }

  @Test
  void findsWebpC2paChunk() {
    byte[] webp =
        MetadataFiles.webpContainer(
            MetadataFiles.riffChunk("VP8X", new byte[10]),
            MetadataFiles.riffChunk("C2PA", STORE),
            MetadataFiles.riffChunk("VP8L", new byte[5]));

    assertEquals("webp-C2PA", C2paLocator.find(webp, MediaFormat.WEBP).orElseThrow().carrier());
  }

  @Test
  void plainFilesHaveNoStore() {
    assertEquals(C2paLocator.ABSENT, C2paLocator.provenance(jpeg(), MediaFormat.JPEG));
    assertEquals(C2paLocator.ABSENT, C2paLocator.provenance(png(), MediaFormat.PNG));
    assertEquals(C2paLocator.ABSENT, C2paLocator.provenance(new byte[0], MediaFormat.WEBP));
    assertEquals(C2paLocator.ABSENT, C2paLocator.provenance(jpeg(), MediaFormat.GIF));
  }

  @Test
  void lengthsPointingPastTheEndAreAbsentNotExceptions() {
    // JPEG: an APP11 segment claiming 0xFFF0 bytes in a short file.
    byte[] jpegSegment = MetadataFiles.jpegSegment(0xEB, Arrays.copyOf(STORE, 40));
    jpegSegment[2] = (byte) 0xFF;
    jpegSegment[3] = (byte) 0xF0;
    byte[] jpeg = MetadataFiles.concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, jpegSegment);
    assertFalse(C2paLocator.find(jpeg, MediaFormat.JPEG).isPresent());

    // PNG: a caBX chunk claiming 2 GB.
    byte[] chunk = MetadataFiles.pngChunk("caBX", STORE);
    ByteBuffer.wrap(chunk).putInt(0x7FFFFFFF);
    byte[] png = MetadataFiles.insertBeforeIdatRaw(png(), chunk);
    assertFalse(C2paLocator.find(png, MediaFormat.PNG).isPresent());

    // PNG: a chunk length with the top bit set (negative as a Java int).
    ByteBuffer.wrap(chunk).putInt(0xFFFFFFF0);
    png = MetadataFiles.insertBeforeIdatRaw(png(), chunk);
    assertFalse(C2paLocator.find(png, MediaFormat.PNG).isPresent());

    // WebP: a C2PA chunk claiming more than the file holds.
    byte[] riff = MetadataFiles.riffChunk("C2PA", STORE);
    ByteBuffer.wrap(riff).put(4, (byte) 0xFF).put(5, (byte) 0xFF).put(6, (byte) 0xFF);
    assertFalse(C2paLocator.find(MetadataFiles.webpContainer(riff), MediaFormat.WEBP).isPresent());

    // JUMBF: a description box cut short inside a valid segment.
    byte[] shortBox = Arrays.copyOf(STORE, 20);
    byte[] cut = MetadataFiles.insertAfterSoi(jpeg(), MetadataFiles.app11Segments(shortBox, 1, 20));
    assertFalse(C2paLocator.find(cut, MediaFormat.JPEG).isPresent());
  }

  @Test
  void randomlyCorruptedFilesNeverThrow() {
    long seed = 20240611L;
    SplittableRandom random = new SplittableRandom(seed);
    byte[] jpeg = MetadataFiles.insertAfterSoi(jpeg(), MetadataFiles.app11Segments(STORE, 1, 50));
    byte[] png = MetadataFiles.insertBeforeIdat(png(), "caBX", STORE);
    MetadataCue cue = new MetadataCue();
    for (int round = 0; round < 300; round++) {
      boolean isJpeg = round % 2 == 0;
      byte[] bytes = (isJpeg ? jpeg : png).clone();
      int flips = 1 + random.nextInt(8);
      for (int i = 0; i < flips; i++) {
        // Corrupt the headers, where the walkers read lengths.
        bytes[random.nextInt(Math.min(bytes.length, 400))] = (byte) random.nextInt(256);
      }
      byte[] cut = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      MediaFormat format = isJpeg ? MediaFormat.JPEG : MediaFormat.PNG;
      String context = "seed " + seed + " round " + round;
      try {
        C2paLocator.find(bytes, format);
        C2paLocator.find(cut, format);
        cue.analyse(new CueInput(still(cut, format)));
      } catch (RuntimeException e) {
        throw new AssertionError(context, e);
      }
    }
  }

  private static dev.verisim.core.media.StillImage still(byte[] bytes, MediaFormat format) {
    return new dev.verisim.core.media.StillImage(
        "fuzz", format, bytes, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), 1, "8-bit RGB");
  }

  private static BufferedImage picture() {
    return new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] jpeg() {
    return ImageFiles.jpeg(picture(), 0.9f);
  }

  private static byte[] png() {
    return ImageFiles.encode(picture(), "png");
  }
}
