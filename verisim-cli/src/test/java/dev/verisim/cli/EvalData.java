package dev.verisim.cli;

import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.MetadataFiles;
import dev.verisim.testkit.SyntheticImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Small labelled folders for the eval command's tests, written with the testkit. */
public final class EvalData {
  private EvalData() {}

  /**
   * Writes {@code perClass} camera-like textures under {@code SOURCE/real} and as many fakes under
   * {@code SOURCE/fake}: half declare themselves AI-generated, half are 2x upsampled.
   */
  public static void write(Path root, String source, int perClass) throws IOException {
    Path real = Files.createDirectories(root.resolve(source).resolve("real"));
    Path fake = Files.createDirectories(root.resolve(source).resolve("fake"));
    for (int i = 0; i < perClass; i++) {
      Files.write(
          real.resolve(String.format(Locale.ROOT, "r%02d.jpg", i)),
          ImageFiles.jpeg(SyntheticImages.naturalTexture(96, 96, 100 + i), 0.9f));
      if (i % 2 == 0) {
        byte[] declared =
            MetadataFiles.insertAfterSoi(
                ImageFiles.jpeg(SyntheticImages.naturalTexture(96, 96, 200 + i), 0.9f),
                MetadataFiles.xmpApp1(MetadataFiles.xmpPacket("trainedAlgorithmicMedia", null)));
        Files.write(fake.resolve(String.format(Locale.ROOT, "f%02d.jpg", i)), declared);
      } else {
        Files.write(
            fake.resolve(String.format(Locale.ROOT, "f%02d.png", i)),
            ImageFiles.encode(
                SyntheticImages.upsampled(
                    SyntheticImages.naturalTexture(48, 48, 200 + i),
                    2,
                    SyntheticImages.Interpolation.BILINEAR),
                "png"));
      }
    }
  }
}
