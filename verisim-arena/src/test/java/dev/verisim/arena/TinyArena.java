package dev.verisim.arena;

import dev.verisim.gan.GanConfig;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A tiny arena configuration and synthetic "real" images, for tests that finish in seconds. */
final class TinyArena {
  private TinyArena() {}

  static ArenaConfig config() {
    GanConfig gan =
        ArenaConfig.defaultGan(32, 4, 5).toBuilder()
            .optCrop(GanConfig.Crop.CENTRE)
            .optWidth(8)
            .optLatent(16)
            .optBatch(8)
            .optEmaHalfLifeImages(64)
            .optLogEvery(2)
            .optCheckpointEvery(2)
            .build();
    return new ArenaConfig(
        gan,
        6,
        12,
        4,
        8,
        1e-3,
        false,
        1.0,
        16,
        12,
        0.25,
        Laundering.parseAll(List.of("jpeg:50", "blur:1")),
        5);
  }

  /** {@code n} synthetic portraits and textures, 40x40, as PNG files. */
  static Path reals(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      BufferedImage img =
          i % 2 == 0
              ? SyntheticFaces.portrait(40, 40, 20 + i % 7)
              : SyntheticImages.naturalTexture(40, 40, 100 + i);
      ImageIO.write(
          SyntheticImages.withNoise(img, 3, i),
          "png",
          dir.resolve(String.format(Locale.ROOT, "real-%03d.png", i)).toFile());
    }
    return dir;
  }
}
