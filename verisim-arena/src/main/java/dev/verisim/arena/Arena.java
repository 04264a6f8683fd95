package dev.verisim.arena;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.Progress;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.AtomicFiles;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.core.metrics.BinaryMetrics;
import dev.verisim.gan.GanConfig;
import dev.verisim.gan.GanTrainer;
import dev.verisim.gan.Generator;
import dev.verisim.gan.Images;
import dev.verisim.gan.TrainingImages;
import dev.verisim.gan.quality.GanQuality;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arms race: a generator and a detector take turns, round by round.
 *
 * <p>Round 1: the generator trains alone (there is no detector yet) for {@link
 * ArenaConfig#firstRoundSteps()}; the detector trains on real images against its fakes. Round
 * {@code r > 1}: (a) the generator trains for {@code gan.steps()} more steps with an extra loss
 * term, the non-saturating "fake" loss of the previous round's detector, frozen (its arrays require
 * no gradient, so nothing flows into it); (b) the previous detector is measured on the new fakes
 * ("before"), then fine-tuned (or retrained, {@link ArenaConfig#retrainDetector()}) on the real
 * training images against the fakes of every round so far; (c) the new detector is measured on this
 * round's fakes ("after"), on each earlier round's fakes (does it forget?) and on this round's
 * fakes laundered by each {@link Laundering}; the fakes' quality is the sliced Wasserstein distance
 * to held-out real images.
 *
 * <p>Every measurement is of fakes the detector never trained on (other latents than its training
 * fakes) against real images held out of both networks' training ({@link
 * ArenaConfig#heldOutFraction()}, listed in {@code held-out.txt}).
 *
 * <p>The output folder:
 *
 * <pre>
 * arena.json                 config, data hashes, versions and every completed round's metrics
 * report.html                the page (charts, sample grids, who is winning)
 * held-out.txt               the real images kept for evaluation
 * reals.png                  some of them, for comparison with the grids
 * gan/                       the generator's training run (verisim gan train's run folder)
 * round-NN/round.json        the round's metrics (also in arena.json)
 * round-NN/scores.csv        every score the round's AUCs are computed from
 * round-NN/samples.png       a grid of the round's evaluation fakes (watermark and XMP label)
 * round-NN/fakes/*.png       the round's fakes, training and evaluation (XMP label)
 * round-NN/detector.params   the round's detector and its optimizer state (detector.adam)
 * round-NN/generator/        the round's generator (generator.json, generator.params)
 * </pre>
 *
 * <p>Continuing: running again into the same folder with the same settings and data skips the
 * completed rounds (those in {@code arena.json}) and continues with the next, from the saved
 * detector, fakes and generator checkpoints; an interrupted round is redone from its start (the
 * generator resumes from its last checkpoint, exactly). Every random number is seeded by the round
 * and step, so a continued run gives the numbers of an uninterrupted one.
 */
public final class Arena {
  private static final Logger LOG = LoggerFactory.getLogger(Arena.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static final String FORMAT = "verisim-arena/1";
  public static final String ARENA_JSON = "arena.json";
  public static final String HELD_OUT = "held-out.txt";
  public static final String SCORES = "scores.csv";
  public static final String SAMPLES = "samples.png";
  public static final String GAN_DIR = "gan";
  static final String ROUND_JSON = "round.json";
  static final String DETECTOR_PARAMS = "detector.params";
  static final String DETECTOR_ADAM = "detector.adam";

  /** Fewest usable real images: enough for a held-out set and a training set. */
  public static final int MIN_IMAGES = 20;

  private static final int GRID = 64;

  private final ArenaConfig config;

  public Arena(ArenaConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public ArenaConfig config() {
    return config;
  }

  /**
   * The input cannot make an arena, or the output folder holds another arena: a usage error whose
   * message says what to do. Nothing in the folder has been changed.
   */
  public static final class ArenaInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArenaInputException(String message) {
      super(message);
    }
  }

  /**
   * What a run did.
   *
   * @param rounds every completed round, earlier runs' included
   * @param roundsThisRun rounds this call computed
   * @param summary the plain-language verdict on who is winning
   */
  public record Result(
      List<RoundResult> rounds, int roundsThisRun, List<String> summary, Path report, Path json) {
    public Result {
      rounds = List.copyOf(rounds);
      summary = List.copyOf(summary);
    }
  }

  /** Loads the real images, cut square as the generator's settings say. */
  public TrainingImages loadReals(Path dir, Progress progress) throws IOException {
    return TrainingImages.load(dir, config.gan(), progress);
  }

  /**
   * Plays rounds up to {@code rounds} into {@code out}, continuing what is there.
   *
   * @param command the command line, for the provenance (may be null)
   * @throws ArenaInputException too few images, or {@code out} holds another arena
   */
  public Result run(TrainingImages reals, int rounds, Path out, String command, Progress progress)
      throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    int n = reals.images().size();
    if (n < MIN_IMAGES) {
      throw new ArenaInputException(
          "the arena needs at least "
              + MIN_IMAGES
              + " usable real images, "
              + reals.root()
              + " has "
              + n
              + describeSkipped(reals));
    }
    int[][] split = split(n);
    int[] train = split[0];
    int[] heldOut = split[1];
    List<BufferedImage> trainReals = pick(reals.images(), train);
    List<BufferedImage> evalReals = pick(reals.images(), heldOut);
    String heldOutList = names(reals, heldOut);
    ObjectNode data = MAPPER.createObjectNode();
    data.put("root", reals.root().toString());
    data.put("sha256", reals.sha256());
    data.put("images", n);
    data.put("training", train.length);
    data.put("held_out", heldOut.length);
    data.put("held_out_sha256", sha256(heldOutList.getBytes(StandardCharsets.UTF_8)));
    data.put("undecodable", reals.undecodable());
    data.put("without_face", reals.withoutFace());

    Files.createDirectories(out);
    List<RoundResult> done = previousRounds(out, data);
    if (done.size() >= rounds) {
      LOG.info("{} already holds {} rounds; writing their report again", out, done.size());
    } else if (!done.isEmpty()) {
      LOG.info("continuing {} after round {}", out, done.size());
    }
    Files.writeString(out.resolve(HELD_OUT), heldOutList, StandardCharsets.UTF_8);
    writeRealsGrid(out, evalReals);
    writeArenaJson(out, data, done, command);

    TrainingImages ganImages =
        new TrainingImages(
            reals.root(),
            pickNames(reals, train),
            trainReals,
            sha256((reals.sha256() + "\n" + names(reals, train)).getBytes(StandardCharsets.UTF_8)),
            reals.undecodable(),
            reals.withoutFace());
    List<List<BufferedImage>> trainFakes = new ArrayList<>();
    List<List<BufferedImage>> evalFakes = new ArrayList<>();
    for (RoundResult r : done) {
      trainFakes.add(readFakes(out, r.round(), "train", config.trainFakes()));
      evalFakes.add(readFakes(out, r.round(), "eval", config.evalFakes()));
    }
    int computed = 0;
    ArenaDetector detector = newDetector(1);
    try {
      if (!done.isEmpty()) {
        Path dir = out.resolve(roundDir(done.size()));
        detector.load(dir.resolve(DETECTOR_PARAMS), dir.resolve(DETECTOR_ADAM));
      }
      for (int round = done.size() + 1; round <= rounds; round++) {
        RoundInputs in = new RoundInputs(trainReals, evalReals, trainFakes, evalFakes);
        detector = playRound(round, out, ganImages, in, detector, progress, data, done, command);
        computed++;
      }
    } finally {
      detector.close();
    }
    List<String> summary = ArenaSummary.of(done, config);
    writeArenaJson(out, data, done, command);
    Path report = ArenaReport.write(out);
    return new Result(done, computed, summary, report, out.resolve(ARENA_JSON));
  }

  private record RoundInputs(
      List<BufferedImage> trainReals,
      List<BufferedImage> evalReals,
      List<List<BufferedImage>> trainFakes,
      List<List<BufferedImage>> evalFakes) {}

  /** One round; returns the detector that the next round trains against (this round's). */
  private ArenaDetector playRound(
      int round,
      Path out,
      TrainingImages ganImages,
      RoundInputs in,
      ArenaDetector previous,
      Progress progress,
      ObjectNode data,
      List<RoundResult> done,
      String command)
      throws IOException {
    long start = System.nanoTime();
    Path dir = out.resolve(roundDir(round));
    Files.createDirectories(dir.resolve("fakes"));
    LOG.info("round {}: the generator trains", round);
    int steps = config.generatorStepsAfter(round);
    GanConfig gan = config.gan().withSteps(steps);
    ArenaDetector.FrozenAdversary adversary = null;
    if (round > 1 && config.adversaryWeight() > 0) {
      adversary =
          ArenaDetector.frozenAdversary(
              out.resolve(roundDir(round - 1)).resolve(DETECTOR_PARAMS),
              config.gan().resolution(),
              config.detectorWidth(),
              config.adversaryWeight(),
              detectorSeed(1));
    }
    try {
      new GanTrainer(gan, adversary).train(ganImages, out.resolve(GAN_DIR), progress);
    } finally {
      if (adversary != null) {
        adversary.close();
      }
    }
    // The round's generator, loadable as `verisim gan sample --model round-NN/generator`: the run
    // folder keeps only its newest checkpoints.
    Path snapshot = Files.createDirectories(dir.resolve("generator"));
    for (String file : List.of(GanTrainer.GENERATOR_JSON, GanTrainer.GENERATOR_PARAMS)) {
      Files.copy(
          out.resolve(GAN_DIR).resolve(file),
          snapshot.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    double adversaryLoss =
        adversaryLoss(out.resolve(GAN_DIR), config.generatorStepsAfter(round - 1));
    long afterGenerator = System.nanoTime();

    List<BufferedImage> trainF;
    List<BufferedImage> evalF;
    try (Generator g = Generator.load(out.resolve(GAN_DIR))) {
      trainF = g.sample(config.trainFakes(), mix(config.seed(), 2L * round), 1.0);
      evalF = g.sample(config.evalFakes(), mix(config.seed(), 2L * round + 1), 1.0);
    }
    String fakesSha = writeFakes(dir, round, trainF, evalF);
    writeSamplesGrid(dir, round, evalF);
    in.trainFakes().add(trainF);
    in.evalFakes().add(evalF);
    long afterFakes = System.nanoTime();

    Scores scores = new Scores();
    double aucBefore = Double.NaN;
    if (round > 1) {
      double[] real = previous.scores(in.evalReals());
      double[] fake = previous.scores(evalF);
      scores.add(round - 1, 0, "none", real, 0);
      scores.add(round - 1, round, "none", fake, 1);
      aucBefore = auc(fake, real);
    }
    LOG.info("round {}: the detector trains", round);
    ArenaDetector detector = previous;
    if (config.retrainDetector() && round > 1) {
      detector = newDetector(round);
      previous.close();
    }
    List<BufferedImage> allFakes = new ArrayList<>();
    in.trainFakes().forEach(allFakes::addAll);
    double detectorLoss =
        detector.train(
            in.trainReals(),
            allFakes,
            config.detectorSteps(),
            config.detectorBatch(),
            mix(config.seed() ^ 0x0de7ec7L, round));
    long afterDetector = System.nanoTime();

    LOG.info("round {}: measuring", round);
    double[] real = detector.scores(in.evalReals());
    scores.add(round, 0, "none", real, 0);
    Map<Integer, Double> older = new LinkedHashMap<>();
    double aucAfter = Double.NaN;
    for (int k = 1; k <= round; k++) {
      double[] fake = detector.scores(in.evalFakes().get(k - 1));
      scores.add(round, k, "none", fake, 1);
      if (k < round) {
        older.put(k, auc(fake, real));
      } else {
        aucAfter = auc(fake, real);
      }
    }
    Map<String, Double> laundered = new LinkedHashMap<>();
    for (int l = 0; l < config.launderings().size(); l++) {
      Laundering laundering = config.launderings().get(l);
      List<BufferedImage> copies = new ArrayList<>(evalF.size());
      for (int i = 0; i < evalF.size(); i++) {
        copies.add(laundering.apply(evalF.get(i), mix(mix(config.seed(), round), 1000L * l + i)));
      }
      double[] fake = detector.scores(copies);
      scores.add(round, round, laundering.spec(), fake, 1);
      laundered.put(laundering.spec(), auc(fake, real));
    }
    GanQuality quality = GanQuality.measure(evalF, in.evalReals(), null, config.seed());
    long end = System.nanoTime();

    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("generator", (afterGenerator - start) / 1e9);
    seconds.put("fakes", (afterFakes - afterGenerator) / 1e9);
    seconds.put("detector", (afterDetector - afterFakes) / 1e9);
    seconds.put("evaluation", (end - afterDetector) / 1e9);
    seconds.put("total", (end - start) / 1e9);
    RoundResult result =
        new RoundResult(
            round,
            steps,
            aucBefore,
            aucAfter,
            older,
            laundered,
            quality.swdGeneratedVsReal().average(),
            quality.swdRealHalves().average(),
            quality.swdGeneratedVsReal().perLevel(),
            quality.generatedDiversity().mean(),
            quality.realDiversity().mean(),
            detectorLoss,
            adversaryLoss,
            seconds,
            fakesSha);
    // The round counts once round.json and arena.json list it; the detector is saved first.
    detector.save(dir.resolve(DETECTOR_PARAMS), dir.resolve(DETECTOR_ADAM));
    AtomicFiles.write(dir.resolve(SCORES), scores.csv().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(
        dir.resolve(ROUND_JSON),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(result.toJson(MAPPER)));
    done.add(result);
    writeArenaJson(out, data, done, command);
    ArenaReport.write(out);
    LOG.info(
        String.format(
            Locale.ROOT,
            "round %d: AUC before %.3f, after %.3f; SWD %.1f (real halves %.1f); %.0f s",
            round,
            aucBefore,
            aucAfter,
            result.swd(),
            result.swdRealHalves(),
            seconds.get("total")));
    return detector;
  }

  /** AUC of fakes (positive) against reals by score. */
  static double auc(double[] fake, double[] real) {
    double[] all = new double[fake.length + real.length];
    int[] labels = new int[all.length];
    System.arraycopy(fake, 0, all, 0, fake.length);
    Arrays.fill(labels, 0, fake.length, 1);
    System.arraycopy(real, 0, all, fake.length, real.length);
    return BinaryMetrics.auc(all, labels);
  }

  /** Rows of {@code scores.csv}: detector round, images (0 held-out reals, k round k's fakes). */
  static final class Scores {
    private final StringBuilder csv =
        new StringBuilder("detector_round,images_round,laundering,label,index,logit\n");

    void add(int detector, int images, String laundering, double[] logits, int label) {
      for (int i = 0; i < logits.length; i++) {
        csv.append(detector)
            .append(',')
            .append(images)
            .append(',')
            .append(laundering)
            .append(',')
            .append(label)
            .append(',')
            .append(i)
            .append(',')
            // Double.toString reads back to the same double: the file holds the exact scores.
            .append(Double.toString(logits[i]))
            .append('\n');
      }
    }

    String csv() {
      return csv.toString();
    }
  }

  private ArenaDetector newDetector(int round) {
    return new ArenaDetector(
        config.gan().resolution(),
        config.detectorWidth(),
        config.detectorLearningRate(),
        detectorSeed(round));
  }

  private long detectorSeed(int round) {
    return mix(config.seed() ^ 0xde7ec7L, round);
  }

  /** The mean adversary term over the generator's log lines after step {@code after}. */
  private static double adversaryLoss(Path ganDir, int after) throws IOException {
    Path log = ganDir.resolve("training-log.jsonl");
    if (!Files.exists(log)) {
      return Double.NaN;
    }
    double sum = 0;
    int count = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = MAPPER.readTree(line);
      if (n.path("step").asInt() > after && n.has("adversary_loss")) {
        sum += n.path("adversary_loss").asDouble();
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private String writeFakes(
      Path dir, int round, List<BufferedImage> trainF, List<BufferedImage> evalF)
      throws IOException {
    MessageDigest digest = newDigest();
    Path fakes = dir.resolve("fakes");
    // Labelled in XMP only: an invisible watermark in these pixels would hand the detector a
    // shortcut (it would learn the mark, not the generator). The grids people look at carry both.
    for (int i = 0; i < trainF.size(); i++) {
      digest.update(writeFake(fakes, "train", round, i, trainF.get(i)));
    }
    for (int i = 0; i < evalF.size(); i++) {
      digest.update(writeFake(fakes, "eval", round, i, evalF.get(i)));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private byte[] writeFake(Path fakes, String set, int round, int i, BufferedImage img)
      throws IOException {
    AiLabel label =
        AiLabel.generated("verisim " + version())
            .withGenerator("verisim arena, round " + round + " generator")
            .withSeed(config.seed());
    byte[] png = LabelledImageWriter.png(img, label);
    Files.write(fakes.resolve(fakeName(set, i)), png);
    int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    byte[] raw = new byte[px.length * 3];
    for (int p = 0; p < px.length; p++) {
      raw[3 * p] = (byte) (px[p] >> 16);
      raw[3 * p + 1] = (byte) (px[p] >> 8);
      raw[3 * p + 2] = (byte) px[p];
    }
    return raw;
  }

  static String fakeName(String set, int i) {
    return String.format(Locale.ROOT, "%s-%05d.png", set, i);
  }

  private List<BufferedImage> readFakes(Path out, int round, String set, int count)
      throws IOException {
    Path fakes = out.resolve(roundDir(round)).resolve("fakes");
    List<BufferedImage> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Path file = fakes.resolve(fakeName(set, i));
      BufferedImage img = Files.exists(file) ? ImageIO.read(file.toFile()) : null;
      if (img == null) {
        throw new IOException(
            file + " is missing or unreadable: round " + round + " cannot be continued from");
      }
      images.add(img);
    }
    return images;
  }

  private void writeSamplesGrid(Path dir, int round, List<BufferedImage> evalF) throws IOException {
    List<BufferedImage> shown = evalF.subList(0, Math.min(GRID, evalF.size()));
    AiLabel label =
        AiLabel.generated("verisim " + version())
            .withGenerator("verisim arena, round " + round + " generator")
            .withSeed(config.seed());
    BufferedImage grid =
        Watermarker.withDefaultKey()
            .embed(
                Images.grid(shown, 8),
                WatermarkPayload.forGenerated("verisim-arena", config.seed(), round));
    LabelledImageWriter.write(grid, label, dir.resolve(SAMPLES));
  }

  private static void writeRealsGrid(Path out, List<BufferedImage> evalReals) throws IOException {
    BufferedImage grid = Images.grid(evalReals.subList(0, Math.min(GRID, evalReals.size())), 8);
    ImageIO.write(grid, "png", out.resolve("reals.png").toFile());
  }

  /** Completed rounds of an arena already in {@code out}; checks it is this arena. */
  private List<RoundResult> previousRounds(Path out, ObjectNode data) throws IOException {
    Path json = out.resolve(ARENA_JSON);
    if (!Files.exists(json)) {
      return new ArrayList<>();
    }
    JsonNode old = MAPPER.readTree(json.toFile());
    if (!FORMAT.equals(old.path("format").asText())) {
      throw new ArenaInputException(
          json + " is not an arena (format '" + old.path("format").asText() + "')");
    }
    // Compared as text read back: a long written as 5 reads back as an int node.
    JsonNode mine = MAPPER.readTree(MAPPER.writeValueAsString(config.toJson(MAPPER)));
    if (!old.path("config").equals(mine)) {
      throw new ArenaInputException(
          out
              + " holds an arena with other settings ("
              + old.path("config")
              + "): use another --out folder, or the same settings to continue it");
    }
    if (!old.path("data").path("sha256").asText().equals(data.path("sha256").asText())
        || !old.path("data")
            .path("held_out_sha256")
            .asText()
            .equals(data.path("held_out_sha256").asText())) {
      throw new ArenaInputException(
          out + " holds an arena played on other real images: use another --out folder");
    }
    List<RoundResult> rounds = new ArrayList<>();
    for (JsonNode r : old.path("rounds")) {
      RoundResult result = RoundResult.fromJson(r);
      if (result.round() != rounds.size() + 1) {
        throw new IOException(json + ": rounds are not numbered 1, 2, ...");
      }
      Path dir = out.resolve(roundDir(result.round()));
      if (!Files.exists(dir.resolve(DETECTOR_PARAMS)) || !Files.exists(dir.resolve(ROUND_JSON))) {
        throw new IOException(dir + " is incomplete: its round cannot be continued from");
      }
      rounds.add(result);
    }
    return rounds;
  }

  private void writeArenaJson(Path out, ObjectNode data, List<RoundResult> rounds, String command)
      throws IOException {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.set("config", config.toJson(MAPPER));
    n.put("seed", config.seed());
    if (command != null) {
      n.put("command", command);
    }
    n.set("data", data);
    ObjectNode v = n.putObject("versions");
    v.put("verisim", version());
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("java", System.getProperty("java.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    ArrayNode rs = n.putArray("rounds");
    rounds.forEach(r -> rs.add(r.toJson(MAPPER)));
    ArrayNode matrix = n.putArray("forgetting");
    for (double[] row : forgetting(rounds)) {
      ArrayNode a = matrix.addArray();
      for (double x : row) {
        if (Double.isFinite(x)) {
          a.add(x);
        } else {
          a.addNull();
        }
      }
    }
    ArrayNode summary = n.putArray("summary");
    ArenaSummary.of(rounds, config).forEach(summary::add);
    AtomicFiles.write(
        out.resolve(ARENA_JSON), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /**
   * The forgetting matrix: row {@code d} is round {@code d+1}'s detector, column {@code k} round
   * {@code k+1}'s fakes; the AUC where measured (on and below the diagonal, and just above it: the
   * next round's "before"), NaN elsewhere.
   */
  public static double[][] forgetting(List<RoundResult> rounds) {
    int n = rounds.size();
    double[][] m = new double[n][n];
    for (double[] row : m) {
      Arrays.fill(row, Double.NaN);
    }
    for (RoundResult r : rounds) {
      int d = r.round() - 1;
      m[d][d] = r.aucAfter();
      r.aucOlder().forEach((k, auc) -> m[d][k - 1] = auc);
      if (d > 0) {
        m[d - 1][d] = r.aucBefore();
      }
    }
    return m;
  }

  public static String roundDir(int round) {
    return String.format(Locale.ROOT, "round-%02d", round);
  }

  private int[][] split(int n) {
    int held = Math.max(4, (int) Math.round(n * config.heldOutFraction()));
    int[] order = permutation(n, mix(config.seed() ^ 0x4e1d0L, -1));
    int[] heldOut = Arrays.copyOf(order, held);
    int[] train = Arrays.copyOfRange(order, held, n);
    Arrays.sort(heldOut);
    Arrays.sort(train);
    return new int[][] {train, heldOut};
  }

  private static int[] permutation(int n, long seed) {
    return GanTrainer.permutation(n, seed);
  }

  private static List<BufferedImage> pick(List<BufferedImage> all, int[] idx) {
    List<BufferedImage> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(all.get(i));
    }
    return out;
  }

  private static List<String> pickNames(TrainingImages reals, int[] idx) {
    List<String> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(reals.names().get(i));
    }
    return out;
  }

  private static String names(TrainingImages reals, int[] idx) {
    StringBuilder sb = new StringBuilder();
    for (int i : idx) {
      sb.append(reals.names().get(i)).append('\n');
    }
    return sb.toString();
  }

  private static String describeSkipped(TrainingImages reals) {
    if (reals.undecodable() == 0 && reals.withoutFace() == 0) {
      return "";
    }
    return " ("
        + reals.undecodable()
        + " more undecodable, "
        + reals.withoutFace()
        + " more without a face found)";
  }

  static long mix(long seed, long step) {
    return GanTrainer.mix(seed, step);
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String version() {
    String v = Arena.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
