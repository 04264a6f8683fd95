package dev.verisim.detect.audio;

/**
 * Triangular filters over the bins of a power spectrum: on the mel scale (HTK's {@code 2595 log10(1
 * + f/700)}) for MFCC, equally spaced in hertz for LFCC. Adjacent filters overlap by half; each
 * peaks at 1 at its centre.
 */
public final class FilterBank {
  /** How the filter centres are spaced. */
  public enum Scale {
    MEL,
    LINEAR
  }

  private final double[][] weights; // [filter][bin]
  private final int[] firstBin;
  private final int[] lastBin;

  /**
   * @param scale mel or linear spacing
   * @param filters the number of filters
   * @param fftSize the FFT length (the spectrum has {@code fftSize / 2 + 1} bins)
   * @param sampleRate the signal's sample rate
   * @param lowHz the lower edge of the first filter
   * @param highHz the upper edge of the last filter (at most the Nyquist frequency)
   */
  public FilterBank(
      Scale scale, int filters, int fftSize, int sampleRate, double lowHz, double highHz) {
    if (filters < 1 || !(highHz > lowHz) || highHz > sampleRate / 2.0 + 1e-9 || lowHz < 0) {
      throw new IllegalArgumentException(
          "bad filter bank: " + filters + " filters, " + lowHz + "-" + highHz + " Hz");
    }
    int bins = fftSize / 2 + 1;
    double lo = warp(scale, lowHz);
    double hi = warp(scale, highHz);
    double[] edges = new double[filters + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = unwarp(scale, lo + (hi - lo) * i / (filters + 1));
    }
    weights = new double[filters][bins];
    firstBin = new int[filters];
    lastBin = new int[filters];
    for (int m = 0; m < filters; m++) {
      double left = edges[m];
      double centre = edges[m + 1];
      double right = edges[m + 2];
      firstBin[m] = bins;
      lastBin[m] = -1;
      for (int k = 0; k < bins; k++) {
        double f = k * (double) sampleRate / fftSize;
        double w;
        if (f > left && f <= centre) {
          w = (f - left) / (centre - left);
        } else if (f > centre && f < right) {
          w = (right - f) / (right - centre);
        } else {
          w = 0;
        }
        if (w > 0) {
          weights[m][k] = w;
          firstBin[m] = Math.min(firstBin[m], k);
          lastBin[m] = k;
        }
      }
    }
  }

  /** The number of filters. */
  public int size() {
    return weights.length;
  }

  /** The weight of filter {@code m} at spectrum bin {@code bin}. */
  public double weight(int m, int bin) {
    return weights[m][bin];
  }

  /** Each filter's energy: the weighted sum of the power spectrum under it. */
  public void apply(double[] power, double[] out) {
    for (int m = 0; m < weights.length; m++) {
      double s = 0;
      double[] w = weights[m];
      for (int k = firstBin[m]; k <= lastBin[m]; k++) {
        s += w[k] * power[k];
      }
      out[m] = s;
    }
  }

  static double warp(Scale scale, double hz) {
    return scale == Scale.MEL ? 2595 * Math.log10(1 + hz / 700) : hz;
  }

  static double unwarp(Scale scale, double v) {
    return scale == Scale.MEL ? 700 * (Math.pow(10, v / 2595) - 1) : v;
  }
}
