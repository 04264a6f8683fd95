package dev.verisim.detect.cue;

import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.verdict.CueEvidence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jtransforms.fft.FloatFFT_2D;

/**
 * Looks at the frequency content of the image for traces of upsampling and for an unusual fall-off
 * of fine detail.
 *
 * <p>Enlarging an image by interpolation (nearest, bilinear, the transposed convolutions of many
 * generators) makes every output pixel a weighted mix of a few source pixels, with weights that
 * repeat with the upsampling period, so the strength of fine detail repeats too. The magnitude of a
 * first- or second-difference residual therefore has a periodic mean, which shows as a sharp,
 * isolated peak at {@code k/factor} cycles per pixel in its 2D power spectrum. A camera image has
 * no such peak. The cue measures the strongest such peak against its spectral neighbourhood, and
 * the slope and share of high-frequency power in the azimuthally averaged spectrum of the luminance
 * itself.
 *
 * <p>Work is done on a centred crop of at most {@value #CROP} pixels a side at native resolution,
 * which bounds the time to a few tens of milliseconds. For JPEG inputs the frequencies of the 8x8
 * block grid are skipped, because compression blocks leave peaks there in every JPEG.
 *
 * <pre>{@code
 * CueEvidence e = new SpectrumCue().analyse(new CueInput(stillImage));
 * double[] spectrum = SpectrumCue.azimuthalSpectrum(input.luma()); // for a plot
 * }</pre>
 */
public final class SpectrumCue implements Cue {
  /** Largest side of the analysed crop, in pixels. */
  public static final int CROP = 512;

  public static final String PEAK_RATIO = "spectrum.peak_ratio";
  public static final String HF_SLOPE = "spectrum.hf_slope";
  public static final String HF_ENERGY = "spectrum.hf_energy";

  private static final List<String> FEATURES = List.of(PEAK_RATIO, HF_SLOPE, HF_ENERGY);

  /** Smallest crop side worth a spectrum; smaller images get neutral features. */
  private static final int MIN_SIDE = 32;

  /**
   * Peaks closer to the centre than this (cycles/pixel) belong to image content, not resampling.
   */
  private static final double MIN_PEAK_FREQUENCY = 0.04;

  /** Half-size of the neighbourhood a candidate peak is compared with, in frequency bins. */
  private static final int NEIGHBOURHOOD = 4;

  /** Neutral values, typical of a camera image, for inputs too small to measure. */
  private static final double NEUTRAL_PEAK = 3.0;

  private static final double NEUTRAL_SLOPE = -2.0;
  private static final double NEUTRAL_HF_ENERGY = -1.5;

  @Override
  public String name() {
    return "spectrum";
  }

  @Override
  public List<String> featureNames() {
    return FEATURES;
  }

  @Override
  public CueEvidence analyse(CueInput input) {
    LumaPlane luma = input.luma();
    Crop crop = Crop.centred(luma);
    if (crop == null) {
      Map<String, Double> features = new LinkedHashMap<>();
      features.put(PEAK_RATIO, NEUTRAL_PEAK);
      features.put(HF_SLOPE, NEUTRAL_SLOPE);
      features.put(HF_ENERGY, NEUTRAL_HF_ENERGY);
      return new CueEvidence(
          name(),
          0.0,
          String.format(
              Locale.ROOT,
              "The image is too small (%dx%d pixels) for a frequency analysis; this check was"
                  + " skipped.",
              luma.width(),
              luma.height()),
          features);
    }
    boolean jpeg = input.image().format() == MediaFormat.JPEG;
    Peak first = strongestPeak(crop, false, jpeg);
    Peak second = strongestPeak(crop, true, jpeg);
    Peak peak = first.logRatio >= second.logRatio ? first : second;
    float[] lumaPower = power(crop, windowedLuma(crop));
    double[] spectrum = azimuthal(lumaPower, crop);
    double slope = highFrequencySlope(spectrum);
    double hfEnergy = highFrequencyShare(lumaPower, crop);

    double peakRatio = CueMath.bounded(peak.logRatio, 0, 30, NEUTRAL_PEAK);
    Map<String, Double> features = new LinkedHashMap<>();
    features.put(PEAK_RATIO, peakRatio);
    features.put(HF_SLOPE, CueMath.bounded(slope, -12, 4, NEUTRAL_SLOPE));
    features.put(HF_ENERGY, CueMath.bounded(hfEnergy, -6, 0, NEUTRAL_HF_ENERGY));

    // A camera image's largest chance peak is about e^3 = 20 times its neighbourhood; an
    // interpolation peak is hundreds to thousands of times.
    double score = CueMath.logistic(1.5 * (peakRatio - 5.5));
    double times = Math.exp(peakRatio);
    String explanation;
    if (peakRatio >= 5.5) {
      explanation =
          String.format(
              Locale.ROOT,
              "Fine detail repeats every %.1f pixels: a spectral peak %.0f times stronger than its"
                  + " surroundings, the trace an enlarged (upsampled) image leaves.",
              1 / Math.max(peak.frequency, 1e-6),
              times);
    } else {
      explanation =
          String.format(
              Locale.ROOT,
              "No repeating pattern in the fine detail: the strongest spectral peak is only %.0f"
                  + " times its surroundings, as in an image that was not enlarged.",
              times);
    }
    if (jpeg) {
      explanation += " JPEG block frequencies were ignored.";
    }
    return new CueEvidence(name(), score, explanation, features);
  }

