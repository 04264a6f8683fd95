package dev.verisim.detect.learned;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.MediaException;
import dev.verisim.core.Parallel;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.face.FaceCrop;
import dev.verisim.detect.face.FaceCropper;
import dev.verisim.detect.face.FaceFinder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the learned detector's {@link CnnNetwork} on labelled images and writes a run folder that
 * {@link CnnDetector} loads.
 *
 * <p>What it does, in order: decodes every image once and keeps a small copy in memory ({@link
 * Augmentation#cacheCopy}); splits each class by the seed into training and validation; trains with
 * Adam on binary cross-entropy of the logit, each class weighted by the inverse of its share so an
 * unbalanced set does not teach the majority label; after each epoch measures the validation AUC,
 * saves a checkpoint and appends a line to the training log; stops early when the AUC has not
 * improved for {@code patience} epochs; finally fits a temperature on the best epoch's validation
 * logits and writes {@code detector.json} and {@code provenance.json}.
 *
 * <p>The run folder:
 *
 * <pre>
 * run/run.json             config and data hash, checked on resume
 * run/training-log.jsonl   one JSON line per epoch
 * run/validation.txt       the held-out images, one relative path per line
 * run/checkpoints/cnn-NNNN.params   the last and the best epoch (DJL parameter files)
 * run/checkpoints/adam-NNNN.bin     the optimizer's state after the last epoch, to resume exactly
 * run/detector.json        what CnnDetector needs: config, best epoch, temperature, band, model id
 * run/provenance.json      config, seed, data SHA-256, versions, parameter count, metrics
 * </pre>
 *
 * <p>Training again into a folder that holds a run resumes it from its last checkpoint, at the next
 * epoch, when the config (the epoch count aside) and the data are the same. Augmentations and batch
 * order are seeded per epoch, so resumed epochs see the same samples an uninterrupted run would,
 * and the optimizer ({@link SavableAdam}) continues from its saved moment estimates and step
 * counts: a resumed run ends with the weights of an uninterrupted one. A run folder from before the
 * optimizer's state was saved resumes with fresh moments, with a warning.
 *
 * <p>DJL's PyTorch gradient collector is one per JVM: run one training at a time.
 *
 * <pre>{@code
 * CnnTrainer trainer = new CnnTrainer(CnnConfig.defaults(), new ModelInfo("verisim-cnn", "1"));
 * CnnTrainer.Result result = trainer.train(LabelledDataset.scan(dataDir), runDir, Progress.NONE);
 * }</pre>
 */
public final class CnnTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(CnnTrainer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final String PREFIX = "cnn";
  static final String CHECKPOINTS = "checkpoints";
  static final String ADAM_PREFIX = "adam";
  static final String DETECTOR_JSON = "detector.json";
  static final String FORMAT = "verisim-cnn/1";

  /** The file in a run folder that lists the validation images, one relative path per line. */
  public static final String VALIDATION_LIST = "validation.txt";

  /** One training image in memory with its label (0 real, 1 fake). */
  public record Example(String name, BufferedImage rgb, int label) {
    public Example {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(rgb, "rgb");
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("label must be 0 or 1, got " + label + " for " + name);
      }
    }
  }

  /** One epoch's line in the training log. */
  public record EpochLog(
      int epoch,
      double trainLoss,
      double validationLoss,
      double validationAuc,
      int steps,
      long millis,
      int bestEpoch) {}

  /**
   * What a training run produced.
   *
   * @param runDir the run folder
   * @param log every epoch of the run, resumed epochs included
   * @param bestEpoch the epoch with the best validation AUC, the one the detector uses
   * @param bestValidationAuc its validation AUC
   * @param temperature the calibration temperature fitted on its validation logits
   * @param parameterCount trainable parameters of the network
   * @param stoppedEarly whether early stopping ended the run before {@code config.epochs()}
   * @param validationLogits the best epoch's logit of each validation image, by example name
   */
  public record Result(
      Path runDir,
      List<EpochLog> log,
      int bestEpoch,
      double bestValidationAuc,
      double temperature,
      long parameterCount,
      boolean stoppedEarly,
      Map<String, Double> validationLogits) {
    public Result {
      log = List.copyOf(log);
      validationLogits = Map.copyOf(validationLogits);
    }
  }

  private final CnnConfig config;
  private final ModelInfo info;
  private final UncertainBand band;

  public CnnTrainer(CnnConfig config, ModelInfo info) {
    this(config, info, UncertainBand.DEFAULT);
  }

  /**
   * @param band the uncertain band written into the run for the detector to use
   */
  public CnnTrainer(CnnConfig config, ModelInfo info, UncertainBand band) {
    this.config = Objects.requireNonNull(config, "config");
    this.info = Objects.requireNonNull(info, "info");
    this.band = Objects.requireNonNull(band, "band");
  }

  /**
   * Trains on images labelled by folder. Files that do not decode are skipped with a warning and
   * counted in the provenance. Decoding and face finding run on all cores; the examples keep the
   * dataset's order, so the split does not depend on thread timing.
   */
  public Result train(LabelledDataset data, Path runDir, Progress progress) throws IOException {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    List<LabelledDataset.Item> items = data.items();
    Example[] decoded = new Example[items.size()];
    boolean[] fallback = new boolean[items.size()];
    AtomicInteger done = new AtomicInteger();
    progress.start("decode and find faces", items.size());
    try (FaceFinder finder = config.faceCrop() ? FaceFinder.create() : null) {
      FaceCropper cropper = finder == null ? null : new FaceCropper(finder);
      Parallel.forEachIndex(
          items.size(),
          "decode " + data.root(),
          i -> {
            LabelledDataset.Item item = items.get(i);
            try {
              BufferedImage rgb = decoder.decode(item.file(), item.relativePath()).rgb();
              FaceCrop view = FaceViews.of(rgb, config, cropper).get(0);
              decoded[i] = new Example(item.relativePath(), view.crop(), item.label());
              fallback[i] = view.wholeImageFallback();
            } catch (MediaException e) {
              LOG.warn("skipping {}: {}", item.relativePath(), e.getMessage());
            }
            progress.step(done.incrementAndGet());
          });
    }
    progress.end();
    List<Example> examples = new ArrayList<>();
    int skipped = 0;
    int noFace = 0;
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] == null) {
        skipped++;
      } else {
        examples.add(decoded[i]);
        noFace += config.faceCrop() && fallback[i] ? 1 : 0;
      }
    }
    ObjectNode dataNode = MAPPER.createObjectNode();
    dataNode.put("root", data.root().toString());
    dataNode.put("sha256", data.sha256());
    dataNode.put("skipped_undecodable", skipped);
    if (config.faceCrop()) {
      dataNode.put("no_face_found_centre_square_used", noFace);
    }
    return train(examples, dataNode, runDir, progress);
  }

  /**
   * Trains on images in memory (decoded, 8-bit sRGB), viewed as {@link CnnConfig#faceCrop()} says.
   *
   * @param dataSha256 a hash that identifies the data, for the provenance and the resume check
   */
  public Result train(List<Example> examples, String dataSha256, Path runDir, Progress progress)
      throws IOException {
    ObjectNode dataNode = MAPPER.createObjectNode();
    dataNode.put("sha256", dataSha256);
    List<Example> cached = new ArrayList<>(examples.size());
    try (FaceFinder finder = config.faceCrop() ? FaceFinder.create() : null) {
      FaceCropper cropper = finder == null ? null : new FaceCropper(finder);
      for (Example e : examples) {
        BufferedImage view = FaceViews.of(e.rgb(), config, cropper).get(0).crop();
        cached.add(new Example(e.name(), view, e.label()));
      }
    }
    return train(cached, dataNode, runDir, progress);
  }

  private Result train(List<Example> examples, ObjectNode dataNode, Path runDir, Progress progress)
      throws IOException {
    int[][] split = split(examples);
    int[] train = split[0];
    int[] val = split[1];
    LOG.info(
        "training on {} images, validating on {} (seed {})",
        train.length,
        val.length,
        config.seed());
    Files.createDirectories(runDir.resolve(CHECKPOINTS));
    List<EpochLog> log = resumeState(runDir, dataNode.get("sha256").asText());
    writeValidationList(runDir, examples, val);

    int size = config.inputSize();
    Augmentation augmentation = new Augmentation(config.augment(), size, config.seed());
    float[][] valX = new float[val.length][];
    int[] valY = new int[val.length];
    for (int i = 0; i < val.length; i++) {
      valX[i] = Augmentation.toChw(examples.get(val[i]).rgb(), size);
      valY[i] = examples.get(val[i]).label();
    }
    // Class weights: each class contributes half of the loss whatever its share.
    int trainFakes = 0;
    for (int i : train) {
      trainFakes += examples.get(i).label();
    }
    float wFake = train.length / (2f * trainFakes);
    float wReal = train.length / (2f * (train.length - trainFakes));

    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
    int start = log.isEmpty() ? 1 : log.get(log.size() - 1).epoch() + 1;
    int bestEpoch = log.isEmpty() ? 0 : log.get(log.size() - 1).bestEpoch();
    double bestAuc = bestAuc(log, bestEpoch);
    double[] bestValLogits = null;
    boolean stoppedEarly = !log.isEmpty() && start - 1 - bestEpoch >= config.patience();
    long parameters;

    try (Model model = Model.newInstance(info.id(), "PyTorch")) {
      model.setBlock(CnnNetwork.build(config));
      if (start > 1) {
        loadEpoch(model, runDir, start - 1);
        LOG.info("resuming {} at epoch {} (best so far: epoch {})", runDir, start, bestEpoch);
      }
      SavableAdam adam =
          SavableAdam.builder()
              .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
              .optWeightDecays((float) config.weightDecay())
              .build(model.getNDManager());
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
              .optOptimizer(adam)
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(CnnNetwork.inputShape(config.batchSize(), config));
        parameters = CnnNetwork.parameterCount(model.getBlock());
        LOG.info("network: {} trainable parameters", parameters);
        if (start > 1 && start <= config.epochs() && !stoppedEarly) {
          Path state = optimizerState(runDir, start - 1);
          if (Files.exists(state)) {
            try {
              adam.load(state, model.getBlock().getParameters());
            } catch (IOException e) {
              throw new IOException(
                  e.getMessage() + "; delete it to resume with fresh Adam moments", e);
            }
          } else {
            LOG.warn(
                "{} has no optimizer state for epoch {} (a run from an older version): resuming"
                    + " with fresh Adam moments, so the result will differ from an uninterrupted"
                    + " run",
                runDir,
                start - 1);
          }
        }
        int stepsPerEpoch = (train.length + config.batchSize() - 1) / config.batchSize();
        long runStart = System.nanoTime();
        int epochsThisRun = 0;
        for (int epoch = start; epoch <= config.epochs() && !stoppedEarly; epoch++) {
          long t0 = System.nanoTime();
          int[] order = shuffled(train, epoch);
          double lossSum = 0;
          progress.start(
              String.format(Locale.ROOT, "train epoch %d/%d", epoch, config.epochs()),
              stepsPerEpoch);
          for (int s = 0; s < stepsPerEpoch; s++) {
            int from = s * config.batchSize();
            int n = Math.min(config.batchSize(), order.length - from);
            float[] x = new float[n * 3 * size * size];
            float[] y = new float[n];
            float[] w = new float[n];
            for (int b = 0; b < n; b++) {
              int idx = order[from + b];
              Example e = examples.get(idx);
              float[] chw = augmentation.sample(e.rgb(), epoch, idx);
              System.arraycopy(chw, 0, x, b * chw.length, chw.length);
              y[b] = e.label();
              w[b] = e.label() == 1 ? wFake : wReal;
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
              NDArray xs = m.create(x, CnnNetwork.inputShape(n, config));
              NDArray ys = m.create(y);
              NDArray ws = m.create(w);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow().reshape(n);
                NDArray loss = weightedBce(logits, ys, ws);
                lossSum += loss.getFloat() * n;
                gc.backward(loss);
              }
              trainer.step();
            }
            progress.step(s + 1);
          }
          progress.end();
          double trainLoss = lossSum / train.length;
          double[] valLogits = logits(model, valX);
          double[] valP = sigmoid(valLogits, 1.0);
          double valLoss = BinaryMetrics.logLoss(valP, valY);
          double auc = BinaryMetrics.auc(valLogits, valY);
          if (auc > bestAuc + 1e-6 || bestEpoch == 0) {
            bestAuc = auc;
            bestEpoch = epoch;
            bestValLogits = valLogits;
          }
          long ms = (System.nanoTime() - t0) / 1_000_000;
          EpochLog line =
              new EpochLog(epoch, trainLoss, valLoss, auc, stepsPerEpoch, ms, bestEpoch);
          log.add(line);
          model.setProperty("Epoch", Integer.toString(epoch));
          model.save(runDir.resolve(CHECKPOINTS), PREFIX);
          adam.save(optimizerState(runDir, epoch), model.getBlock().getParameters());
          appendLog(runDir, line);
          pruneCheckpoints(runDir, epoch, bestEpoch);
          epochsThisRun++;
          stoppedEarly = epoch - bestEpoch >= config.patience();
          long perEpoch = (System.nanoTime() - runStart) / 1_000_000 / epochsThisRun;
          int left = stoppedEarly ? 0 : config.epochs() - epoch;
          LOG.info(
              String.format(
                  Locale.ROOT,
                  "epoch %d/%d: train loss %.4f, val loss %.4f, val AUC %.4f (best %.4f at %d),"
                      + " %d ms (%.0f ms/step), ETA %ds%s",
                  epoch,
                  config.epochs(),
                  trainLoss,
                  valLoss,
                  auc,
                  bestAuc,
                  bestEpoch,
                  ms,
                  (double) ms / stepsPerEpoch,
                  perEpoch * left / 1000,
                  stoppedEarly ? "; stopping early" : ""));
        }
      }
      if (bestEpoch == 0) {
        throw new IllegalStateException("no epoch was trained in " + runDir);
      }
      if (bestValLogits == null) {
        // The best epoch came before a resume: score validation again with its weights.
        loadEpoch(model, runDir, bestEpoch);
        bestValLogits = logits(model, valX);
      }
    }
    double temperature = Calibration.temperature(bestValLogits, valY);
    double[] calibrated = sigmoid(bestValLogits, temperature);
    writeDetectorJson(runDir, bestEpoch, temperature);
    ObjectNode metrics = MAPPER.createObjectNode();
    metrics.put("validation_auc", BinaryMetrics.auc(bestValLogits, valY));
    metrics.put(
        "validation_average_precision", BinaryMetrics.averagePrecision(bestValLogits, valY));
    metrics.put("validation_log_loss_raw", BinaryMetrics.logLoss(sigmoid(bestValLogits, 1), valY));
    metrics.put("validation_log_loss_calibrated", BinaryMetrics.logLoss(calibrated, valY));
    metrics.put(
        "validation_ece_calibrated", BinaryMetrics.expectedCalibrationError(calibrated, valY, 10));
    writeProvenance(
        runDir,
        dataNode,
        examples,
        train.length,
        val.length,
        parameters,
        log,
        bestEpoch,
        temperature,
        stoppedEarly,
        metrics);
    Map<String, Double> byName = new java.util.LinkedHashMap<>();
    for (int i = 0; i < val.length; i++) {
      byName.put(examples.get(val[i]).name(), bestValLogits[i]);
    }
    return new Result(
        runDir, log, bestEpoch, bestAuc, temperature, parameters, stoppedEarly, byName);
  }

  /** Per class, a seeded shuffle; the first {@code validationFraction} of each class validates. */
  private int[][] split(List<Example> examples) {
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (int label = 0; label <= 1; label++) {
      List<Integer> cls = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        if (examples.get(i).label() == label) {
          cls.add(i);
        }
      }
      if (cls.size() < 2) {
        throw new IllegalArgumentException(
            "need at least 2 "
                + (label == 0 ? "real" : "fake")
                + " images (one to train, one to validate), got "
                + cls.size());
      }
      int[] idx = cls.stream().mapToInt(Integer::intValue).toArray();
      shuffle(idx, new SplittableRandom(config.seed() * 31 + label));
      int nVal =
          Math.min(
              idx.length - 1,
              Math.max(1, (int) Math.round(idx.length * config.validationFraction())));
      for (int i = 0; i < idx.length; i++) {
        (i < nVal ? val : train).add(idx[i]);
      }
    }
    return new int[][] {
      train.stream().mapToInt(Integer::intValue).sorted().toArray(),
      val.stream().mapToInt(Integer::intValue).sorted().toArray()
    };
  }

  private int[] shuffled(int[] train, int epoch) {
    int[] order = train.clone();
    shuffle(order, new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch));
    return order;
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Mean over the batch of w * BCE(sigmoid(logit), y), computed stably from the logit. */
  private static NDArray weightedBce(NDArray logits, NDArray y, NDArray w) {
    NDArray perSample =
        logits.maximum(0).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1).log());
    return perSample.mul(w).mean();
  }

  /**
   * Logits of images already in network format, in evaluation mode (batch norm's running stats).
   */
  static double[] logits(Model model, float[][] images) {
    int size = (int) Math.round(Math.sqrt(images.length == 0 ? 0 : images[0].length / 3.0));
    double[] out = new double[images.length];
    int batch = 64;
    for (int from = 0; from < images.length; from += batch) {
      int n = Math.min(batch, images.length - from);
      float[] x = new float[n * 3 * size * size];
      for (int b = 0; b < n; b++) {
        System.arraycopy(
            images[from + b], 0, x, b * images[from + b].length, images[from + b].length);
      }
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray xs = m.create(x, new Shape(n, 3, size, size));
        float[] l =
            model
                .getBlock()
                .forward(new ParameterStore(m, false), new NDList(xs), false)
                .singletonOrThrow()
                .toFloatArray();
        for (int b = 0; b < n; b++) {
          out[from + b] = l[b];
        }
      }
    }
    return out;
  }

  static double[] sigmoid(double[] logits, double temperature) {
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Calibration.probability(logits[i], temperature);
    }
    return p;
  }

  static void loadEpoch(Model model, Path runDir, int epoch) throws IOException {
    try {
      model.load(runDir.resolve(CHECKPOINTS), PREFIX, Map.of("epoch", Integer.toString(epoch)));
    } catch (MalformedModelException e) {
      throw new IOException(
          "checkpoint of epoch " + epoch + " in " + runDir + " is unreadable: " + e.getMessage(),
          e);
    }
  }

  /** The epochs already logged in a run folder, after checking it was made with this config. */
  private List<EpochLog> resumeState(Path runDir, String dataSha256) throws IOException {
    Path runJson = runDir.resolve("run.json");
    Path logFile = runDir.resolve("training-log.jsonl");
    ObjectNode current = MAPPER.createObjectNode();
    current.set("config", MAPPER.valueToTree(config.toBuilder().optEpochs(1).build()));
    current.put("data_sha256", dataSha256);
    List<EpochLog> log = new ArrayList<>();
    if (Files.exists(runJson) && Files.exists(logFile)) {
      JsonNode stored = MAPPER.readTree(Files.readString(runJson, StandardCharsets.UTF_8));
      // Compare as parsed text: a tree built in memory holds longs where a parsed one holds ints.
      if (!stored.equals(MAPPER.readTree(MAPPER.writeValueAsString(current)))) {
        throw new IllegalArgumentException(
            "run folder "
                + runDir
                + " holds a run with another config or other data; use a new folder. Stored: "
                + stored
                + ", now: "
                + current);
      }
      for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          log.add(MAPPER.readValue(line, EpochLog.class));
        }
      }
      if (!log.isEmpty()) {
        int last = log.get(log.size() - 1).epoch();
        if (!Files.exists(checkpoint(runDir, last))) {
          throw new IOException(
              "run folder " + runDir + " logs epoch " + last + " but has no checkpoint of it");
        }
      }
    } else {
      Files.writeString(
          runJson,
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(current),
          StandardCharsets.UTF_8);
      Files.deleteIfExists(logFile);
    }
    return log;
  }

  private static double bestAuc(List<EpochLog> log, int bestEpoch) {
    return log.stream()
        .filter(e -> e.epoch() == bestEpoch)
        .mapToDouble(EpochLog::validationAuc)
        .findFirst()
        .orElse(Double.NEGATIVE_INFINITY);
  }

  static Path checkpoint(Path runDir, int epoch) {
    return runDir.resolve(checkpointName(epoch));
  }

  /**
   * Where an epoch's weights lie in a run folder, relative to it: {@code
   * checkpoints/cnn-NNNN.params}.
   */
  public static String checkpointName(int epoch) {
    return String.format(Locale.ROOT, "%s/%s-%04d.params", CHECKPOINTS, PREFIX, epoch);
  }

  /**
   * The validation images' names, one per line: {@code verisim eval --only} scores exactly these,
   * so held-out metrics and calibration never touch a training image.
   */
  private static void writeValidationList(Path runDir, List<Example> examples, int[] val)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i : val) {
      sb.append(examples.get(i).name()).append('\n');
    }
    Files.writeString(runDir.resolve(VALIDATION_LIST), sb.toString(), StandardCharsets.UTF_8);
  }

  private static void appendLog(Path runDir, EpochLog line) throws IOException {
    Files.writeString(
        runDir.resolve("training-log.jsonl"),
        MAPPER.writeValueAsString(line) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The optimizer's state after an epoch, beside its checkpoint. */
  static Path optimizerState(Path runDir, int epoch) {
    return runDir
        .resolve(CHECKPOINTS)
        .resolve(String.format(Locale.ROOT, "%s-%04d.bin", ADAM_PREFIX, epoch));
  }

  /**
   * Keeps the last epoch's parameters and optimizer state (to resume) and the best epoch's
   * parameters (to ship).
   */
  private static void pruneCheckpoints(Path runDir, int last, int best) throws IOException {
    for (int e = 1; e < last; e++) {
      if (e != best) {
        Files.deleteIfExists(checkpoint(runDir, e));
      }
      Files.deleteIfExists(optimizerState(runDir, e));
    }
  }

  private void writeDetectorJson(Path runDir, int bestEpoch, double temperature)
      throws IOException {
    ObjectNode d = MAPPER.createObjectNode();
    d.put("format", FORMAT);
    d.put("id", info.id());
    d.put("version", info.version());
    d.put("epoch", bestEpoch);
    d.put("temperature", temperature);
    d.putArray("uncertain_band").add(band.low()).add(band.high());
    d.set("config", MAPPER.valueToTree(config));
    Files.writeString(
        runDir.resolve(DETECTOR_JSON),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(d),
        StandardCharsets.UTF_8);
  }

  private void writeProvenance(
      Path runDir,
      ObjectNode dataNode,
      List<Example> examples,
      int trainCount,
      int valCount,
      long parameters,
      List<EpochLog> log,
      int bestEpoch,
      double temperature,
      boolean stoppedEarly,
      ObjectNode metrics)
      throws IOException {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("model", info.id() + " " + info.version());
    p.put("trainer", CnnTrainer.class.getName());
    p.set("config", MAPPER.valueToTree(config));
    p.put("seed", config.seed());
    ObjectNode data = dataNode.deepCopy();
    data.put("images", examples.size());
    data.put("fakes", examples.stream().filter(e -> e.label() == 1).count());
    data.put("train", trainCount);
    data.put("validation", valCount);
    data.put("split", "per class, seeded shuffle; the first validationFraction validates");
    p.set("data", data);
    ObjectNode net = p.putObject("network");
    net.put(
        "architecture",
        "per stage: conv3x3 (no bias) + batch norm + ReLU + maxpool 2x2; global average pool;"
            + " linear -> 1 logit");
    net.putPOJO("widths", config.widths());
    net.put("input", "3x" + config.inputSize() + "x" + config.inputSize() + ", RGB in [-1,1]");
    net.put("parameters", parameters);
    p.put("epochs_run", log.isEmpty() ? 0 : log.get(log.size() - 1).epoch());
    p.put("best_epoch", bestEpoch);
    p.put("stopped_early", stoppedEarly);
    p.put("temperature", temperature);
    p.set("metrics", metrics);
    ObjectNode v = p.putObject("versions");
    String verisim = CnnTrainer.class.getPackage().getImplementationVersion();
    v.put("verisim", verisim == null ? "dev" : verisim);
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("java", System.getProperty("java.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    Files.writeString(
        runDir.resolve("provenance.json"),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p),
        StandardCharsets.UTF_8);
  }
}
