package dev.verisim.provenance.watermark;

import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Seeded synthetic images for the watermark tests: no test reads a data set. */
final class TestImages {
  private TestImages() {}

  /**
   * A photo-like image: a 1/f texture tinted by a colour gradient, with a few soft shapes and, for
   * odd seeds, a face; sensor noise on top.
   */
  static BufferedImage photo(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] texture = SyntheticImages.luma(SyntheticImages.naturalTexture(width, height, seed));
    Color from =
        new Color(random.nextInt(40, 200), random.nextInt(40, 200), random.nextInt(40, 200));
    Color to = new Color(random.nextInt(40, 200), random.nextInt(40, 200), random.nextInt(40, 200));
    double contrast = 0.3 + 0.6 * random.nextDouble();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      double t = (double) y / height;
      for (int x = 0; x < width; x++) {
        double detail = contrast * (texture[y * width + x] - 128);
        int r = clamp(from.getRed() * (1 - t) + to.getRed() * t + detail);
        int g = clamp(from.getGreen() * (1 - t) + to.getGreen() * t + detail);
        int b = clamp(from.getBlue() * (1 - t) + to.getBlue() * t + detail);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    for (int i = 0; i < 3; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
      int s = random.nextInt(width / 8, width / 2);
      g.fillOval(random.nextInt(width), random.nextInt(height), s, s);
    }
    g.dispose();
    if (seed % 2 == 1) {
      SyntheticFaces.drawFace(image, width / 2.0, height / 2.0, width * 0.45);
      image = SyntheticFaces.soften(image);
    }
    return SyntheticImages.withNoise(image, 2.0, seed + 1);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