  /**
   * The azimuthally averaged power spectrum of the Hann-windowed luminance of the centred crop, as
   * log10 of the mean power per radial frequency bin, for plots and reports. Bin {@code k} is the
   * frequency {@code k / (2 * (length - 1))} cycles per pixel, from 0 (the mean) to 0.5 (Nyquist).
   *
   * @return the spectrum, or a single 0 for an image smaller than 32 pixels a side
   */
  public static double[] azimuthalSpectrum(LumaPlane luma) {
    Crop crop = Crop.centred(luma);
    if (crop == null) {
      return new double[] {0};
    }
    return azimuthal(power(crop, windowedLuma(crop)), crop);
  }

  /** The analysed crop, even-sized so that Nyquist falls on a bin. */
  private record Crop(LumaPlane luma, int x0, int y0, int width, int height) {
    static Crop centred(LumaPlane luma) {
      int w = Math.min(luma.width(), CROP) & ~1;
      int h = Math.min(luma.height(), CROP) & ~1;
      if (w < MIN_SIDE || h < MIN_SIDE) {
        return null;
      }
      return new Crop(luma, (luma.width() - w) / 2, (luma.height() - h) / 2, w, h);
    }

    float at(int x, int y) {
      // Clamped so that differences at the crop's border stay defined.
      int xx = Math.max(0, Math.min(luma.width() - 1, x0 + x));
      int yy = Math.max(0, Math.min(luma.height() - 1, y0 + y));
      return luma.at(xx, yy);
    }

    int side() {
      return Math.min(width, height);
    }
  }

  private record Peak(double logRatio, double frequency) {}

