package dev.verisim.detect.learned;

import dev.verisim.core.media.Degradations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Training-time augmentation and the network's input format, on plain {@link BufferedImage}s.
 *
 * <p>Every random choice comes from a {@link SplittableRandom} seeded by (seed, epoch, index), so a
 * sample's pixels depend only on those three numbers: not on thread scheduling, batch order or
 * whether the run was resumed. The chain follows what happens to an image on its way across the
 * internet: geometry (crop, flip), colour jitter, blur and noise, then a downscale and JPEG
 * re-compression, and the resize to the input size last.
 *
 * <pre>{@code
 * Augmentation aug = new Augmentation(CnnConfig.Augment.DEFAULT, 96, 7L);
 * float[] chw = aug.sample(Augmentation.cacheCopy(rgb, 96), epoch, index);
 * }</pre>
 */
public final class Augmentation {
  /** The cached copy of a training image is at most this many times the input size. */
  public static final double CACHE_FACTOR = 1.5;

  private final CnnConfig.Augment p;
  private final int inputSize;
  private final long seed;

  public Augmentation(CnnConfig.Augment probabilities, int inputSize, long seed) {
    this.p = java.util.Objects.requireNonNull(probabilities, "probabilities");
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
    }
    this.inputSize = inputSize;
    this.seed = seed;
  }

  /**
   * The copy of an image that training keeps in memory and inference starts from: downscaled so its
   * long side is at most {@link #CACHE_FACTOR} times the input size, never upscaled. Training and
   * inference take the same path so the network sees the same resampling in both.
   */
  public static BufferedImage cacheCopy(BufferedImage rgb, int inputSize) {
    int limit = (int) Math.round(inputSize * CACHE_FACTOR);
    if (Math.max(rgb.getWidth(), rgb.getHeight()) <= limit) {
      return rgb;
    }
    return Degradations.fitLongSide(rgb, limit);
  }

  /**
   * The network's input for an image: resized to {@code inputSize} square (bilinear, aspect not
   * kept), as channel-major floats R, G, B in [-1, 1].
   */
  public static float[] toChw(BufferedImage rgb, int inputSize) {
    BufferedImage img =
        rgb.getWidth() == inputSize && rgb.getHeight() == inputSize
            ? rgb
            : Degradations.resize(rgb, inputSize, inputSize);
    int n = inputSize * inputSize;
    int[] px = img.getRGB(0, 0, inputSize, inputSize, null, 0, inputSize);
    float[] chw = new float[3 * n];
    for (int i = 0; i < n; i++) {
      int v = px[i];
      chw[i] = ((v >> 16) & 0xFF) / 127.5f - 1f;
      chw[n + i] = ((v >> 8) & 0xFF) / 127.5f - 1f;
      chw[2 * n + i] = (v & 0xFF) / 127.5f - 1f;
    }
    return chw;
  }

  /** The augmented network input of one training sample. */
  public float[] sample(BufferedImage cached, int epoch, int index) {
    return toChw(augment(cached, epoch, index), inputSize);
  }

  /**
   * The augmented image of one training sample, {@code inputSize} square. The order follows an
   * image's way across the internet: geometry and colour edits, then a platform's downscale and
   * JPEG re-encode, done at the cached resolution (near the source's) because a JPEG made there
   * leaves different traces from one made after the network's resize; the network's own resize
   * comes last, as in detection.
   */
  public BufferedImage augment(BufferedImage cached, int epoch, int index) {
    SplittableRandom r = random(epoch, index);
    BufferedImage img = cached;
    if (r.nextDouble() < p.crop()) {
      int side = Math.min(img.getWidth(), img.getHeight());
      int crop = Math.max(1, (int) Math.round(side * (0.7 + 0.3 * r.nextDouble())));
      int x = r.nextInt(img.getWidth() - crop + 1);
      int y = r.nextInt(img.getHeight() - crop + 1);
      img = crop(img, x, y, crop, crop);
    }
    if (r.nextDouble() < p.flip()) {
      img = flip(img);
    }
    if (r.nextDouble() < p.colour()) {
      img =
          colourJitter(
              img,
              1 + 0.4 * (r.nextDouble() - 0.5),
              1 + 0.4 * (r.nextDouble() - 0.5),
              1 + 0.4 * (r.nextDouble() - 0.5));
    }
    if (r.nextDouble() < p.blur()) {
      img = Degradations.blur(img, 1);
    }
    if (r.nextDouble() < p.noise()) {
      img = Degradations.noise(img, 1 + 5 * r.nextDouble(), r.nextLong());
    }
    if (r.nextDouble() < p.rescale()) {
      double factor = 0.5 + 0.5 * r.nextDouble();
      if (Math.min(img.getWidth(), img.getHeight()) * factor >= 8) {
        img = Degradations.scale(img, factor);
      }
    }
    if (r.nextDouble() < p.jpeg()) {
      img = jpeg(img, 50 + r.nextInt(46));
    }
    return img.getWidth() == inputSize && img.getHeight() == inputSize
        ? img
        : Degradations.resize(img, inputSize, inputSize);
  }

  private SplittableRandom random(int epoch, int index) {
    // Mix the three numbers into one seed; SplittableRandom scrambles it further.
    long s = seed * 0x9E3779B97F4A7C15L + epoch;
    s = s * 0xBF58476D1CE4E5B9L + index;
    return new SplittableRandom(s);
  }

  static BufferedImage crop(BufferedImage rgb, int x, int y, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb.getRGB(x, y, w, h, null, 0, w), 0, w);
    return out;
  }

  static BufferedImage flip(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[px.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = px[y * w + (w - 1 - x)];
      }
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, out, 0, w);
    return img;
  }

  /**
   * Scales brightness (a gain on every channel), contrast (distance from the mean grey) and
   * saturation (distance from each pixel's grey); 1 leaves the image unchanged.
   */
  static BufferedImage colourJitter(
      BufferedImage rgb, double brightness, double contrast, double saturation) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    double mean = 0;
    for (int v : px) {
      mean += grey(v);
    }
    mean /= px.length;
    for (int i = 0; i < px.length; i++) {
      int v = px[i];
      double g = grey(v);
      int[] c = {(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF};
      int out = 0;
      for (int k = 0; k < 3; k++) {
        double x = g + saturation * (c[k] - g);
        x = mean + contrast * (x - mean);
        x = brightness * x;
        out = (out << 8) | (int) Math.max(0, Math.min(255, Math.round(x)));
      }
      px[i] = out;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, px, 0, w);
    return img;
  }

  private static double grey(int v) {
    return 0.299 * ((v >> 16) & 0xFF) + 0.587 * ((v >> 8) & 0xFF) + 0.114 * (v & 0xFF);
  }

  /** JPEG-encoded at {@code quality} and decoded again. */
  static BufferedImage jpeg(BufferedImage rgb, int quality) {
    byte[] bytes = Degradations.jpeg(rgb, quality);
    try {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
      BufferedImage out =
          new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = out.createGraphics();
      try {
        g.drawImage(decoded, 0, 0, null);
      } finally {
        g.dispose();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("decoding a JPEG made in memory failed", e);
    }
  }
}
