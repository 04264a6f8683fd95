package dev.verisim.detect.audio;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.MediaException;
import dev.verisim.core.Parallel;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.fusion.FusionModel;
import dev.verisim.detect.fusion.LogisticFit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the audio countermeasure: the LFCC-GMM baseline, the CNN, their calibration and fusion,
 * then measures all three on the held-out test files and writes a model folder ({@link AudioModel})
 * with {@code provenance.json}.
 *
 * <p>Files have a role: {@code TRAIN} files fit the GMMs and the CNN, {@code CALIBRATION} files
 * pick the CNN's best epoch and fit the calibrations and the fusion, {@code TEST} files are only
 * measured. Deterministic for a seed up to the CPU kernels' floating-point order.
 *
 * <pre>{@code
 * AudioTrainer.Result r = new AudioTrainer(AudioTrainer.Config.defaults(7)).train(items, out);
 * }</pre>
 */
public final class AudioTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(AudioTrainer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What a file is used for. */
  public enum Role {
    TRAIN,
    CALIBRATION,
    TEST
  }

  /** One labelled file: label 1 spoof, 0 bona fide; source for per-source metrics. */
  public record Item(Path file, String name, String source, int label, Role role) {
    public Item {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(role, "role");
    }
  }

  /**
   * Training settings.
   *
   * @param seed seeds k-means++, batch sampling, augmentation and the network's initialisation
   * @param gmmComponents Gaussians per class
   * @param gmmIterations EM iterations
   * @param gmmMaxFrames at most this many frames per class (evenly strided) fit a GMM
   * @param cnnWidths channels of the CNN's stages
   * @param cnnFrames frames per CNN window
   * @param epochs CNN epochs
   * @param stepsPerEpoch class-balanced batches per epoch
   * @param batchSize windows per batch, half of each class
   * @param learningRate Adam's rate
   * @param segmentSeconds segment length of the verdicts
   */
  public record Config(
      long seed,
      int gmmComponents,
      int gmmIterations,
      int gmmMaxFrames,
      List<Integer> cnnWidths,
      int cnnFrames,
      int epochs,
      int stepsPerEpoch,
      int batchSize,
      double learningRate,
      double segmentSeconds) {
    public Config {
      cnnWidths = List.copyOf(cnnWidths);
      if (gmmComponents < 1 || epochs < 1 || stepsPerEpoch < 1 || batchSize < 2) {
        throw new IllegalArgumentException("bad training config: " + this);
      }
    }

    public static Config defaults(long seed) {
      return new Config(seed, 64, 12, 80_000, List.of(16, 32, 48, 64), 200, 20, 40, 32, 1e-3, 4.0);
    }

    public Config withEpochs(int newEpochs, int newSteps) {
      return new Config(
          seed,
          gmmComponents,
          gmmIterations,
          gmmMaxFrames,
          cnnWidths,
          cnnFrames,
          newEpochs,
          newSteps,
          batchSize,
          learningRate,
          segmentSeconds);
    }

    public Config withGmmComponents(int k) {
      return new Config(
          seed,
          k,
          gmmIterations,
          gmmMaxFrames,
          cnnWidths,
          cnnFrames,
          epochs,
          stepsPerEpoch,
          batchSize,
          learningRate,
          segmentSeconds);
    }
  }

  /** EER and AUC of the three scores on some files. */
  public record Comparison(
      String name,
      int bonafide,
      int spoof,
      double gmmEer,
      double gmmAuc,
      double cnnEer,
      double cnnAuc,
      double fusedEer,
      double fusedAuc) {}

  /** What training produced. */
  public record Result(Path folder, List<Comparison> test, ObjectNode provenance) {}

  private static final int CNN_HOP_DIVISOR = 2;
  private static final int CNN_BANDS = 60;

  private final Config config;
  private final ModelInfo info;

  public AudioTrainer(Config config, ModelInfo info) {
    this.config = Objects.requireNonNull(config, "config");
    this.info = Objects.requireNonNull(info, "info");
  }

  private record Clip(Item item, float[] samples) {}

  /**
   * Trains and writes the model folder.
   *
   * @throws IOException when the folder cannot be written, or too few files decode
   */
  public Result train(List<Item> items, Path out) throws IOException {
    long t0 = System.nanoTime();
    List<Clip> clips = decodeAll(items);
    List<Clip> train = clips.stream().filter(c -> c.item.role == Role.TRAIN).toList();
    List<Clip> cal = clips.stream().filter(c -> c.item.role == Role.CALIBRATION).toList();
    List<Clip> test = clips.stream().filter(c -> c.item.role == Role.TEST).toList();
    requireBothClasses(train, "training");
    requireBothClasses(cal, "calibration");
    LOG.info(
        "audio: {} train, {} calibration, {} test files decoded",
        train.size(),
        cal.size(),
        test.size());

    // 1. The LFCC-GMM baseline.
    DiagonalGmm[] gmms = fitGmms(train);
    LOG.info("audio: GMMs fitted ({} components each)", config.gmmComponents());

    // 2. The CNN's input normalisation, from the training files.
    FilterBank bank = AudioModel.cnnBank(CNN_BANDS);
    float[] mean = new float[CNN_BANDS];
    float[] std = new float[CNN_BANDS];
    bandStatistics(train, bank, mean, std);
    AudioModel.Config modelConfig =
        new AudioModel.Config(
            config.segmentSeconds(),
            CNN_BANDS,
            config.cnnFrames(),
            config.cnnFrames() / CNN_HOP_DIVISOR,
            config.cnnWidths(),
            mean,
            std);

    // 3. The CNN, its best epoch chosen by AUC on the calibration files.
    Model cnn = trainCnn(train, cal, gmms, modelConfig, bank);
    try {
      AudioModel uncalibrated =
          new AudioModel(info, modelConfig, gmms[0], gmms[1], cnn, null, null, null);
      // 4. Calibration and fusion on the calibration files.
      double[][] calScores = scores(uncalibrated, cal);
      int[] calY = cal.stream().mapToInt(c -> c.item.label).toArray();
      FusionModel gmmCal = fit(List.of(AudioModel.GMM_LLR), column(calScores, 0), calY);
      FusionModel cnnCal = fit(List.of(AudioModel.CNN_LOGIT), column(calScores, 1), calY);
      FusionModel fused = fit(List.of(AudioModel.GMM_LLR, AudioModel.CNN_LOGIT), calScores, calY);
      double[] calP = new double[cal.size()];
      for (int i = 0; i < calP.length; i++) {
        calP[i] = fused.probability(calScores[i]);
      }
      // The band chosen on the calibration files, but never narrower than the default: those files
      // come from the training sources and are nearly separable, unseen sources are not.
      UncertainBand chosen = UncertainBand.fromValidation(calP, calY, 0.05);
      fused =
          fused.withBand(
              new UncertainBand(
                  Math.min(chosen.low(), UncertainBand.DEFAULT.low()),
                  Math.max(chosen.high(), UncertainBand.DEFAULT.high())));
      AudioModel model = uncalibrated.withCalibration(fused, gmmCal, cnnCal);
      model.write(out);

      // 5. Measure on the test files, overall and per source.
      List<Comparison> comparisons = new ArrayList<>();
      if (!test.isEmpty()) {
        double[][] testScores = scores(model, test);
        comparisons.add(compare(model, "all test files", test, testScores));
        Map<String, List<Integer>> bySource = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
          bySource.computeIfAbsent(test.get(i).item.source, s -> new ArrayList<>()).add(i);
        }
        bySource.forEach(
            (s, idx) ->
                comparisons.add(
                    compare(
                        model,
                        s,
                        idx.stream().map(test::get).toList(),
                        idx.stream().map(i -> testScores[i]).toArray(double[][]::new))));
      }
      ObjectNode prov = provenance(items, clips, comparisons, calScores, calY, model, t0);
      Files.writeString(
          out.resolve("provenance.json"),
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(prov) + "\n",
          StandardCharsets.UTF_8);
      return new Result(out, List.copyOf(comparisons), prov);
    } finally {
      cnn.close();
    }
  }

  private List<Clip> decodeAll(List<Item> items) throws IOException {
    AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);
    Clip[] out = new Clip[items.size()];
    Parallel.forEachIndex(
        items.size(),
        "decode-audio",
        i -> {
          Item it = items.get(i);
          try {
            out[i] = new Clip(it, decoder.decode(it.file(), it.name()).samples());
          } catch (MediaException e) {
            LOG.warn("skipping {}: {}", it.name(), e.getMessage());
          }
        });
    List<Clip> ok = new ArrayList<>();
    for (Clip c : out) {
      if (c != null) {
        ok.add(c);
      }
    }
    return ok;
  }

  private static void requireBothClasses(List<Clip> clips, String what) throws IOException {
    long spoof = clips.stream().filter(c -> c.item.label == 1).count();
    if (spoof == 0 || spoof == clips.size()) {
      throw new IOException(
          "the "
              + what
              + " files need both bona fide and spoof audio, found "
              + spoof
              + " spoof of "
              + clips.size());
    }
  }

  private DiagonalGmm[] fitGmms(List<Clip> train) throws IOException {
    CepstralFeatures lfcc = CepstralFeatures.lfcc();
    float[][][] feats = new float[train.size()][][];
    Parallel.forEachIndex(
        train.size(),
        "lfcc",
        i -> feats[i] = lfcc.compute(AudioModel.dithered(train.get(i).samples)));
    DiagonalGmm[] out = new DiagonalGmm[2];
    for (int label = 0; label <= 1; label++) {
      List<float[]> frames = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        if (train.get(i).item.label == label) {
          frames.addAll(List.of(feats[i]));
        }
      }
      int stride = Math.max(1, (frames.size() + config.gmmMaxFrames() - 1) / config.gmmMaxFrames());
      List<float[]> used = new ArrayList<>();
      for (int i = 0; i < frames.size(); i += stride) {
        used.add(frames.get(i));
      }
      LOG.info("audio: GMM {} on {} frames", label == 0 ? "bona fide" : "spoof", used.size());
      out[label] =
          DiagonalGmm.fit(
              used.toArray(float[][]::new),
              config.gmmComponents(),
              config.gmmIterations(),
              config.seed() * 31 + label);
    }
    return out;
  }

  private static void bandStatistics(List<Clip> train, FilterBank bank, float[] mean, float[] std)
      throws IOException {
    double[][] sums = new double[train.size()][];
    double[][] squares = new double[train.size()][];
    long[] counts = new long[train.size()];
    Parallel.forEachIndex(
        train.size(),
        "band-stats",
        i -> {
          double[][] e =
              CepstralFeatures.logFilterEnergies(AudioModel.dithered(train.get(i).samples), bank);
          double[] s = new double[bank.size()];
          double[] q = new double[bank.size()];
          for (double[] row : e) {
            for (int b = 0; b < row.length; b++) {
              s[b] += row[b];
              q[b] += row[b] * row[b];
            }
          }
          sums[i] = s;
          squares[i] = q;
          counts[i] = e.length;
        });
    long n = 0;
    double[] s = new double[bank.size()];
    double[] q = new double[bank.size()];
    for (int i = 0; i < train.size(); i++) {
      n += counts[i];
      for (int b = 0; b < s.length; b++) {
        s[b] += sums[i][b];
        q[b] += squares[i][b];
      }
    }
    for (int b = 0; b < s.length; b++) {
      double m = s[b] / n;
      mean[b] = (float) m;
      std[b] = (float) Math.sqrt(Math.max(1e-6, q[b] / n - m * m));
    }
  }

  private Model trainCnn(
      List<Clip> train,
      List<Clip> cal,
      DiagonalGmm[] gmms,
      AudioModel.Config modelConfig,
      FilterBank bank)
      throws IOException {
    Engine.getEngine("PyTorch").setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
    List<Clip> bona = train.stream().filter(c -> c.item.label == 0).toList();
    List<Clip> spoof = train.stream().filter(c -> c.item.label == 1).toList();
    int frames = config.cnnFrames();
    int cropSamples = CepstralFeatures.FRAME + (frames - 1) * CepstralFeatures.HOP;
    SplittableRandom rnd = new SplittableRandom(config.seed());
    int[] calY = cal.stream().mapToInt(c -> c.item.label).toArray();
    Model model = Model.newInstance(info.id() + "-cnn", "PyTorch");
    try {
      model.setBlock(AudioCnn.build(config.cnnWidths()));
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                      .optWeightDecays(1e-4f)
                      .build())
              .optDevices(new Device[] {Device.cpu()});
      byte[] best = null;
      double bestAuc = -1;
      int bestEpoch = 0;
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(AudioCnn.inputShape(config.batchSize(), CNN_BANDS, frames));
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
          double lossSum = 0;
          long e0 = System.nanoTime();
          for (int step = 0; step < config.stepsPerEpoch(); step++) {
            int n = config.batchSize();
            float[] x = new float[n * CNN_BANDS * frames];
            float[] y = new float[n];
            for (int b = 0; b < n; b++) {
              List<Clip> pool = b % 2 == 0 ? bona : spoof;
              Clip c = pool.get(rnd.nextInt(pool.size()));
              float[] crop = augmentedCrop(c.samples, cropSamples, rnd);
              float[][] in =
                  AudioModel.normalise(
                      CepstralFeatures.logFilterEnergies(AudioModel.dithered(crop), bank),
                      modelConfig);
              float[][] w = AudioModel.windows(in, 0, in.length, frames, frames);
              System.arraycopy(w[0], 0, x, b * CNN_BANDS * frames, CNN_BANDS * frames);
              y[b] = c.item.label;
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
              NDArray xs = m.create(x, AudioCnn.inputShape(n, CNN_BANDS, frames));
              NDArray ys = m.create(y).reshape(n, 1);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(logits));
                lossSum += loss.getFloat();
                gc.backward(loss);
              }
              trainer.step();
            }
          }
          AudioModel probe =
              new AudioModel(info, modelConfig, gmms[0], gmms[1], model, null, null, null);
          double auc = BinaryMetrics.auc(column1(scores(probe, cal), 1), calY);
          LOG.info(
              String.format(
                  Locale.ROOT,
                  "audio CNN epoch %d/%d: train loss %.4f, calibration AUC %.4f (%.1f s)",
                  epoch,
                  config.epochs(),
                  lossSum / config.stepsPerEpoch(),
                  auc,
                  (System.nanoTime() - e0) / 1e9));
          if (auc > bestAuc + 1e-9) {
            bestAuc = auc;
            bestEpoch = epoch;
            best = AudioCnn.save(model.getBlock());
          }
        }
      }
      LOG.info("audio CNN: best epoch {} (calibration AUC {})", bestEpoch, bestAuc);
      this.bestEpoch = bestEpoch;
      model.close();
      return AudioCnn.load(config.cnnWidths(), CNN_BANDS, frames, best, info.id() + "-cnn");
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private int bestEpoch;

  /**
   * A random crop of {@code length} samples (the clip repeated when shorter), with a random gain of
   * +-6 dB and, half of the time, white noise 45 to 70 dB below full scale: the level of a
   * recording and its noise floor should not decide.
   */
  static float[] augmentedCrop(float[] samples, int length, SplittableRandom rnd) {
    float[] out = new float[length];
    int start = samples.length > length ? rnd.nextInt(samples.length - length + 1) : 0;
    double gain = Math.pow(10, (rnd.nextDouble() * 12 - 6) / 20);
    double noise = rnd.nextBoolean() ? Math.pow(10, -(45 + 25 * rnd.nextDouble()) / 20) : 0;
    for (int i = 0; i < length; i++) {
      double v = samples[(start + i) % samples.length] * gain;
      if (noise > 0) {
        v += noise * Math.sqrt(3) * (2 * rnd.nextDouble() - 1);
      }
      out[i] = (float) Math.max(-1, Math.min(1, v));
    }
    return out;
  }

  /** [gmm_llr, cnn_logit] per clip. */
  private static double[][] scores(AudioModel model, List<Clip> clips) throws IOException {
    double[][] out = new double[clips.size()][];
    // One thread: the network is shared and its inference serialised anyway; GMM scoring of many
    // clips dominates and runs on the common pool inside nothing, so keep it simple.
    Parallel.forEachIndex(
        clips.size(),
        "score-audio",
        i -> {
          AudioModel.Scores s = model.score(clips.get(i).samples).clip();
          out[i] = new double[] {s.gmmLlr(), s.cnnLogit()};
        });
    return out;
  }

  private FusionModel fit(List<String> features, double[][] x, int[] y) {
    // A firm ridge: the calibration files are few and nearly separable, and unpenalised weights
    // would make the fused probability overconfident on unseen sources.
    FusionModel m = LogisticFit.fit(info, features, x, y, x, y, 1.0);
    double[] z = new double[x.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = m.logit(x[i]);
    }
    double[] ab = plattSmoothed(z, y);
    return new FusionModel(
        info, features, m.mean(), m.scale(), m.weights(), m.bias(), ab[0], ab[1], m.band());
  }

  /**
   * Platt scaling with Platt's own smoothed targets, {@code (N+ + 1) / (N+ + 2)} for spoof and
   * {@code 1 / (N- + 2)} for bona fide, instead of 1 and 0: on separable calibration data (ours
   * nearly is) plain maximum likelihood drives the slope to infinity and every probability to 0 or
   * 1. The two classes weigh the same (the calibration files are mostly synthetic speech; a
   * detector should not assume that a clip is spoofed before hearing it), so {@code p} is
   * calibrated for equal priors. Returns {a, b} of {@code p = sigmoid(a z + b)}; Newton's method on
   * the two parameters.
   */
  static double[] plattSmoothed(double[] z, int[] y) {
    int pos = 0;
    for (int v : y) {
      pos += v;
    }
    int neg = y.length - pos;
    double tPos = (pos + 1.0) / (pos + 2.0);
    double tNeg = 1.0 / (neg + 2.0);
    double wPos = z.length / (2.0 * Math.max(1, pos));
    double wNeg = z.length / (2.0 * Math.max(1, neg));
    double a = 1;
    double b = 0;
    for (int it = 0; it < 100; it++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-9;
      double hab = 0;
      double hbb = 1e-9;
      for (int i = 0; i < z.length; i++) {
        double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
        double t = y[i] == 1 ? tPos : tNeg;
        double c = y[i] == 1 ? wPos : wNeg;
        double w = c * Math.max(p * (1 - p), 1e-12);
        ga += c * (p - t) * z[i];
        gb += c * (p - t);
        haa += w * z[i] * z[i];
        hab += w * z[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (!(Math.abs(det) > 1e-18)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      // Damped steps: far from the optimum the logistic Hessian underestimates the curvature.
      double step = Math.min(1, 5 / Math.max(1e-9, Math.abs(da) + Math.abs(db)));
      a -= step * da;
      b -= step * db;
      if (Math.abs(da) + Math.abs(db) < 1e-10) {
        break;
      }
    }
    return new double[] {a, b};
  }

  private static double[][] column(double[][] x, int j) {
    double[][] out = new double[x.length][1];
    for (int i = 0; i < x.length; i++) {
      out[i][0] = x[i][j];
    }
    return out;
  }

  private static double[] column1(double[][] x, int j) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i][j];
    }
    return out;
  }

  private static Comparison compare(AudioModel model, String name, List<Clip> clips, double[][] s) {
    int[] y = clips.stream().mapToInt(c -> c.item.label).toArray();
    double[] gmm = column1(s, 0);
    double[] cnn = column1(s, 1);
    double[] fused = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      fused[i] = model.probability(new AudioModel.Scores(0, 0, s[i][0], s[i][1]));
    }
    int spoof = (int) java.util.Arrays.stream(y).filter(v -> v == 1).count();
    return new Comparison(
        name,
        y.length - spoof,
        spoof,
        BinaryMetrics.equalErrorRate(gmm, y).rate(),
        BinaryMetrics.auc(gmm, y),
        BinaryMetrics.equalErrorRate(cnn, y).rate(),
        BinaryMetrics.auc(cnn, y),
        BinaryMetrics.equalErrorRate(fused, y).rate(),
        BinaryMetrics.auc(fused, y));
  }

  private ObjectNode provenance(
      List<Item> items,
      List<Clip> clips,
      List<Comparison> comparisons,
      double[][] calScores,
      int[] calY,
      AudioModel model,
      long t0)
      throws IOException {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("model", info.id() + " " + info.version());
    p.put("trainer", AudioTrainer.class.getName());
    p.put("created", Instant.now().toString());
    p.put("training_seconds", Math.round((System.nanoTime() - t0) / 1e9));
    p.set("config", MAPPER.valueToTree(config));
    p.put("cnn_best_epoch", bestEpoch);
    ObjectNode data = p.putObject("data");
    Map<String, int[]> perSourceRole = new LinkedHashMap<>();
    MessageDigest all = sha256();
    for (Clip c : clips) {
      String key = c.item.role.name().toLowerCase(Locale.ROOT) + " " + c.item.source;
      perSourceRole.computeIfAbsent(key, k -> new int[2])[c.item.label]++;
      all.update(c.item.name.getBytes(StandardCharsets.UTF_8));
      all.update(fileHash(c.item.file).getBytes(StandardCharsets.UTF_8));
    }
    data.put("files_listed", items.size());
    data.put("files_decoded", clips.size());
    data.put("sha256", HexFormat.of().formatHex(all.digest()));
    data.put(
        "sha256_is",
        "SHA-256 over (name, SHA-256 of the file's bytes) of every decoded file in order");
    ObjectNode counts = data.putObject("files_by_role_and_source");
    perSourceRole.forEach((k, v) -> counts.putObject(k).put("bonafide", v[0]).put("spoof", v[1]));
    ObjectNode metrics = p.putObject("metrics");
    double[] calP = new double[calY.length];
    for (int i = 0; i < calP.length; i++) {
      calP[i] = model.probability(new AudioModel.Scores(0, 0, calScores[i][0], calScores[i][1]));
    }
    metrics.put("calibration_auc_fused", BinaryMetrics.auc(calP, calY));
    metrics.put("calibration_log_loss_fused", BinaryMetrics.logLoss(calP, calY));
    metrics.put("uncertain_band", model.band().low() + "-" + model.band().high());
    for (Comparison c : comparisons) {
      metrics.set("test " + c.name(), MAPPER.valueToTree(c));
    }
    ObjectNode v = p.putObject("versions");
    v.put("java", System.getProperty("java.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    String verisim = AudioTrainer.class.getPackage().getImplementationVersion();
    v.put("verisim", verisim == null ? "development build" : verisim);
    return p;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fileHash(Path file) throws IOException {
    MessageDigest d = sha256();
    d.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(d.digest());
  }
}
