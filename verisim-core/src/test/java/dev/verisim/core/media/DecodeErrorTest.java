package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.testkit.BadFiles;
import dev.verisim.testkit.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each error code, with a message that names the input and the reason. */
class DecodeErrorTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  private static MediaException failure(ErrorCode expected, Executable call, String name) {
    MediaException e = assertThrows(MediaException.class, call::run);
    assertEquals(expected, e.code(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith(name + ": "), "message names the input: " + e.getMessage());
    return e;
  }

  @FunctionalInterface
  interface Executable {
    void run() throws Exception;
  }

  @Test
  void missingFileIsNotFound(@TempDir Path dir) {
    Path missing = dir.resolve("nope.jpg");
    MediaException e =
        failure(ErrorCode.NOT_FOUND, () -> decoder.decode(missing, "nope.jpg"), "nope.jpg");
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void directoryIsAnIoError(@TempDir Path dir) {
    MediaException e = failure(ErrorCode.IO_ERROR, () -> decoder.decode(dir, "photos"), "photos");
    assertTrue(e.getMessage().contains("directory"), e.getMessage());
  }

  @Test
  void emptyFileAndEmptyBytesAreEmpty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty.png");
    Files.write(file, BadFiles.empty());
    failure(ErrorCode.EMPTY, () -> decoder.decode(file, "empty.png"), "empty.png");
    failure(ErrorCode.EMPTY, () -> decoder.decode(BadFiles.empty(), "upload"), "upload");
  }

  @Test
  void byteLimitIsCheckedBeforeTheFileIsRead(@TempDir Path dir) throws Exception {
    // Text, not an image: had the decoder read and sniffed it, the code would be
    // UNSUPPORTED_FORMAT. TOO_MANY_BYTES shows the size was refused first.
    Path file = dir.resolve("big.jpg");
    Files.write(file, BadFiles.text());
    ImageDecoder tiny = new ImageDecoder(new ImageLimits(10, 1_000_000));
    MediaException e =
        failure(ErrorCode.TOO_MANY_BYTES, () -> tiny.decode(file, "big.jpg"), "big.jpg");
    assertTrue(e.getMessage().contains("limit of 10 bytes"), e.getMessage());
  }

  @Test
  void byteLimitAppliesToBytesToo() {
    byte[] png = ImageFiles.encode(ImageFiles.pattern(32, 32, 1L), "png");
    ImageDecoder tiny = new ImageDecoder(new ImageLimits(png.length - 1, 1_000_000));
    failure(ErrorCode.TOO_MANY_BYTES, () -> tiny.decode(png, "a.png"), "a.png");
    ImageDecoder exact = new ImageDecoder(new ImageLimits(png.length, 1_000_000));
    assertDoesNotFail(() -> exact.decode(png, "a.png"));
  }

  private static void assertDoesNotFail(Executable call) {
    try {
      call.run();
    } catch (Exception e) {
      throw new AssertionError("expected success, got " + e, e);
    }
  }

  @Test
  void jpegCutInTheScanIsTruncated() {
    MediaException e =
        failure(
            ErrorCode.TRUNCATED,
            () -> decoder.decode(BadFiles.truncatedJpeg(), "cut.jpg"),
            "cut.jpg");
    assertTrue(e.getMessage().contains("end-of-image"), e.getMessage());
  }

  @Test
  void jpegWithBytesAfterTheEndMarkerIsFine() throws Exception {
    byte[] jpeg = ImageFiles.jpeg(ImageFiles.pattern(48, 32, 2L), 0.9f);
    byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 100); // zeros after EOI, as some cameras do
    assertEquals(48, decoder.decode(padded, "padded.jpg").width());
  }

  @Test
  void pngWithoutIendIsTruncated() {
    failure(
        ErrorCode.TRUNCATED, () -> decoder.decode(BadFiles.truncatedPng(), "cut.png"), "cut.png");
  }

  @Test
  void gifWithoutTrailerIsTruncated() {
    byte[] gif = ImageFiles.encode(ImageFiles.pattern(48, 32, 2L), "gif");
    byte[] cut = Arrays.copyOf(gif, gif.length - 1); // only the 0x3B trailer is missing
    failure(ErrorCode.TRUNCATED, () -> decoder.decode(cut, "cut.gif"), "cut.gif");
  }

  @Test
  void webpCutShortIsTruncated() {
    byte[] webp = ImageFiles.webpLossy();
    byte[] cut = Arrays.copyOf(webp, webp.length * 2 / 3);
    failure(ErrorCode.TRUNCATED, () -> decoder.decode(cut, "cut.webp"), "cut.webp");
  }

  @Test
  void bmpCutShortIsTruncated() {
    byte[] bmp = ImageFiles.encode(ImageFiles.pattern(48, 32, 2L), "bmp");
    byte[] cut = Arrays.copyOf(bmp, bmp.length / 2);
    failure(ErrorCode.TRUNCATED, () -> decoder.decode(cut, "cut.bmp"), "cut.bmp");
  }

  @Test
  void tiffCutShortIsTruncated() {
    byte[] tiff = ImageFiles.tiffWithOrientation(ImageFiles.pattern(48, 32, 2L), 1);
    byte[] cut = Arrays.copyOf(tiff, tiff.length / 2);
    failure(ErrorCode.TRUNCATED, () -> decoder.decode(cut, "cut.tiff"), "cut.tiff");
  }

  @Test
  void jpegWithoutAFrameIsCorrupt() {
    // SOI, a comment, EOI: complete, but there is no image in it.
    byte[] jpeg = {
      (byte) 0xFF,
      (byte) 0xD8,
      (byte) 0xFF,
      (byte) 0xFE,
      0,
      6,
      'h',
      'i',
      '!',
      '!',
      (byte) 0xFF,
      (byte) 0xD9
    };
    failure(ErrorCode.CORRUPT, () -> decoder.decode(jpeg, "hollow.jpg"), "hollow.jpg");
  }

  @Test
  void pngWithDamagedCompressedDataIsCorrupt() {
    byte[] png = ImageFiles.encode(ImageFiles.pattern(48, 32, 2L), "png");
    int idat = indexOf(png, "IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    // Keep the zlib header, spoil the deflate stream; the chunk structure stays complete.
    for (int i = idat + 6; i < idat + 40; i++) {
      png[i] = (byte) 0xFF;
    }
    failure(ErrorCode.CORRUPT, () -> decoder.decode(png, "damaged.png"), "damaged.png");
  }

  @Test
  void bytesAndPathReportTheSameCode(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cut.jpg");
    Files.write(file, BadFiles.truncatedJpeg());
    failure(ErrorCode.TRUNCATED, () -> decoder.decode(file, "cut.jpg"), "cut.jpg");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
