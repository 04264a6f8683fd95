package dev.verisim.testkit;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Seeded synthetic images with a known property, for tests of forensic cues: a camera-like texture,
 * the same texture made at low resolution and upsampled, added sensor noise, pasted regions.
 *
 * <p>Every method is deterministic for a given seed. Images are {@link BufferedImage#TYPE_INT_RGB}
 * and grey (R = G = B), so their luminance is known exactly.
 *
 * <pre>{@code
 * BufferedImage real = SyntheticImages.naturalTexture(512, 512, 7);
 * BufferedImage fake = SyntheticImages.upsampled(
 *     SyntheticImages.naturalTexture(256, 256, 7), 2, SyntheticImages.Interpolation.BILINEAR);
 * }</pre>
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  /** How {@link #upsampled} fills the new pixels. */
  public enum Interpolation {
    NEAREST,
    BILINEAR
  }

  /**
   * A stationary texture with a roughly 1/f amplitude spectrum, like natural photographs, plus mild
   * sensor noise (sigma 1.5 grey levels). Built as a sum of white-noise fields blurred at doubling
   * scales, so it has no grid and no periodicity an upsampling detector could mistake for
   * resampling.
   */
  public static BufferedImage naturalTexture(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] sum = new float[width * height];
    // Scale 0 is unblurred white noise; amplitude grows with scale to give a 1/f spectrum.
    for (int scale = 0; scale <= 6; scale++) {
      int radius = scale == 0 ? 0 : 1 << (scale - 1);
      float[] field = gaussianField(width, height, random);
      if (radius > 0) {
        // Three box passes approximate a Gaussian blur and leave no box-shaped spectral ripples
        // strong enough to matter.
        for (int pass = 0; pass < 3; pass++) {
          boxBlur(field, width, height, radius);
        }
      }
      float gain = (float) (Math.sqrt(2.0 * radius + 1.0) * (1 << scale));
      for (int i = 0; i < sum.length; i++) {
        sum[i] += gain * field[i];
      }
    }
    float[] normalised = normalise(sum, 128f, 32f);
    for (int i = 0; i < normalised.length; i++) {
      normalised[i] += (float) (1.5 * random.nextGaussian());
    }
    return grey(width, height, normalised);
  }

  /** Upsamples by an integer factor with pixel-centre alignment, as image libraries do. */
  public static BufferedImage upsampled(
      BufferedImage small, int factor, Interpolation interpolation) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be >= 1, got " + factor);
    }
    int sw = small.getWidth();
    int sh = small.getHeight();
    float[] src = luma(small);
    int w = sw * factor;
    int h = sh * factor;
    float[] dst = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float value;
        if (interpolation == Interpolation.NEAREST) {
          value = src[(y / factor) * sw + x / factor];
        } else {
          double fx = (x + 0.5) / factor - 0.5;
          double fy = (y + 0.5) / factor - 0.5;
          int x0 = (int) Math.floor(fx);
          int y0 = (int) Math.floor(fy);
          double ax = fx - x0;
          double ay = fy - y0;
          int xa = clamp(x0, sw);
          int xb = clamp(x0 + 1, sw);
          int ya = clamp(y0, sh);
          int yb = clamp(y0 + 1, sh);
          double top = (1 - ax) * src[ya * sw + xa] + ax * src[ya * sw + xb];
          double bottom = (1 - ax) * src[yb * sw + xa] + ax * src[yb * sw + xb];
          value = (float) ((1 - ay) * top + ay * bottom);
        }
        dst[y * w + x] = value;
      }
    }
    return grey(w, h, dst);
  }

  /** Adds zero-mean Gaussian noise of the given sigma (grey levels) equally to R, G and B. */
  public static BufferedImage withNoise(BufferedImage image, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        double n = sigma * random.nextGaussian();
        int r = clampByte(((p >> 16) & 0xFF) + n);
        int g = clampByte(((p >> 8) & 0xFF) + n);
        int b = clampByte((p & 0xFF) + n);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** A copy of {@code base} with the rectangle (x, y, w, h) taken from {@code source}. */
  public static BufferedImage paste(
      BufferedImage base, BufferedImage source, int x, int y, int w, int h) {
    BufferedImage out = copy(base);
    int[] region = source.getRGB(x, y, w, h, null, 0, w);
    out.setRGB(x, y, w, h, region, 0, w);
    return out;
  }

  /** A Gaussian-like blur (three box passes of the given radius), which removes sensor noise. */
  public static BufferedImage blurred(BufferedImage image, int radius) {
    float[] y = luma(image);
    for (int pass = 0; pass < 3; pass++) {
      boxBlur(y, image.getWidth(), image.getHeight(), radius);
    }
    return grey(image.getWidth(), image.getHeight(), y);
  }

  /**
   * Vertical stripes: a horizontal sinusoid of the given period in pixels, so its spectrum has one
   * peak at 1/period cycles per pixel along x.
   */
  public static BufferedImage stripes(int width, int height, double period) {
    float[] y = new float[width * height];
    for (int row = 0; row < height; row++) {
      for (int x = 0; x < width; x++) {
        y[row * width + x] = (float) (128 + 80 * Math.sin(2 * Math.PI * x / period));
      }
    }
    return grey(width, height, y);
  }

  /** Every pixel the same grey. */
  public static BufferedImage constant(int width, int height, int grey) {
    float[] y = new float[width * height];
    java.util.Arrays.fill(y, grey);
    return grey(width, height, y);
  }

  /** Independent uniformly random RGB pixels. */
  public static BufferedImage randomPixels(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return out;
  }

  /** A grey image from luminance values, rounded and clamped to 0..255. */
  public static BufferedImage grey(int width, int height, float[] luma) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[width * height];
    for (int i = 0; i < argb.length; i++) {
      int v = clampByte(luma[i]);
      argb[i] = (v << 16) | (v << 8) | v;
    }
    out.setRGB(0, 0, width, height, argb, 0, width);
    return out;
  }

  /** The BT.601 luminance of an image, row-major. */
  public static float[] luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] y = new float[w * h];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      y[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
    }
    return y;
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(image, 0, 0, null);
    return out;
  }

  private static float[] gaussianField(int width, int height, SplittableRandom random) {
    float[] field = new float[width * height];
    for (int i = 0; i < field.length; i++) {
      field[i] = (float) random.nextGaussian();
    }
    return field;
  }

  /** Stretches values to the given mean and standard deviation. */
  private static float[] normalise(float[] values, float mean, float std) {
    double sum = 0;
    double sumSq = 0;
    for (float v : values) {
      sum += v;
      sumSq += (double) v * v;
    }
    double m = sum / values.length;
    double s = Math.sqrt(Math.max(sumSq / values.length - m * m, 1e-12));
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) (mean + std * (values[i] - m) / s);
    }
    return out;
  }

  /** In-place separable box blur with edge clamping. */
  private static void boxBlur(float[] data, int width, int height, int radius) {
    float[] line = new float[Math.max(width, height)];
    float norm = 1f / (2 * radius + 1);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        line[x] = data[row + x];
      }
      blurLine(line, width, radius, norm, data, row, 1);
    }
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        line[y] = data[y * width + x];
      }
      blurLine(line, height, radius, norm, data, x, width);
    }
  }

  private static void blurLine(
      float[] line, int n, int radius, float norm, float[] out, int start, int stride) {
    double acc = 0;
    for (int k = -radius; k <= radius; k++) {
      acc += line[clamp(k, n)];
    }
    for (int i = 0; i < n; i++) {
      out[start + i * stride] = (float) (acc * norm);
      acc += line[clamp(i + radius + 1, n)] - line[clamp(i - radius, n)];
    }
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }

  private static int clampByte(double v) {
    long r = Math.round(v);
    return (int) (r < 0 ? 0 : (r > 255 ? 255 : r));
  }
}
