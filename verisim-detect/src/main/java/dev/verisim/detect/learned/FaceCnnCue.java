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
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.FaceRegion;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.cue.Cue;
import dev.verisim.detect.cue.CueInput;
import dev.verisim.detect.face.FaceCrop;
import dev.verisim.detect.face.FaceCropper;
import dev.verisim.detect.face.FaceFinder;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned detector as a cue: a trained {@link CnnTrainer} run scoring every face in the image
 * (or the centre square when none is found, said so in the evidence). The most suspicious face
 * decides: a forger needs only one swapped face in a group photo. Its feature {@value #LOGIT} is
 * that face's temperature-scaled logit, which a fusion model combines with the forensic cues; when
 * no face is found it is 0 (neutral, score 0.5), because a face network's opinion of a faceless
 * picture is outside what it learned. The centre square's score is still reported.
 *
 * <p>With {@code explain}, the deciding face also gets an occlusion heatmap: the crop is scored
 * again with each cell of an {@value #OCCLUSION_GRID}x{@value #OCCLUSION_GRID} grid greyed out, in
 * one batch, and a cell is as hot as hiding it lowers the fake logit. Occlusion rather than
 * Grad-CAM because it needs no gradients at inference, works for any network, and asks the question
 * a reader has: which part of the face made the model say fake.
 *
 * <p>Thread-safe: DJL predictors are not, so each call borrows one from a pool (one per concurrent
 * caller at most) and gives it back; the face finder pools its own classifiers. Close the cue to
 * free the native memory.
 *
 * <pre>{@code
 * try (FaceCnnCue cnn = FaceCnnCue.load(Path.of("models/face-cnn"), true)) {
 *   CueEvidence e = cnn.analyse(new CueInput(image));
 * }
 * }</pre>
 */
public final class FaceCnnCue implements Cue, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceCnnCue.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The cue's name in verdicts. */
  public static final String NAME = "cnn";

  /** The feature: the deciding face's logit divided by the calibration temperature. */
  public static final String LOGIT = "cnn.logit";

  /** Cells per side of the occlusion grid. */
  static final int OCCLUSION_GRID = 8;

  /** Columns of the whole-image heatmap the occlusion grid is drawn into. */
  static final int HEATMAP_COLUMNS = 32;

  private final Model model;
  private final CnnConfig config;
  private final double temperature;
  private final UncertainBand band;
  private final ModelInfo info;
  private final FaceFinder finder;
  private final FaceCropper cropper;
  private final boolean explain;
  private final ConcurrentLinkedDeque<Predictor<float[], Float>> idle =
      new ConcurrentLinkedDeque<>();

  private FaceCnnCue(
      Model model,
      CnnConfig config,
      double temperature,
      UncertainBand band,
      ModelInfo info,
      boolean explain) {
    this.model = model;
    this.config = config;
    this.temperature = temperature;
    this.band = band;
    this.info = info;
    this.explain = explain;
    this.finder = config.faceCrop() ? FaceFinder.create() : null;
    this.cropper = finder == null ? null : new FaceCropper(finder);
  }

  /**
   * Loads a run folder written by {@link CnnTrainer}.
   *
   * @param explain compute an occlusion heatmap for the deciding face (about 65 more network
   *     passes, in one batch, per image)
   * @throws IOException when the folder, its {@code detector.json} or its checkpoint cannot be
   *     read, naming the file
   */
  public static FaceCnnCue load(Path runDir, boolean explain) throws IOException {
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
    UncertainBand band;
    try {
      band =
          new UncertainBand(
              d.path("uncertain_band").path(0).asDouble(),
              d.path("uncertain_band").path(1).asDouble());
    } catch (IllegalArgumentException e) {
      throw new IOException(json + ": " + e.getMessage(), e);
    }
    ModelInfo info = new ModelInfo(d.path("id").asText(), d.path("version").asText());
    Path params = CnnTrainer.checkpoint(runDir, epoch);
    if (!Files.isRegularFile(params)) {
      throw new IOException("the checkpoint " + params + " named by " + json + " is missing");
    }
    Model model = Model.newInstance(info.id(), "PyTorch");
    try {
      model.setBlock(CnnNetwork.build(config));
      CnnTrainer.loadEpoch(model, runDir, epoch);
      LOG.debug("loaded {} {} (epoch {}, T={})", info.id(), info.version(), epoch, temperature);
      return new FaceCnnCue(model, config, temperature, band, info, explain);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Loads a run from a classpath folder, such as the shipped model's. DJL reads parameters from a
   * folder, so the two files are copied to a temporary folder first (deleted again once loaded).
   *
   * @param folder the classpath folder, ending in '/'
   */
  public static FaceCnnCue loadResource(String folder, boolean explain) throws IOException {
    Path dir = Files.createTempDirectory("verisim-face-cnn");
    try {
      byte[] detectorJson = resource(folder + CnnTrainer.DETECTOR_JSON);
      String params =
          CnnTrainer.checkpointName(MAPPER.readTree(detectorJson).path("epoch").asInt());
      Files.write(dir.resolve(CnnTrainer.DETECTOR_JSON), detectorJson);
      Files.createDirectories(dir.resolve(CnnTrainer.CHECKPOINTS));
      Files.write(dir.resolve(params), resource(folder + params));
      return load(dir, explain);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FaceCnnCue.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the shipped model file " + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> featureNames() {
    return List.of(LOGIT);
  }

  /** The model this cue runs, as its run folder names it. */
  public ModelInfo model() {
    return info;
  }

  /** The uncertain band stored with the run, for the network used on its own. */
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
  public CueEvidence analyse(CueInput input) {
    return analyse(input.image().rgb());
  }

  /** Scores the faces of an upright 8-bit sRGB image ({@code TYPE_INT_RGB}). */
  public CueEvidence analyse(BufferedImage rgb) {
    List<FaceCrop> views = FaceViews.of(rgb, config, cropper);
    List<float[]> batch = new ArrayList<>(views.size());
    for (FaceCrop v : views) {
      batch.add(Augmentation.toChw(v.crop(), config.inputSize()));
    }
    List<Float> logits = predict(batch);
    List<Scored> scored = new ArrayList<>(views.size());
    for (int i = 0; i < views.size(); i++) {
      scored.add(new Scored(views.get(i), logits.get(i) / temperature, batch.get(i)));
    }
    scored.sort(Comparator.comparingDouble(Scored::logit).reversed());
    Scored top = scored.get(0);
    // A face model's opinion of a picture without a face is outside what it learned: report it,
    // but give the fusion a neutral logit so the forensic cues decide.
    boolean noFace = config.faceCrop() && top.view().wholeImageFallback();
    double logit = noFace ? 0.0 : top.logit();
    double p = Calibration.probability(logit, 1.0);
    List<FaceRegion> faces = new ArrayList<>(scored.size());
    for (Scored s : scored) {
      var box = s.view().box();
      faces.add(
          new FaceRegion(
              box.x(),
              box.y(),
              box.width(),
              box.height(),
              Calibration.probability(s.logit(), 1.0),
              s.view().wholeImageFallback()));
    }
    Optional<Heatmap> heatmap =
        explain ? Optional.of(occlusion(rgb, top)) : Optional.<Heatmap>empty();
    return new CueEvidence(
        NAME, p, explanation(top, scored.size(), noFace), Map.of(LOGIT, logit), heatmap, faces);
  }

  /** A view with its calibrated logit and network input. */
  private record Scored(FaceCrop view, double logit, float[] chw) {}

  private String explanation(Scored top, int count, boolean noFace) {
    double p = Calibration.probability(top.logit(), 1.0);
    String verdict =
        switch (band.classify(p)) {
          case FAKE -> "looks generated or manipulated";
          case REAL -> "looks camera-made";
          default -> "is a hard case";
        };
    String net =
        String.format(
            Locale.ROOT,
            " to a neural network trained on real and fake faces (probability of fake %.2f).",
            p);
    if (noFace) {
      return String.format(
          Locale.ROOT,
          "No face was found, so the face network did not count towards the verdict (on the"
              + " centre of the image it would say %.2f, but it was trained on faces).",
          p);
    }
    if (top.view().wholeImageFallback()) {
      return "The whole image " + verdict + net;
    }
    var b = top.view().box();
    String which =
        count == 1
            ? "The face"
            : String.format(
                Locale.ROOT,
                "Of %d faces, the most suspicious (at %d,%d, %dx%d)",
                count,
                b.x(),
                b.y(),
                b.width(),
                b.height());
    return which + " " + verdict + net;
  }

  /**
   * How much greying out each cell of the deciding crop lowers its fake logit, drawn into a grid
   * over the whole image (cells outside the crop are 0).
   */
  private Heatmap occlusion(BufferedImage rgb, Scored top) {
    int size = config.inputSize();
    int n = size * size;
    List<float[]> occluded = new ArrayList<>(OCCLUSION_GRID * OCCLUSION_GRID);
    for (int gy = 0; gy < OCCLUSION_GRID; gy++) {
      for (int gx = 0; gx < OCCLUSION_GRID; gx++) {
        float[] x = top.chw().clone();
        int x0 = gx * size / OCCLUSION_GRID;
        int x1 = (gx + 1) * size / OCCLUSION_GRID;
        int y0 = gy * size / OCCLUSION_GRID;
        int y1 = (gy + 1) * size / OCCLUSION_GRID;
        for (int c = 0; c < 3; c++) {
          for (int y = y0; y < y1; y++) {
            java.util.Arrays.fill(x, c * n + y * size + x0, c * n + y * size + x1, 0f);
          }
        }
        occluded.add(x);
      }
    }
    List<Float> logits = predict(occluded);
    float[] drop = new float[logits.size()];
    float max = 0;
    for (int i = 0; i < drop.length; i++) {
      drop[i] = (float) Math.max(0, top.logit() - logits.get(i) / temperature);
      max = Math.max(max, drop[i]);
    }
    Rectangle region =
        top.view().wholeImageFallback() || !config.faceCrop()
            ? new Rectangle(
                top.view().box().x(),
                top.view().box().y(),
                top.view().box().width(),
                top.view().box().height())
            : FaceCropper.cropRegion(
                rgb.getWidth(), rgb.getHeight(), top.view().box(), FaceCropper.DEFAULT_MARGIN);
    int cols = HEATMAP_COLUMNS;
    int rows = Math.max(1, (int) Math.round((double) cols * rgb.getHeight() / rgb.getWidth()));
    float[] values = new float[cols * rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double px = (c + 0.5) * rgb.getWidth() / cols;
        double py = (r + 0.5) * rgb.getHeight() / rows;
        if (max > 0 && region.contains(px, py)) {
          int gx = (int) ((px - region.x) * OCCLUSION_GRID / region.width);
          int gy = (int) ((py - region.y) * OCCLUSION_GRID / region.height);
          gx = Math.min(OCCLUSION_GRID - 1, gx);
          gy = Math.min(OCCLUSION_GRID - 1, gy);
          values[r * cols + c] = drop[gy * OCCLUSION_GRID + gx] / max;
        }
      }
    }
    return new Heatmap(
        "face regions that made the network say fake (occlusion)", cols, rows, values);
  }

  /** Raw logits of network inputs, in one batch. */
  private List<Float> predict(List<float[]> inputs) {
    Predictor<float[], Float> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor(new LogitTranslator(config.inputSize()));
    }
    try {
      return predictor.batchPredict(inputs);
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

  @Override
  public void close() {
    Predictor<float[], Float> p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
    if (finder != null) {
      finder.close();
    }
    model.close();
  }

  /** A CHW float image in, the network's logit out; batched by stacking. */
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
