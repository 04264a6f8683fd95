package dev.verisim.detect.audio;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * MFCC and LFCC in Java, framed as in the ASVspoof LFCC-GMM baseline: pre-emphasis (0.97), 25 ms
 * Hamming windows every 10 ms, a 512-point FFT power spectrum, a triangular filter bank (mel for
 * MFCC, linear for LFCC), the log of each filter's energy, an orthonormal DCT-II keeping the first
 * coefficients (c0 included), then deltas and delta-deltas (regression over +-2 frames, edges
 * repeated). Immutable and thread-safe; each call allocates its own FFT buffers.
 *
 * <pre>{@code
 * float[][] lfcc = CepstralFeatures.lfcc().compute(audio.samples()); // [frames][60]
 * }</pre>
 */
public final class CepstralFeatures {
  /** Samples per frame: 25 ms at 16 kHz. */
  public static final int FRAME = 400;

  /** Samples between frame starts: 10 ms at 16 kHz. */
  public static final int HOP = 160;

  /** FFT length; frames are zero-padded to it. */
  public static final int FFT = 512;

  static final double PRE_EMPHASIS = 0.97;

  // Keeps log() finite on digital silence; about -100 dB below a full-scale sine's frame energy.
  private static final double FLOOR = 1e-10;

  private static final int DELTA_WINDOW = 2;

  private final FilterBank bank;
  private final int coefficients;
  private final boolean deltas;
  private final double[][] dct;

  /**
   * @param bank the filter bank
   * @param coefficients cepstral coefficients kept (at most the number of filters)
   * @param deltas append deltas and delta-deltas (three times the width)
   */
  public CepstralFeatures(FilterBank bank, int coefficients, boolean deltas) {
    this.bank = Objects.requireNonNull(bank, "bank");
    if (coefficients < 1 || coefficients > bank.size()) {
      throw new IllegalArgumentException(
          "coefficients must be in [1, " + bank.size() + "], got " + coefficients);
    }
    this.coefficients = coefficients;
    this.deltas = deltas;
    this.dct = dctMatrix(coefficients, bank.size());
  }

  /** LFCC as in the ASVspoof baseline: 20 linear filters 0-8 kHz, 20 coefficients, with deltas. */
  public static CepstralFeatures lfcc() {
    return new CepstralFeatures(
        new FilterBank(FilterBank.Scale.LINEAR, 20, FFT, AudioDecoder.SAMPLE_RATE, 0, 8000),
        20,
        true);
  }

  /** MFCC: 40 mel filters 0-8 kHz, 20 coefficients, with deltas. */
  public static CepstralFeatures mfcc() {
    return new CepstralFeatures(
        new FilterBank(FilterBank.Scale.MEL, 40, FFT, AudioDecoder.SAMPLE_RATE, 0, 8000), 20, true);
  }

  /** Values per frame: the coefficients, times three with deltas. */
  public int dimension() {
    return deltas ? 3 * coefficients : coefficients;
  }

  public FilterBank bank() {
    return bank;
  }

  /** The number of frames of a signal of {@code samples} samples (at least one). */
  public static int frames(int samples) {
    return samples <= FRAME ? 1 : 1 + (samples - FRAME) / HOP;
  }

  /** The features of a 16 kHz signal: {@code [frames][dimension()]}. */
  public float[][] compute(float[] samples) {
    double[][] logEnergies = logFilterEnergies(samples, bank);
    int n = logEnergies.length;
    double[][] cep = new double[n][coefficients];
    for (int t = 0; t < n; t++) {
      for (int c = 0; c < coefficients; c++) {
        double s = 0;
        double[] row = dct[c];
        for (int m = 0; m < row.length; m++) {
          s += row[m] * logEnergies[t][m];
        }
        cep[t][c] = s;
      }
    }
    float[][] out = new float[n][dimension()];
    double[][] d = deltas ? delta(cep) : null;
    double[][] dd = deltas ? delta(d) : null;
    for (int t = 0; t < n; t++) {
      for (int c = 0; c < coefficients; c++) {
        out[t][c] = (float) cep[t][c];
        if (deltas) {
          out[t][coefficients + c] = (float) d[t][c];
          out[t][2 * coefficients + c] = (float) dd[t][c];
        }
      }
    }
    return out;
  }

  /**
   * The natural log of each filter's energy per frame, {@code [frames][filters]}: the front end
   * before the DCT (the CNN's input).
   */
  public static double[][] logFilterEnergies(float[] samples, FilterBank bank) {
    int n = frames(samples.length);
    double[][] out = new double[n][bank.size()];
    double[] window = hamming(FRAME);
    double[] buf = new double[FFT];
    double[] power = new double[FFT / 2 + 1];
    DoubleFFT_1D fft = new DoubleFFT_1D(FFT);
    for (int t = 0; t < n; t++) {
      int start = t * HOP;
      java.util.Arrays.fill(buf, 0);
      for (int i = 0; i < FRAME; i++) {
        int j = start + i;
        double x = j < samples.length ? samples[j] : 0;
        double prev = j - 1 >= 0 && j - 1 < samples.length ? samples[j - 1] : 0;
        buf[i] = (x - PRE_EMPHASIS * prev) * window[i];
      }
      powerSpectrum(fft, buf, power);
      bank.apply(power, out[t]);
      for (int m = 0; m < out[t].length; m++) {
        out[t][m] = Math.log(out[t][m] + FLOOR);
      }
    }
    return out;
  }

  /** The power spectrum {@code |X_k|^2}, k = 0..N/2, of {@code buf} (overwritten). */
  static void powerSpectrum(DoubleFFT_1D fft, double[] buf, double[] power) {
    int n = buf.length;
    fft.realForward(buf);
    // JTransforms' packing: buf[0] = Re[0], buf[1] = Re[n/2], then (Re[k], Im[k]) pairs.
    power[0] = buf[0] * buf[0];
    power[n / 2] = buf[1] * buf[1];
    for (int k = 1; k < n / 2; k++) {
      double re = buf[2 * k];
      double im = buf[2 * k + 1];
      power[k] = re * re + im * im;
    }
  }

  static double[] hamming(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
    }
    return w;
  }

  /** The orthonormal DCT-II, {@code rows} of {@code size}: its rows are orthonormal vectors. */
  static double[][] dctMatrix(int rows, int size) {
    double[][] m = new double[rows][size];
    for (int k = 0; k < rows; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / size);
      for (int i = 0; i < size; i++) {
        m[k][i] = scale * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * size));
      }
    }
    return m;
  }

  /** Regression deltas over +-{@value #DELTA_WINDOW} frames, with the edge frames repeated. */
  static double[][] delta(double[][] x) {
    int n = x.length;
    int d = n == 0 ? 0 : x[0].length;
    double denom = 0;
    for (int k = 1; k <= DELTA_WINDOW; k++) {
      denom += 2 * k * k;
    }
    double[][] out = new double[n][d];
    for (int t = 0; t < n; t++) {
      for (int k = 1; k <= DELTA_WINDOW; k++) {
        double[] next = x[Math.min(n - 1, t + k)];
        double[] prev = x[Math.max(0, t - k)];
        for (int j = 0; j < d; j++) {
          out[t][j] += k * (next[j] - prev[j]);
        }
      }
      for (int j = 0; j < d; j++) {
        out[t][j] /= denom;
      }
    }
    return out;
  }
}
