package dev.verisim.gan.quality;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Multi-scale structural similarity, MS-SSIM (Wang, Simoncelli and Bovik, "Multi-scale structural
 * similarity for image quality assessment", 2003): 1 for identical images, lower the less two
 * images share structure, compared at five scales so that both fine detail and layout count.
 *
 * <p>It follows the Python port of the authors' MATLAB code that the AC-GAN and Progressive-GAN
 * papers used ({@code msssim.py} of the TensorFlow models, copied as {@code ms_ssim.py} into Karras
 * et al.'s code): Gaussian window 11x11 with sigma 1.5, "valid" filtering (no padding), K1 0.01, K2
 * 0.03, L 255, 2x2 average downsampling between scales (an odd row or column is dropped), weights
 * 0.0448, 0.2856, 0.3001, 0.2363, 0.1333 (they sum to 0.9999, as in the paper). Contrast and
 * structure are taken at the four finer scales, luminance too at the coarsest; each scale's value
 * is clipped at 0 before the weighted product.
 *
 * <p><b>Colour:</b> the R, G and B planes are compared separately and their SSIM maps averaged (the
 * mean runs over pixels and channels), as in that code; there is no conversion to luma.
 *
 * <p><b>Small images:</b> where a scale is smaller than the 11-pixel window (a 64-pixel image is 4
 * pixels at the fifth scale), the window shrinks to the scale's size and sigma shrinks with it
 * ({@code sigma = 1.5 * size / 11}), as that code does; an even window is centred between pixels
 * like MATLAB's {@code fspecial}. So all five scales and the paper's weights are kept. Images must
 * be at least 16 pixels on each side so that the fifth scale has a pixel.
 */
public final class MsSsim {
  /** The weights of the five scales, finest first (Wang et al. 2003, table 1 fit). */
  static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};

  private static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = (0.01 * 255) * (0.01 * 255);
  private static final double C2 = (0.03 * 255) * (0.03 * 255);

  private MsSsim() {}

  /** MS-SSIM of two 8-bit sRGB images of the same size, in [0, 1]; symmetric in its arguments. */
  public static double msSsim(BufferedImage a, BufferedImage b) {
    int w = a.getWidth();
    int h = a.getHeight();
    if (b.getWidth() != w || b.getHeight() != h) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "sizes differ: %dx%d and %dx%d", w, h, b.getWidth(), b.getHeight()));
    }
    int minSide = 1 << (WEIGHTS.length - 1);
    if (w < minSide || h < minSide) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%dx%d is smaller than %d pixels a side", w, h, minSide));
    }
    return msSsim(toDouble(Planes.rgb(a)), toDouble(Planes.rgb(b)), w, h);
  }

  static double msSsim(double[][] x, double[][] y, int w, int h) {
    double result = 1;
    for (int scale = 0; scale < WEIGHTS.length; scale++) {
      double[] ssimAndCs = ssim(x, y, w, h);
      boolean last = scale == WEIGHTS.length - 1;
      double value = Math.max(0, last ? ssimAndCs[0] : ssimAndCs[1]);
      result *= Math.pow(value, WEIGHTS[scale]);
      if (!last) {
        x = halve(x, w, h);
        y = halve(y, w, h);
        w /= 2;
        h /= 2;
      }
    }
    return result;
  }

  /** Mean SSIM and mean contrast-structure over the valid positions of all channels. */
  private static double[] ssim(double[][] x, double[][] y, int w, int h) {
    int size = Math.min(WINDOW, Math.min(w, h));
    double[] kernel = gaussian(size, SIGMA * size / WINDOW);
    int ow = w - size + 1;
    int oh = h - size + 1;
    double ssimSum = 0;
    double csSum = 0;
    double[] xx = new double[w * h];
    double[] yy = new double[w * h];
    double[] xy = new double[w * h];
    for (int c = 0; c < x.length; c++) {
      for (int i = 0; i < w * h; i++) {
        xx[i] = x[c][i] * x[c][i];
        yy[i] = y[c][i] * y[c][i];
        xy[i] = x[c][i] * y[c][i];
      }
      double[] mu1 = filterValid(x[c], w, h, kernel);
      double[] mu2 = filterValid(y[c], w, h, kernel);
      double[] s11 = filterValid(xx, w, h, kernel);
      double[] s22 = filterValid(yy, w, h, kernel);
      double[] s12 = filterValid(xy, w, h, kernel);
      for (int i = 0; i < ow * oh; i++) {
        double mu11 = mu1[i] * mu1[i];
        double mu22 = mu2[i] * mu2[i];
        double mu12 = mu1[i] * mu2[i];
        double v1 = 2 * (s12[i] - mu12) + C2;
        double v2 = (s11[i] - mu11) + (s22[i] - mu22) + C2;
        ssimSum += ((2 * mu12 + C1) * v1) / ((mu11 + mu22 + C1) * v2);
        csSum += v1 / v2;
      }
    }
    double n = (double) ow * oh * x.length;
    return new double[] {ssimSum / n, csSum / n};
  }

  /** MATLAB's {@code fspecial('gaussian', size, sigma)} as a 1-D factor: it is separable. */
  static double[] gaussian(int size, double sigma) {
    double[] g = new double[size];
    double centre = (size - 1) / 2.0;
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double d = i - centre;
      g[i] = Math.exp(-d * d / (2 * sigma * sigma));
      sum += g[i];
    }
    for (int i = 0; i < size; i++) {
      g[i] /= sum;
    }
    return g;
  }

  /** Separable filtering without padding: the output is (w - k + 1) x (h - k + 1). */
  private static double[] filterValid(double[] in, int w, int h, double[] k) {
    int ow = w - k.length + 1;
    int oh = h - k.length + 1;
    double[] rows = new double[ow * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int i = 0; i < k.length; i++) {
          s += k[i] * in[y * w + x + i];
        }
        rows[y * ow + x] = s;
      }
    }
    double[] out = new double[ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int i = 0; i < k.length; i++) {
          s += k[i] * rows[(y + i) * ow + x];
        }
        out[y * ow + x] = s;
      }
    }
    return out;
  }

  /** 2x2 box average; an odd last row or column is dropped. */
  private static double[][] halve(double[][] planes, int w, int h) {
    int hw = w / 2;
    int hh = h / 2;
    double[][] out = new double[planes.length][hw * hh];
    for (int c = 0; c < planes.length; c++) {
      double[] p = planes[c];
      for (int y = 0; y < hh; y++) {
        for (int x = 0; x < hw; x++) {
          int i = 2 * y * w + 2 * x;
          out[c][y * hw + x] = (p[i] + p[i + 1] + p[i + w] + p[i + w + 1]) * 0.25;
        }
      }
    }
    return out;
  }

  private static double[][] toDouble(float[][] planes) {
    double[][] out = new double[planes.length][];
    for (int c = 0; c < planes.length; c++) {
      out[c] = new double[planes[c].length];
      for (int i = 0; i < planes[c].length; i++) {
        out[c][i] = planes[c][i];
      }
    }
    return out;
  }
}
