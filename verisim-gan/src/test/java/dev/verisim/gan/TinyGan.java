package dev.verisim.gan;

import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small configurations and data for fast tests. */
final class TinyGan {
  private TinyGan() {}

  static GanConfig config(GanConfig.Architecture arch, GanConfig.Loss loss, int steps) {
    return GanConfig.builder()
        .optResolution(32)
        .optArchitecture(arch)
        .optLoss(loss)
        .optCrop(GanConfig.Crop.CENTRE)
        .optWidth(8)
        .optLatent(16)
        .optEmaHalfLifeImages(200)
        .optBatch(4)
        .optSteps(steps)
        .optHeldOutFraction(0.25)
        .optCheckpointEvery(2)
        .optSampleEvery(2)
        .optLogEvery(1)
        .optSeed(11)
        .build();
  }

  static GanConfig withR1(GanConfig c, double gamma, int interval) {
    return c.toBuilder().optR1Gamma(gamma).optR1Interval(interval).build();
  }

  /** A folder of {@code n} textured 48x40 images in two formats. */
  static Path folder(Path dir, int n) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    for (int i = 0; i < n; i++) {
      BufferedImage img = SyntheticImages.naturalTexture(48, 40, i);
      Path file =
          i % 2 == 0 ? dir.resolve("img" + i + ".png") : dir.resolve("sub/img" + i + ".jpg");
      ImageIO.write(img, i % 2 == 0 ? "png" : "jpg", file.toFile());
    }
    return dir;
  }
}
