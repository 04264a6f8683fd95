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
    return new GanConfig(
        32,
        arch,
        loss,
        GanConfig.Crop.CENTRE,
        0.15,
        8,
        16,
        true,
        0,
        16,
        10,
        true,
        200,
        4,
        steps,
        2e-4,
        2e-4,
        0.5,
        0.999,
        0.25,
        2,
        2,
        1,
        11);
  }

  static GanConfig withR1(GanConfig c, double gamma, int interval) {
    return new GanConfig(
        c.resolution(),
        c.architecture(),
        c.loss(),
        c.crop(),
        c.faceMargin(),
        c.width(),
        c.latent(),
        c.spectralNorm(),
        gamma,
        interval,
        c.gpWeight(),
        c.diffAugment(),
        c.emaHalfLifeImages(),
        c.batch(),
        c.steps(),
        c.lrGenerator(),
        c.lrDiscriminator(),
        c.beta1(),
        c.beta2(),
        c.heldOutFraction(),
        c.checkpointEvery(),
        c.sampleEvery(),
        c.logEvery(),
        c.seed());
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
