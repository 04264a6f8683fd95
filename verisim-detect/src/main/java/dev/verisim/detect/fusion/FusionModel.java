package dev.verisim.detect.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A calibrated logistic regression over cue features: standardise each feature and clip it to
 * {@code +-CLIP} standard deviations, take the linear score {@code z = bias + w . x}, then map it
 * to a probability with Platt scaling {@code p = sigmoid(plattA * z + plattB)} fitted on held-out
 * data. Immutable and thread-safe.
 *
 * <p>The clip matters out of distribution: a feature far outside anything seen in training (a
 * 5-sigma spectral slope from a kind of image the training set lacked) would otherwise decide the
 * verdict alone by linear extrapolation.
 *
 * <p>Stored as JSON (see {@link #write(Path)}); the file carries everything needed to score.
 */
public record FusionModel(
    ModelInfo info,
    List<String> features,
    double[] mean,
    double[] scale,
    double[] weights,
    double bias,
    double plattA,
    double plattB,
    UncertainBand band) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Standardised features are clipped to this many standard deviations. */
  public static final double CLIP = 3.0;

  public FusionModel {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(band, "band");
    features = List.copyOf(features);
    int d = features.size();
    if (mean.length != d || scale.length != d || weights.length != d) {
      throw new IllegalArgumentException(
          "fusion model needs " + d + " means, scales and weights, one per feature");
    }
    for (double s : scale) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("feature scales must be positive, got " + s);
      }
    }
    mean = mean.clone();
    scale = scale.clone();
    weights = weights.clone();
  }

  /** The same model with another uncertain band. */
  public FusionModel withBand(UncertainBand newBand) {
    return new FusionModel(info, features, mean, scale, weights, bias, plattA, plattB, newBand);
  }

  /** The uncalibrated linear score of a feature vector in {@link #features()} order. */
  public double logit(double[] x) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * standardised(x[i], i);
    }
    return z;
  }

  /** The calibrated probability of fake for a feature vector in {@link #features()} order. */
  public double probability(double[] x) {
    return sigmoid(plattA * logit(x) + plattB);
  }

  /**
   * Picks this model's features out of a map of all cue features.
   *
   * @throws IllegalStateException naming the feature when a cue did not produce it
   */
  public double[] vector(Map<String, Double> all) {
    double[] x = new double[features.size()];
    for (int i = 0; i < x.length; i++) {
      Double v = all.get(features.get(i));
      if (v == null) {
        throw new IllegalStateException(
            "model " + info.id() + " needs feature '" + features.get(i) + "' that no cue produced");
      }
      x[i] = v;
    }
    return x;
  }

  /** Feature {@code i} standardised and clipped, as the linear score sees it. */
  public double standardised(double value, int i) {
    return clip((value - mean[i]) / scale[i]);
  }

  static double clip(double z) {
    return Math.max(-CLIP, Math.min(CLIP, z));
  }

  /** Each feature's share of the linear score, for explanations: {@code w_i * z_i}. */
  public double[] contributions(double[] x) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = weights[i] * standardised(x[i], i);
    }
    return c;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Writes the model as pretty-printed JSON. */
  public void write(Path file) throws IOException {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", info.id());
    o.put("version", info.version());
    o.put("kind", "logistic-regression+platt");
    o.put("standardised_clip", CLIP);
    ArrayNode f = o.putArray("features");
    features.forEach(f::add);
    putArray(o, "mean", mean);
    putArray(o, "scale", scale);
    putArray(o, "weights", weights);
    o.put("bias", bias);
    ObjectNode cal = o.putObject("calibration");
    cal.put("method", "platt");
    cal.put("a", plattA);
    cal.put("b", plattB);
    o.putArray("uncertain_band").add(band.low()).add(band.high());
    Files.createDirectories(file.toAbsolutePath().getParent());
    MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), o);
  }

  private static void putArray(ObjectNode o, String name, double[] values) {
    ArrayNode a = o.putArray(name);
    for (double v : values) {
      a.add(v);
    }
  }

  /** Reads a model written by {@link #write(Path)}. */
  public static FusionModel read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a model from a stream.
   *
   * @param where the source's name, for error messages
   * @throws IOException naming the source and the missing or wrong field
   */
  public static FusionModel read(InputStream in, String where) throws IOException {
    JsonNode o = MAPPER.readTree(in);
    try {
      List<String> features = new ArrayList<>();
      required(o, "features", where).forEach(n -> features.add(n.asText()));
      JsonNode cal = required(o, "calibration", where);
      return new FusionModel(
          new ModelInfo(required(o, "id", where).asText(), required(o, "version", where).asText()),
          features,
          doubles(required(o, "mean", where)),
          doubles(required(o, "scale", where)),
          doubles(required(o, "weights", where)),
          required(o, "bias", where).asDouble(),
          required(cal, "a", where).asDouble(),
          required(cal, "b", where).asDouble(),
          o.has("uncertain_band")
              ? new UncertainBand(
                  o.get("uncertain_band").path(0).asDouble(),
                  o.get("uncertain_band").path(1).asDouble())
              : UncertainBand.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw new IOException("fusion model " + where + " is invalid: " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode o, String field, String where) throws IOException {
    JsonNode n = o == null ? null : o.get(field);
    if (n == null || n.isNull()) {
      throw new IOException("fusion model " + where + " has no field '" + field + "'");
    }
    return n;
  }

  private static double[] doubles(JsonNode array) {
    double[] d = new double[array.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = array.get(i).asDouble();
    }
    return d;
  }
}