  /** Luminance minus its mean, times a 2D Hann window, so the crop's edges leave no streaks. */
  private static float[] windowedLuma(Crop crop) {
    int w = crop.width();
    int h = crop.height();
    float[] values = new float[w * h];
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = crop.at(x, y);
        values[y * w + x] = v;
        sum += v;
      }
    }
    return hann(values, w, h, (float) (sum / values.length));
  }

  /**
   * The magnitude of a first or second difference along x plus along y. Where interpolation made
   * pixels averages of their neighbours this is small, elsewhere it carries the image's detail, so
   * its mean repeats with the upsampling period. Both orders are needed: for a 2x enlargement with
   * half-pixel alignment the second difference is the same at even and odd pixels, the first is
   * not; for pixel-aligned interpolation the reverse can hold.
   */
  private static float[] windowedResidual(Crop crop, boolean secondOrder) {
    int w = crop.width();
    int h = crop.height();
    float[] values = new float[w * h];
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float c = crop.at(x, y);
        float v;
        if (secondOrder) {
          v =
              Math.abs(crop.at(x - 1, y) - 2 * c + crop.at(x + 1, y))
                  + Math.abs(crop.at(x, y - 1) - 2 * c + crop.at(x, y + 1));
        } else {
          v = Math.abs(crop.at(x + 1, y) - c) + Math.abs(crop.at(x, y + 1) - c);
        }
        values[y * w + x] = v;
        sum += v;
      }
    }
    return hann(values, w, h, (float) (sum / values.length));
  }

  private static float[] hann(float[] values, int w, int h, float mean) {
    float[] wx = hannWindow(w);
    float[] wy = hannWindow(h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        values[i] = (values[i] - mean) * wx[x] * wy[y];
      }
    }
    return values;
  }

  private static float[] hannWindow(int n) {
    float[] window = new float[n];
    for (int i = 0; i < n; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n));
    }
    return window;
  }

  /** The 2D power spectrum, row-major, DC at (0,0) (not shifted). */
  private static float[] power(Crop crop, float[] values) {
    int w = crop.width();
    int h = crop.height();
    float[] data = new float[2 * w * h];
    System.arraycopy(values, 0, data, 0, values.length);
    new FloatFFT_2D(h, w).realForwardFull(data);
    float[] power = new float[w * h];
    for (int i = 0; i < power.length; i++) {
      float re = data[2 * i];
      float im = data[2 * i + 1];
      power[i] = re * re + im * im;
    }
    return power;
  }

  /** Signed frequency of FFT index {@code k} of {@code n}, in cycles per pixel. */
  private static double frequency(int k, int n) {
    return (k <= n / 2 ? k : k - n) / (double) n;
  }

  private static double[] azimuthal(float[] power, Crop crop) {
    int w = crop.width();
    int h = crop.height();
    int side = crop.side();
    int bins = side / 2 + 1;
    double[] sum = new double[bins];
    int[] count = new int[bins];
    for (int ky = 0; ky < h; ky++) {
      double fy = frequency(ky, h);
      for (int kx = 0; kx < w; kx++) {
        double fx = frequency(kx, w);
        int bin = (int) Math.round(Math.sqrt(fx * fx + fy * fy) * side);
        if (bin < bins) {
          sum[bin] += power[ky * w + kx];
          count[bin]++;
        }
      }
    }
    double[] spectrum = new double[bins];
    for (int b = 0; b < bins; b++) {
      spectrum[b] = Math.log10((count[b] == 0 ? 0 : sum[b] / count[b]) + 1e-12);
    }
    return spectrum;
  }

  /** Least-squares slope of log10 power against log10 frequency between 0.15 and 0.45 cycles/px. */
  private static double highFrequencySlope(double[] spectrum) {
    int side = 2 * (spectrum.length - 1);
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int n = 0;
    for (int b = 1; b < spectrum.length; b++) {
      double f = b / (double) side;
      if (f < 0.15 || f > 0.45) {
        continue;
      }
      double x = Math.log10(f);
      double y = spectrum[b];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      n++;
    }
    double denominator = n * sxx - sx * sx;
    if (n < 3 || denominator <= 0) {
      return NEUTRAL_SLOPE;
    }
    return (n * sxy - sx * sy) / denominator;
  }

  /** log10 of the share of (non-DC) power above 0.25 cycles/pixel; -6 for a flat image. */
  private static double highFrequencyShare(float[] power, Crop crop) {
    int w = crop.width();
    int h = crop.height();
    double total = 0;
    double high = 0;
    for (int ky = 0; ky < h; ky++) {
      double fy = frequency(ky, h);
      for (int kx = 0; kx < w; kx++) {
        if (kx == 0 && ky == 0) {
          continue;
        }
        double fx = frequency(kx, w);
        double p = power[ky * w + kx];
        total += p;
        if (fx * fx + fy * fy > 0.0625) {
          high += p;
        }
      }
    }
    // Below about 1e-3 grey levels of total variation the image is flat: nothing to measure.
    if (!(total > 1e-6 * w * h)) {
      return -6;
    }
    return Math.log10(Math.max(high / total, 1e-6));
  }

  /**
   * The strongest isolated peak in the spectrum of a difference residual, as the natural log of its
   * power over the geometric mean power of its neighbourhood (a 9x9 square of bins without the
   * central 3x3, so that a peak split between two bins is not compared with itself).
   */
  private static Peak strongestPeak(Crop crop, boolean secondOrder, boolean skipBlockGrid) {
    int w = crop.width();
    int h = crop.height();
    float[] power = power(crop, windowedResidual(crop, secondOrder));
    // A floor relative to the mean keeps log finite on flat images without favouring any bin.
    double mean = 0;
    for (float p : power) {
      mean += p;
    }
    mean /= power.length;
    if (!(mean > 1e-12)) {
      return new Peak(0, 0);
    }
    float floor = (float) (mean * 1e-9);
    float[] logPower = new float[power.length];
    for (int i = 0; i < power.length; i++) {
      logPower[i] = (float) Math.log(power[i] + floor);
    }
    double best = Double.NEGATIVE_INFINITY;
    double bestFrequency = 0;
    int r = NEIGHBOURHOOD;
    int neighbours = (2 * r + 1) * (2 * r + 1) - 9;
    // Only half of the spectrum: a real input's spectrum is symmetric.
    for (int ky = 0; ky <= h / 2; ky++) {
      double fy = frequency(ky, h);
      for (int kx = 0; kx < w; kx++) {
        double fx = frequency(kx, w);
        double rho = Math.sqrt(fx * fx + fy * fy);
        if (rho < MIN_PEAK_FREQUENCY) {
          continue;
        }
        // Block edges every 8 pixels put energy along whole lines fx = k/8 (and fy = k/8), not
        // only at their crossings.
        if (skipBlockGrid && (onBlockGrid(fx, w) || onBlockGrid(fy, h))) {
          continue;
        }
        float centre = logPower[ky * w + kx];
        double neighbourhood = 0;
        for (int dy = -r; dy <= r; dy++) {
          int row = Math.floorMod(ky + dy, h) * w;
          for (int dx = -r; dx <= r; dx++) {
            if (Math.abs(dx) <= 1 && Math.abs(dy) <= 1) {
              continue;
            }
            neighbourhood += logPower[row + Math.floorMod(kx + dx, w)];
          }
        }
        double ratio = centre - neighbourhood / neighbours;
        if (ratio > best) {
          best = ratio;
          bestFrequency = rho;
        }
      }
    }
    if (best == Double.NEGATIVE_INFINITY) {
      return new Peak(0, 0);
    }
    return new Peak(best, bestFrequency);
  }

  /** True when a frequency lies within one bin of a multiple of 1/8 cycles per pixel. */
  private static boolean onBlockGrid(double f, int n) {
    double nearest = Math.rint(f * 8) / 8;
    return Math.abs(f - nearest) * n <= 1.0;
  }
}
