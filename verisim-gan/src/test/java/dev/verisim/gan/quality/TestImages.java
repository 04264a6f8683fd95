package dev.verisim.gan.quality;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Seeded images for the quality tests, and the tiles written by bench/quality_reference.py. */
final class TestImages {
  private TestImages() {}

  /** A smooth colour gradient in a random direction with a random offset per channel. */
  static BufferedImage gradient(int side, Random random) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    double angle = random.nextDouble() * 2 * Math.PI;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    int[] base = {random.nextInt(128), random.nextInt(128), random.nextInt(128)};
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double t = ((x * cos + y * sin) / side + 1) / 2; // 0..1
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          rgb = rgb << 8 | clamp(base[c] + 127 * t);
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** Independent uniform noise in every channel of every pixel. */
  static BufferedImage noise(int side, Random random) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  /** The image plus Gaussian noise of the given standard deviation, rounded and clipped. */
  static BufferedImage withNoise(BufferedImage source, double sigma, Random random) {
    int side = source.getWidth();
    BufferedImage image = new BufferedImage(side, source.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < source.getHeight(); y++) {
      for (int x = 0; x < side; x++) {
        int in = source.getRGB(x, y);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          rgb = rgb << 8 | clamp(((in >>> shift) & 0xff) + sigma * random.nextGaussian());
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  static List<BufferedImage> gradients(int count, int side, long seed) {
    Random random = new Random(seed);
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(gradient(side, random));
    }
    return out;
  }

  static List<BufferedImage> noises(int count, int side, long seed) {
    Random random = new Random(seed);
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(noise(side, random));
    }
    return out;
  }

  /** The 64x64 tiles of a strip in this package's resources (smooth.png, noisy.png). */
  static List<BufferedImage> tiles(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      BufferedImage strip = ImageIO.read(in);
      List<BufferedImage> out = new ArrayList<>();
      for (int x = 0; x + 64 <= strip.getWidth(); x += 64) {
        out.add(strip.getSubimage(x, 0, 64, 64));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
