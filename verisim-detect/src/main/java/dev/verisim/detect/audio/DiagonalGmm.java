package dev.verisim.detect.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A Gaussian mixture with diagonal covariances, fitted by EM from a seeded k-means++ start.
 * Immutable once fitted; scoring is thread-safe.
 *
 * <p>Why written here: the ASVspoof baseline needs only diagonal EM and frame log-likelihoods,
 * about two hundred lines. commons-math3's {@code MultivariateNormalMixtureExpectationMaximization}
 * fits full covariances (a 60x60 matrix inverse per component per iteration) and is far too slow at
 * a hundred thousand frames; Smile has a GMM but is a large dependency under the LGPL/GPL; nothing
 * else on Maven Central is both small and kept up. The model serialises to our own small JSON.
 */
public final class DiagonalGmm {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final double[] weights;
  private final double[][] means;
  private final double[][] variances;
  // Per component: log w_k - 0.5 * sum_d log(2 pi var_kd); and 1 / var.
  private final double[] constants;
  private final double[][] precisions;

  DiagonalGmm(double[] weights, double[][] means, double[][] variances) {
    int k = weights.length;
    if (k == 0 || means.length != k || variances.length != k) {
      throw new IllegalArgumentException("a mixture needs as many weights, means and variances");
    }
    this.weights = weights.clone();
    this.means = deepCopy(means);
    this.variances = deepCopy(variances);
    this.constants = new double[k];
    this.precisions = new double[k][];
    for (int c = 0; c < k; c++) {
      double s = Math.log(Math.max(weights[c], 1e-300));
      precisions[c] = new double[means[c].length];
      for (int d = 0; d < means[c].length; d++) {
        s -= 0.5 * (LOG_2PI + Math.log(variances[c][d]));
        precisions[c][d] = 1 / variances[c][d];
      }
      constants[c] = s;
    }
  }

  public int components() {
    return weights.length;
  }

