package dev.verisim.detect.learned;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import dev.verisim.detect.cue.C2paLocator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned detector: a trained {@link CnnTrainer} run scoring whole images. The image is
 * decoded, shrunk as in training ({@link Augmentation#cacheCopy}), resized to the input size and
 * scored; the logit is divided by the run's calibration temperature. The verdict carries one cue,
 * {@code cnn}, whose score is the calibrated probability. No face cropping yet: the whole image is
 * looked at.
 *
 * <p>Thread-safe: DJL predictors are not, so each call borrows one from a pool (one per concurrent
 * caller at most) and gives it back. Close the detector to free the native memory.
 *
 * <pre>{@code
 * try (CnnDetector detector = CnnDetector.load(Path.of("runs/cnn-1"))) {
 *   Verdict v = detector.detect(Path.of("face.jpg"), "face.jpg");
 * }
 * }</pre>
 */
public final class CnnDetector implements Detector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CnnDetector.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The name of the cue this detector reports. */
  public static final String CUE = "cnn";

  private final Model model;
  private final CnnConfig config;
  private final double temperature;
  private final UncertainBand band;
  private final ModelInfo info;
  private final ImageDecoder decoder;
  private final ConcurrentLinkedDeque<Predictor<float[], Float>> idle =
      new ConcurrentLinkedDeque<>();
  private final LogitTranslator translator;

  private CnnDetector(
      Model model,
      CnnConfig config,
      double temperature,
      UncertainBand band,
      ModelInfo info,
      ImageLimits limits) {
    this.model = model;
    this.config = config;
    this.temperature = temperature;
    this.band = band;
    this.info = info;
    this.decoder = new ImageDecoder(limits);
    this.translator = new LogitTranslator(config.inputSize());
  }

  /** Loads a run folder written by {@link CnnTrainer} with the default input limits. */
  public static CnnDetector load(Path runDir) throws IOException {
    return load(runDir, ImageLimits.DEFAULT);
  }

  /**
   * Loads a run folder written by {@link CnnTrainer}.
   *
   * @throws IOException when the folder, its {@code detector.json} or its checkpoint cannot be
   *     read, naming the file
   */
  public static CnnDetector load(Path runDir, ImageLimits limits) throws IOException {
    Path json = runDir.resolve(CnnTrainer.DETECTOR_JSON);
    if (!Files.isRegularFile(json)) {
      throw new IOException("no trained detector in " + runDir + ": " + json + " is missing");
    }
    JsonNode d = MAPPER.readTree(Files.readString(json, StandardCharsets.UTF_8));
    if (!CnnTrainer.FORMAT.equals(d.path("format").asText())) {
      throw new IOException(
          json + " is not a " + CnnTrainer.FORMAT + " file (format " + d.path("format") + ")");
    }
    CnnConfig config;
    try {
      config = MAPPER.treeToValue(d.get("config"), CnnConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(json + " holds an invalid config: " + e.getMessage(), e);
    }
    int epoch = d.path("epoch").asInt();
    double temperature = d.path("temperature").asDouble();
    if (!(temperature > 0)) {
      throw new IOException(json + ": temperature must be positive, got " + d.path("temperature"));
    }
    UncertainBand band =
        new UncertainBand(
            d.path("uncertain_band").path(0).asDouble(),
            d.path("uncertain_band").path(1).asDouble());
    ModelInfo info = new ModelInfo(d.path("id").asText(), d.path("version").asText());
    Path params = CnnTrainer.checkpoint(runDir, epoch);
    if (!Files.isRegularFile(params)) {
      throw new IOException("the checkpoint " + params + " named by " + json + " is missing");
    }
    Model model = Model.newInstance(info.id(), "PyTorch");
    try {
      model.setBlock(CnnNetwork.build(config));
      CnnTrainer.loadEpoch(model, runDir, epoch);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    LOG.debug("loaded {} {} (epoch {}, T={})", info.id(), info.version(), epoch, temperature);
    return new CnnDetector(model, config, temperature, band, info, limits);
  }

  @Override
  public ModelInfo model() {
    return info;
  }

  @Override
  public UncertainBand band() {
    return band;
  }

  /** The config the run was trained with. */
  public CnnConfig config() {
    return config;
  }

  /** The calibration temperature: {@code p = sigmoid(logit / temperature)}. */
  public double temperature() {
    return temperature;
  }

  @Override
  public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    long start = System.nanoTime();
    StillImage image;
    try {
      image = decoder.decode(file, name);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    }
    try {
      peek.accept(image);
    } catch (RuntimeException e) {
      LOG.warn("peek on {} failed: {}", name, e.toString());
    }
    return analyse(image, start);
  }

  @Override
  public Verdict detect(byte[] bytes, String name) {
    long start = System.nanoTime();
    try {
      return analyse(decoder.decode(bytes, name), start);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    }
  }

  /** Scores a decoded image; never throws. */
  public Verdict analyse(StillImage image, long startNanos) {
    try {
      double logit = logit(image.rgb());
      double p = Calibration.probability(logit, temperature);
      CueEvidence cue = new CueEvidence(CUE, p, explanation(p), Map.of("cnn.logit", logit));
      String c2pa = C2paLocator.provenance(image.bytes(), image.format());
      return Verdict.analysed(
          image.name(),
          p,
          band,
          List.of(cue),
          new ProvenanceSummary(c2pa, null),
          info,
          elapsedMs(startNanos));
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", image.name(), e.toString());
      LOG.debug("stack trace", e);
      return failed(image.name(), ErrorCode.INTERNAL, "analysis failed: " + e, startNanos);
    }
  }

  /** The calibrated probability that an image (8-bit sRGB) is fake. */
  public double probability(BufferedImage rgb) {
    return Calibration.probability(logit(rgb), temperature);
  }

  private double logit(BufferedImage rgb) {
    if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("image must be TYPE_INT_RGB, got type " + rgb.getType());
    }
    int size = config.inputSize();
    float[] chw = Augmentation.toChw(Augmentation.cacheCopy(rgb, size), size);
    Predictor<float[], Float> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor(translator);
    }
    try {
      return predictor.predict(chw);
    } catch (TranslateException e) {
      predictor.close();
      predictor = null;
      throw new IllegalStateException("the network failed on the image: " + e.getMessage(), e);
    } finally {
      if (predictor != null) {
        idle.push(predictor);
      }
    }
  }

  private String explanation(double p) {
    Label label = band.classify(p);
    String verb =
        switch (label) {
          case FAKE -> "looks generated or manipulated to";
          case REAL -> "looks camera-made to";
          default -> "is a hard case for";
        };
    return String.format(
        Locale.ROOT,
        "The whole image %s a neural network trained on labelled real and fake images"
            + " (probability of fake %.2f). It looked at a %dx%d pixel copy, no face crop.",
        verb,
        p,
        config.inputSize(),
        config.inputSize());
  }

  private Verdict failed(String name, ErrorCode code, String message, long startNanos) {
    return Verdict.failed(name, code, message, band, info, elapsedMs(startNanos));
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public void close() {
    Predictor<float[], Float> p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
    model.close();
  }

  /** A CHW float image in, the network's logit out; arrays live in the per-call manager. */
  private static final class LogitTranslator implements Translator<float[], Float> {
    private final int size;

    LogitTranslator(int size) {
      this.size = size;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
      return new NDList(ctx.getNDManager().create(input, new Shape(3, size, size)));
    }

    @Override
    public Float processOutput(TranslatorContext ctx, NDList list) {
      return list.singletonOrThrow().toFloatArray()[0];
    }
  }
}
