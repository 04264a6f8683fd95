package dev.verisim.arena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.gan.GanConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides an arena run except the number of rounds (which may grow when a run is
 * continued). Saved in {@code arena.json}; a continued run must have the same values. Validated
 * when built: an error names the setting and the value found.
 *
 * @param gan the generator's training settings; {@code steps} is its budget per round
 * @param firstRoundSteps the generator's budget in round 1, before any detector exists
 * @param detectorSteps the detector's optimizer steps per round
 * @param detectorWidth the detector network's channels at half the resolution (doubling with each
 *     halving)
 * @param detectorBatch images per detector step, half real and half fake
 * @param detectorLearningRate the detector's Adam learning rate
 * @param retrainDetector a fresh detector every round instead of fine-tuning the last one
 * @param adversaryWeight weight of the generator's extra loss term, the frozen detector's
 *     non-saturating "fake" loss on its images (0: the generator ignores the detector)
 * @param trainFakes fakes per round the detector trains on
 * @param evalFakes fakes per round the detector is measured on (other latents than the training
 *     fakes)
 * @param heldOutFraction share of the real images kept out of all training, for evaluation
 * @param launderings what the creator may do to a fake before posting it; measured every round
 * @param seed seeds the split, both networks, every batch and every sample
 */
public record ArenaConfig(
    GanConfig gan,
    int firstRoundSteps,
    int detectorSteps,
    int detectorWidth,
    int detectorBatch,
    double detectorLearningRate,
    boolean retrainDetector,
    double adversaryWeight,
    int trainFakes,
    int evalFakes,
    double heldOutFraction,
    List<Laundering> launderings,
    long seed) {

  public ArenaConfig {
    Objects.requireNonNull(gan, "gan");
    launderings = List.copyOf(Objects.requireNonNull(launderings, "launderings"));
    require(gan.heldOutFraction() == 0, "the arena holds real images out itself: gan held-out 0");
    require(
        firstRoundSteps >= 1 && firstRoundSteps <= 1_000_000,
        "first-round steps must be in [1,1000000], got " + firstRoundSteps);
    require(
        gan.steps() <= 1_000_000, "generator steps per round must be <= 1000000: " + gan.steps());
    require(
        detectorSteps >= 1 && detectorSteps <= 1_000_000,
        "detector steps must be in [1,1000000], got " + detectorSteps);
    require(
        detectorWidth >= 2 && detectorWidth <= 256,
        "detector width must be in [2,256], got " + detectorWidth);
    require(
        detectorBatch >= 2 && detectorBatch <= 1024 && detectorBatch % 2 == 0,
        "detector batch must be even and in [2,1024], got " + detectorBatch);
    require(
        detectorLearningRate > 0 && detectorLearningRate <= 1,
        "detector learning rate must be in (0,1], got " + detectorLearningRate);
    require(
        adversaryWeight >= 0 && adversaryWeight <= 100,
        "adversary weight must be in [0,100], got " + adversaryWeight);
    require(
        trainFakes >= 2 && trainFakes <= 100_000,
        "training fakes per round must be in [2,100000], got " + trainFakes);
    require(
        evalFakes >= 4 && evalFakes <= 100_000,
        "evaluation fakes per round must be in [4,100000], got " + evalFakes);
    require(
        heldOutFraction >= 0.05 && heldOutFraction <= 0.5,
        "held-out fraction must be in [0.05,0.5], got " + heldOutFraction);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The generator's total steps after round {@code round}. */
  public int generatorStepsAfter(int round) {
    return firstRoundSteps + (round - 1) * gan.steps();
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.set("gan", gan.toJson(mapper));
    n.put("first_round_steps", firstRoundSteps);
    n.put("detector_steps", detectorSteps);
    n.put("detector_width", detectorWidth);
    n.put("detector_batch", detectorBatch);
    n.put("detector_learning_rate", detectorLearningRate);
    n.put("retrain_detector", retrainDetector);
    n.put("adversary_weight", adversaryWeight);
    n.put("train_fakes", trainFakes);
    n.put("eval_fakes", evalFakes);
    n.put("held_out_fraction", heldOutFraction);
    ArrayNode l = n.putArray("launderings");
    launderings.forEach(x -> l.add(x.spec()));
    n.put("seed", seed);
    return n;
  }

  public static ArenaConfig fromJson(JsonNode n) {
    List<String> specs = new ArrayList<>();
    n.path("launderings").forEach(x -> specs.add(x.asText()));
    return new ArenaConfig(
        GanConfig.fromJson(n.path("gan")),
        n.path("first_round_steps").asInt(),
        n.path("detector_steps").asInt(),
        n.path("detector_width").asInt(),
        n.path("detector_batch").asInt(),
        n.path("detector_learning_rate").asDouble(),
        n.path("retrain_detector").asBoolean(),
        n.path("adversary_weight").asDouble(),
        n.path("train_fakes").asInt(),
        n.path("eval_fakes").asInt(),
        n.path("held_out_fraction").asDouble(),
        Laundering.parseAll(specs),
        n.path("seed").asLong());
  }

  /**
   * The generator settings the arena starts from: {@code gan train}'s DCGAN, a checkpoint at least
   * every round, and a weight average with a half-life of 1000 images, so each round's fakes come
   * from the generator that trained against that round's detector rather than from an average
   * reaching back over earlier rounds.
   */
  public static GanConfig defaultGan(int resolution, int stepsPerRound, long seed) {
    return GanConfig.builder()
        .optResolution(resolution)
        .optEmaHalfLifeImages(1000)
        .optHeldOutFraction(0)
        .optSteps(stepsPerRound)
        .optSampleEvery(stepsPerRound)
        .optCheckpointEvery(Math.min(stepsPerRound, 250))
        .optSeed(seed)
        .build();
  }
}
