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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format comes from the bytes; the file name's extension is ignored. */
class FormatSniffingTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void pngNamedJpgDecodesAsPng(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("photo.jpg");
    Files.write(file, ImageFiles.encode(ImageFiles.pattern(40, 30, 5L), "png"));
    StillImage image = decoder.decode(file, "photo.jpg");
    assertEquals(MediaFormat.PNG, image.format());
    assertEquals(40, image.width());
  }

  @Test
  void jpegNamedPngDecodesAsJpeg(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("photo.png");
    Files.write(file, ImageFiles.jpeg(ImageFiles.pattern(40, 30, 5L), 0.9f));
    assertEquals(MediaFormat.JPEG, decoder.decode(file, "photo.png").format());
  }

  @Test
  void textNamedJpgIsUnsupportedAndSaysItLooksLikeText(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("notes.jpg");
    Files.write(file, BadFiles.text());
    MediaException e = assertThrows(MediaException.class, () -> decoder.decode(file, "notes.jpg"));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    assertTrue(e.getMessage().startsWith("notes.jpg: "), e.getMessage());
    assertTrue(e.getMessage().contains("looks like text"), e.getMessage());
  }

  @Test
  void unknownBinaryShowsTheFirstBytesInHex() {
    byte[] bytes = {0x00, 0x01, 0x02, (byte) 0xAB, (byte) 0xCD, 0x05, 0x06, 0x07, 0x08, 0x09};
    MediaException e = assertThrows(MediaException.class, () -> decoder.decode(bytes, "blob"));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    assertTrue(e.getMessage().contains("00 01 02 ab cd 05"), e.getMessage());
  }

  @Test
  void pdfIsNamedAsSuch() {
    byte[] pdf =
        "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    MediaException e = assertThrows(MediaException.class, () -> decoder.decode(pdf, "doc.jpg"));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    assertTrue(e.getMessage().contains("PDF"), e.getMessage());
  }
}
