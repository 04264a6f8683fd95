package dev.verisim.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.gan.net.GeneratorNet;
import dev.verisim.gan.net.Weights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trained generator, ready to make images: a run folder or model folder with {@code
 * generator.json} and {@code generator.params} (the averaged weights), or the shipped face
 * generator.
 *
 * <p>Image {@code i} of seed {@code s} always comes from the same latent, whatever the count, so
 * {@code sample(10, s)} starts with {@code sample(5, s)}. Truncation {@code t} in (0, 1] trades
 * variety for typicality: the style generator pulls its intermediate latent towards the training
 * average by {@code t}; the DCGAN, which has no such space, redraws latent values beyond {@code 3t}
 * standard deviations (so 1 is practically untruncated).
 */
public final class Generator implements AutoCloseable {
  /** The shipped face generator's folder on the classpath. */
  public static final String DEFAULT_RESOURCE = "/verisim/models/verisim-gan-faces/";

  /** Most images one call makes. */
  public static final int MAX_COUNT = 100_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int CHUNK = 32;

  private final String id;
  private final GanConfig config;
  private final GeneratorNet net;
  private final NDManager manager;
  private final Weights weights;

  private Generator(String id, GanConfig config, InputStream params, String source)
      throws IOException {
    this.id = id;
    this.config = config;
    this.net = config.generator();
    this.manager = NDManager.newBaseManager("PyTorch");
    try {
      this.weights = net.create(manager, config.seed());
      weights.load(params, source);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Loads {@code generator.json} and its weights from a run or model folder. */
  public static Generator load(Path folder) throws IOException {
    Path json = folder.resolve(GanTrainer.GENERATOR_JSON);
    if (!Files.isRegularFile(json)) {
      throw new IOException(
          folder
              + " is not a generator: it has no "
              + GanTrainer.GENERATOR_JSON
              + " (a training run writes it when it finishes)");
    }
    JsonNode n = MAPPER.readTree(Files.readString(json, StandardCharsets.UTF_8));
    checkFormat(n, json.toString());
    Path params = folder.resolve(n.path("weights").asText(GanTrainer.GENERATOR_PARAMS));
    try (InputStream in = Files.newInputStream(params)) {
      return new Generator(
          n.path("id").asText(folder.getFileName().toString()),
          GanConfig.fromJson(n.path("config")),
          in,
          params.toString());
    }
  }

  /** The face generator shipped with verisim. */
  public static Generator loadDefault() throws IOException {
    JsonNode n;
    try (InputStream in = resource(GanTrainer.GENERATOR_JSON)) {
      n = MAPPER.readTree(in);
    }
    checkFormat(n, DEFAULT_RESOURCE + GanTrainer.GENERATOR_JSON);
    try (InputStream in = resource(n.path("weights").asText(GanTrainer.GENERATOR_PARAMS))) {
      return new Generator(
          n.path("id").asText("verisim-gan-faces"),
          GanConfig.fromJson(n.path("config")),
          in,
          DEFAULT_RESOURCE);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Generator.class.getResourceAsStream(DEFAULT_RESOURCE + name);
    if (in == null) {
      throw new IOException("the shipped generator is missing from the classpath: " + name);
    }
    return in;
  }

  private static void checkFormat(JsonNode n, String source) throws IOException {
    if (!GanTrainer.FORMAT.equals(n.path("format").asText())) {
      throw new IOException(
          source
              + " has format '"
              + n.path("format").asText()
              + "', expected "
              + GanTrainer.FORMAT);
    }
  }

  public String id() {
    return id;
  }

  public GanConfig config() {
    return config;
  }

  public int resolution() {
    return config.resolution();
  }

  /** The latent of image {@code index} of {@code seed}. */
  public float[] latent(long seed, long index, double truncation) {
    checkTruncation(truncation);
    double limit = net.truncatesInput() ? 3 * truncation : Double.POSITIVE_INFINITY;
    return GanTrainer.latents(
        new SplittableRandom(GanTrainer.mix(seed, index)), 1, net.latentSize(), limit);
  }

  /** Images {@code 0..count-1} of {@code seed}. */
  public List<BufferedImage> sample(int count, long seed, double truncation) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], got " + count);
    }
    List<float[]> latents = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      latents.add(latent(seed, i, truncation));
    }
    return generate(latents, seed, truncation);
  }

  /**
   * Images for the given latents, in order.
   *
   * @param noiseSeed seeds the style generator's per-layer noise (unused by the DCGAN)
   */
  public List<BufferedImage> generate(List<float[]> latents, long noiseSeed, double truncation) {
    checkTruncation(truncation);
    int size = net.latentSize();
    List<BufferedImage> out = new ArrayList<>(latents.size());
    synchronized (this) {
      Engine.getEngine("PyTorch").setRandomSeed((int) (noiseSeed ^ (noiseSeed >>> 32)));
      for (int from = 0; from < latents.size(); from += CHUNK) {
        int n = Math.min(CHUNK, latents.size() - from);
        float[] z = new float[n * size];
        for (int i = 0; i < n; i++) {
          float[] one = latents.get(from + i);
          if (one.length != size) {
            throw new IllegalArgumentException(
                "a latent has " + one.length + " values, the generator takes " + size);
          }
          System.arraycopy(one, 0, z, i * size, size);
        }
        try (NDManager m = manager.newSubManager()) {
          weights.lendTo(m);
          NDArray images =
              net.generate(weights, m.create(z, new Shape(n, size)), truncation, false);
          out.addAll(Images.fromBatch(images));
        }
      }
    }
    return out;
  }

  /**
   * A latent walk through keyframes {@code 0..keys-1} of {@code seed}, {@code framesPerKey} frames
   * from each to the next by spherical interpolation (which keeps latents at a typical norm), and
   * back to the first so the animation loops.
   */
  public List<BufferedImage> interpolate(long seed, int keys, int framesPerKey, double truncation) {
    if (keys < 2 || keys > 100) {
      throw new IllegalArgumentException("keyframes must be in [2, 100], got " + keys);
    }
    if (framesPerKey < 1 || framesPerKey > 120) {
      throw new IllegalArgumentException(
          "frames per keyframe must be in [1, 120], got " + framesPerKey);
    }
    List<float[]> path = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      float[] a = latent(seed, k, truncation);
      float[] b = latent(seed, (k + 1) % keys, truncation);
      for (int f = 0; f < framesPerKey; f++) {
        path.add(slerp(a, b, (double) f / framesPerKey));
      }
    }
    return generate(path, seed, truncation);
  }

  static float[] slerp(float[] a, float[] b, double t) {
    double na = 0;
    double nb = 0;
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      na += a[i] * (double) a[i];
      nb += b[i] * (double) b[i];
      dot += a[i] * (double) b[i];
    }
    double cos = dot / Math.sqrt(na * nb);
    double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
    float[] out = new float[a.length];
    if (omega < 1e-6) {
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) ((1 - t) * a[i] + t * b[i]);
      }
      return out;
    }
    double s = Math.sin(omega);
    double wa = Math.sin((1 - t) * omega) / s;
    double wb = Math.sin(t * omega) / s;
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) (wa * a[i] + wb * b[i]);
    }
    return out;
  }

  private static void checkTruncation(double t) {
    if (!(t > 0 && t <= 1)) {
      throw new IllegalArgumentException("truncation must be in (0, 1], got " + t);
    }
  }

  @Override
  public void close() {
    weights.close();
    manager.close();
  }
}
