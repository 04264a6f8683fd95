package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.testkit.BadFiles;
import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One decoder shared by threads gives each the same result it gives alone. */
class ConcurrentDecodingTest {
  @Test
  void sharedDecoderMatchesSerialResults() throws Exception {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    BufferedImage pattern = ImageFiles.pattern(96, 64, 9L);
    List<byte[]> inputs =
        List.of(
            ImageFiles.withExifOrientation(ImageFiles.jpeg(pattern, 0.9f), 6),
            ImageFiles.encode(pattern, "png"),
            ImageFiles.encode(pattern, "tiff"),
            ImageFiles.encode(pattern, "gif"),
            ImageFiles.webpLossy(),
            ImageFiles.cmykJpeg(pattern),
            BadFiles.truncatedJpeg());
    List<String> serial = new ArrayList<>();
    for (byte[] input : inputs) {
      serial.add(summary(decoder, input));
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4, r -> new Thread(r, "decode-test-" + threadNumber.incrementAndGet()));
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (byte[] input : inputs) {
          results.add(pool.submit(() -> summary(decoder, input)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals(serial.get(i % inputs.size()), results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Size, description and a checksum of every pixel, or the error code. */
  private static String summary(ImageDecoder decoder, byte[] input) {
    try {
      StillImage image = decoder.decode(input, "in");
      long checksum = 0;
      for (int y = 0; y < image.height(); y++) {
        for (int x = 0; x < image.width(); x++) {
          checksum = checksum * 31 + image.rgb().getRGB(x, y);
        }
      }
      return image.width()
          + "x"
          + image.height()
          + " "
          + image.sourceDescription()
          + " "
          + checksum;
    } catch (dev.verisim.core.MediaException e) {
      return e.code().id();
    }
  }
}