  public int dimension() {
    return means[0].length;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double[] mean(int component) {
    return means[component].clone();
  }

  public double[] variance(int component) {
    return variances[component].clone();
  }

  /** The log density of one frame. */
  public double logLikelihood(float[] x) {
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[weights.length];
    for (int c = 0; c < weights.length; c++) {
      terms[c] = componentLog(c, x);
      max = Math.max(max, terms[c]);
    }
    double s = 0;
    for (double t : terms) {
      s += Math.exp(t - max);
    }
    return max + Math.log(s);
  }

  /** The mean log density of frames {@code [from, to)}. */
  public double meanLogLikelihood(float[][] frames, int from, int to) {
    double s = 0;
    for (int t = from; t < to; t++) {
      s += logLikelihood(frames[t]);
    }
    return s / Math.max(1, to - from);
  }

  private double componentLog(int c, float[] x) {
    double[] mu = means[c];
    double[] p = precisions[c];
    double q = 0;
    for (int d = 0; d < mu.length; d++) {
      double z = x[d] - mu[d];
      q += z * z * p[d];
    }
    return constants[c] - 0.5 * q;
  }

  /**
   * Fits a mixture.
   *
   * @param data frames, {@code [n][dimension]}; at least {@code components} of them
   * @param components the number of Gaussians
   * @param iterations EM iterations after k-means++ seeding and a few k-means steps
   * @param seed the seed of the k-means++ choices
   */
  public static DiagonalGmm fit(float[][] data, int components, int iterations, long seed) {
    int n = data.length;
    if (n < components) {
      throw new IllegalArgumentException(
          "need at least " + components + " frames for " + components + " components, got " + n);
    }
    int dim = data[0].length;
    double[] globalVar = new double[dim];
    double[] globalMean = new double[dim];
    for (float[] x : data) {
      for (int d = 0; d < dim; d++) {
        globalMean[d] += x[d] / (double) n;
      }
    }
    for (float[] x : data) {
      for (int d = 0; d < dim; d++) {
        globalVar[d] += (x[d] - globalMean[d]) * (x[d] - globalMean[d]) / n;
      }
    }
    // Variances never shrink below 1% of the data's: a component on a few identical frames (digital
    // silence) would otherwise collapse to a spike of infinite density.
    double[] floor = new double[dim];
    for (int d = 0; d < dim; d++) {
      floor[d] = Math.max(1e-6, 0.01 * globalVar[d]);
    }
    double[][] means = kMeansPlusPlus(data, components, new SplittableRandom(seed));
    int[] assign = new int[n];
    for (int it = 0; it < 5; it++) {
      lloyd(data, means, assign);
    }
    double[] weights = new double[components];
    double[][] vars = new double[components][dim];
    for (int i = 0; i < n; i++) {
      weights[assign[i]]++;
      for (int d = 0; d < dim; d++) {
        double z = data[i][d] - means[assign[i]][d];
        vars[assign[i]][d] += z * z;
      }
    }
    for (int c = 0; c < components; c++) {
      for (int d = 0; d < dim; d++) {
        vars[c][d] = weights[c] > 1 ? Math.max(floor[d], vars[c][d] / weights[c]) : globalVar[d];
        vars[c][d] = Math.max(vars[c][d], floor[d]);
      }
      weights[c] = Math.max(weights[c], 1) / n;
    }
    DiagonalGmm gmm = new DiagonalGmm(normalised(weights), means, vars);
    for (int it = 0; it < iterations; it++) {
      gmm = gmm.emStep(data, floor);
    }
    return gmm;
  }

  /** One EM iteration; sums are accumulated per block in parallel, then merged in order. */
  private DiagonalGmm emStep(float[][] data, double[] floor) {
    int k = components();
    int dim = dimension();
    int n = data.length;
    int blocks = Math.max(1, Math.min(64, n / 2048));
    double[][] nk = new double[blocks][];
    double[][][] s1 = new double[blocks][][];
    double[][][] s2 = new double[blocks][][];
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              double[] cnt = new double[k];
              double[][] sum = new double[k][dim];
              double[][] sq = new double[k][dim];
              double[] r = new double[k];
              for (int i = (int) ((long) n * b / blocks); i < (long) n * (b + 1) / blocks; i++) {
                float[] x = data[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                  r[c] = componentLog(c, x);
                  max = Math.max(max, r[c]);
                }
                double z = 0;
                for (int c = 0; c < k; c++) {
                  r[c] = Math.exp(r[c] - max);
                  z += r[c];
                }
                for (int c = 0; c < k; c++) {
                  double g = r[c] / z;
                  if (g < 1e-8) {
                    continue;
                  }
                  cnt[c] += g;
                  double[] sc = sum[c];
                  double[] qc = sq[c];
                  for (int d = 0; d < dim; d++) {
                    sc[d] += g * x[d];
                    qc[d] += g * x[d] * x[d];
                  }
                }
              }
              nk[b] = cnt;
              s1[b] = sum;
              s2[b] = sq;
            });
    double[] w = new double[k];
    double[][] mu = new double[k][dim];
    double[][] var = new double[k][dim];
    for (int c = 0; c < k; c++) {
      double cnt = 0;
      double[] sum = new double[dim];
      double[] sq = new double[dim];
      for (int b = 0; b < blocks; b++) {
        cnt += nk[b][c];
        for (int d = 0; d < dim; d++) {
          sum[d] += s1[b][c][d];
          sq[d] += s2[b][c][d];
        }
      }
      if (cnt < 1e-3) {
        // An empty component keeps its place; it will hardly be used.
        w[c] = 1e-3 / n;
        mu[c] = means[c].clone();
        var[c] = variances[c].clone();
        continue;
      }
      w[c] = cnt / n;
      for (int d = 0; d < dim; d++) {
        mu[c][d] = sum[d] / cnt;
        var[c][d] = Math.max(floor[d], sq[d] / cnt - mu[c][d] * mu[c][d]);
      }
    }
    return new DiagonalGmm(normalised(w), mu, var);
  }

  private static double[][] kMeansPlusPlus(float[][] data, int k, SplittableRandom rnd) {
    int n = data.length;
    int dim = data[0].length;
    double[][] centres = new double[k][];
    centres[0] = toDouble(data[rnd.nextInt(n)]);
    double[] dist = new double[n];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0;
      double[] last = centres[c - 1];
      for (int i = 0; i < n; i++) {
        dist[i] = Math.min(dist[i], squared(data[i], last));
        total += dist[i];
      }
      int pick = n - 1;
      if (total > 0) {
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          u -= dist[i];
          if (u <= 0) {
            pick = i;
            break;
          }
        }
      } else {
        pick = rnd.nextInt(n);
      }
      centres[c] = toDouble(data[pick]);
    }
    for (double[] ce : centres) {
      if (ce.length != dim) {
        throw new IllegalStateException("ragged data");
      }
    }
    return centres;
  }

  private static void lloyd(float[][] data, double[][] centres, int[] assign) {
    int k = centres.length;
    int dim = centres[0].length;
    IntStream.range(0, data.length)
        .parallel()
        .forEach(
            i -> {
              int best = 0;
              double bestD = Double.POSITIVE_INFINITY;
              for (int c = 0; c < k; c++) {
                double d = squared(data[i], centres[c]);
                if (d < bestD) {
                  bestD = d;
                  best = c;
                }
              }
              assign[i] = best;
            });
    double[][] sum = new double[k][dim];
    int[] cnt = new int[k];
    for (int i = 0; i < data.length; i++) {
      cnt[assign[i]]++;
      for (int d = 0; d < dim; d++) {
        sum[assign[i]][d] += data[i][d];
      }
    }
    for (int c = 0; c < k; c++) {
      if (cnt[c] > 0) {
        for (int d = 0; d < dim; d++) {
          centres[c][d] = sum[c][d] / cnt[c];
        }
      }
    }
  }

  private static double squared(float[] x, double[] c) {
    double s = 0;
    for (int d = 0; d < c.length; d++) {
      double z = x[d] - c[d];
      s += z * z;
    }
    return s;
  }

  private static double[] toDouble(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  private static double[] normalised(double[] w) {
    double s = Arrays.stream(w).sum();
    return Arrays.stream(w).map(v -> v / s).toArray();
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  /** The mixture as JSON: weights, means and variances (rounded to float precision). */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    o.put("components", components());
    o.put("dimension", dimension());
    ArrayNode w = o.putArray("weights");
    for (double v : weights) {
      w.add((float) v);
    }
    ArrayNode m = o.putArray("means");
    ArrayNode s = o.putArray("variances");
    for (int c = 0; c < components(); c++) {
      ArrayNode mc = m.addArray();
      ArrayNode sc = s.addArray();
      for (int d = 0; d < dimension(); d++) {
        mc.add((float) means[c][d]);
        sc.add((float) variances[c][d]);
      }
    }
    return o;
  }

  /** Reads {@link #toJson}'s output. */
  public static DiagonalGmm fromJson(JsonNode o, String what) throws IOException {
    try {
      int k = o.get("components").asInt();
      int dim = o.get("dimension").asInt();
      double[] w = new double[k];
      double[][] m = new double[k][dim];
      double[][] v = new double[k][dim];
      for (int c = 0; c < k; c++) {
        w[c] = o.get("weights").get(c).asDouble();
        for (int d = 0; d < dim; d++) {
          m[c][d] = o.get("means").get(c).get(d).asDouble();
          v[c][d] = o.get("variances").get(c).get(d).asDouble();
          if (!(v[c][d] > 0)) {
            throw new IOException(what + ": variance " + c + "," + d + " is not positive");
          }
        }
      }
      return new DiagonalGmm(w, m, v);
    } catch (NullPointerException e) {
      throw new IOException(what + " is not a mixture (a field is missing)", e);
    }
  }
}
