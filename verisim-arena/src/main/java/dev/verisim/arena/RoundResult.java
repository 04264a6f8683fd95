package dev.verisim.arena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one round measured. AUCs are of the detector's logit, fakes (this round's evaluation fakes,
 * never trained on) against the held-out real images; NaN where undefined.
 *
 * @param round 1, 2, ...
 * @param generatorSteps the generator's total training steps after this round
 * @param aucBefore the previous round's detector on this round's fakes, before it retrains (NaN in
 *     round 1: there is no detector yet)
 * @param aucAfter this round's detector, retrained, on this round's fakes
 * @param aucOlder this round's detector on each earlier round's fakes, by that round: does it
 *     forget?
 * @param aucLaundered this round's detector on this round's fakes after each laundering (the real
 *     images as they are), by laundering spec
 * @param swd sliced Wasserstein distance (x10^3) of this round's fakes to held-out real images
 * @param swdRealHalves the same between two halves of the held-out real images: the floor
 * @param diversityFakes mean MS-SSIM between pairs of fakes (lower: more varied)
 * @param diversityReal the same for the held-out real images
 * @param detectorLoss the detector's mean training loss over its last tenth of steps this round
 * @param adversaryLoss the frozen detector's loss term in the generator's last logged steps (NaN
 *     without one)
 * @param seconds wall time of the round's parts: generator, fakes, detector, evaluation, total
 * @param fakesSha256 over this round's fakes (training then evaluation), as written
 */
public record RoundResult(
    int round,
    int generatorSteps,
    double aucBefore,
    double aucAfter,
    Map<Integer, Double> aucOlder,
    Map<String, Double> aucLaundered,
    double swd,
    double swdRealHalves,
    List<Double> swdPerLevel,
    double diversityFakes,
    double diversityReal,
    double detectorLoss,
    double adversaryLoss,
    Map<String, Double> seconds,
    String fakesSha256) {

  public RoundResult {
    aucOlder = Map.copyOf(aucOlder);
    aucLaundered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aucLaundered));
    swdPerLevel = List.copyOf(swdPerLevel);
    seconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  /** The lowest AUC of this round's detector on an earlier round's fakes; NaN in round 1. */
  public double worstOlderAuc() {
    return aucOlder.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("round", round);
    n.put("generator_steps", generatorSteps);
    number(n, "auc_before", aucBefore);
    number(n, "auc_after", aucAfter);
    ObjectNode older = n.putObject("auc_older_rounds");
    aucOlder.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> number(older, String.valueOf(e.getKey()), e.getValue()));
    ObjectNode laundered = n.putObject("auc_laundered");
    aucLaundered.forEach((k, v) -> number(laundered, k, v));
    number(n, "swd", swd);
    number(n, "swd_real_halves", swdRealHalves);
    n.putPOJO("swd_per_level", swdPerLevel);
    number(n, "diversity_ms_ssim_fakes", diversityFakes);
    number(n, "diversity_ms_ssim_real", diversityReal);
    number(n, "detector_train_loss", detectorLoss);
    number(n, "adversary_loss", adversaryLoss);
    ObjectNode s = n.putObject("seconds");
    seconds.forEach(s::put);
    n.put("fakes_sha256", fakesSha256);
    n.put("scores", Arena.roundDir(round) + "/" + Arena.SCORES);
    n.put("samples", Arena.roundDir(round) + "/" + Arena.SAMPLES);
    return n;
  }

  public static RoundResult fromJson(JsonNode n) {
    Map<Integer, Double> older = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("auc_older_rounds").properties()) {
      older.put(Integer.parseInt(e.getKey()), value(e.getValue()));
    }
    Map<String, Double> laundered = new LinkedHashMap<>();
    n.path("auc_laundered")
        .properties()
        .forEach(e -> laundered.put(e.getKey(), value(e.getValue())));
    Map<String, Double> seconds = new LinkedHashMap<>();
    n.path("seconds").properties().forEach(e -> seconds.put(e.getKey(), value(e.getValue())));
    List<Double> perLevel = new java.util.ArrayList<>();
    n.path("swd_per_level").forEach(x -> perLevel.add(value(x)));
    return new RoundResult(
        n.path("round").asInt(),
        n.path("generator_steps").asInt(),
        value(n.path("auc_before")),
        value(n.path("auc_after")),
        older,
        laundered,
        value(n.path("swd")),
        value(n.path("swd_real_halves")),
        perLevel,
        value(n.path("diversity_ms_ssim_fakes")),
        value(n.path("diversity_ms_ssim_real")),
        value(n.path("detector_train_loss")),
        value(n.path("adversary_loss")),
        seconds,
        n.path("fakes_sha256").asText());
  }

  static void number(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.putNull(key);
    }
  }

  static double value(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
  }
}
