package dev.verisim.detect.audio;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.fusion.FusionModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A trained audio countermeasure as stored in a model folder, and the scoring every user of it
 * shares (the detector, the trainer's metrics, {@code verisim eval}):
 *
 * <pre>
 * model.json              config: front ends, segment length, CNN shape and input normalisation
 * gmm.json                the LFCC-GMM baseline: one mixture for bona fide speech, one for spoof
 * cnn.params              the CNN's weights (DJL's parameter encoding)
 * fusion.json             logistic regression of [gmm_llr, cnn_logit] to a calibrated p_fake
 * gmm-calibration.json    Platt scaling of gmm_llr alone (the "gmm" cue's score)
 * cnn-calibration.json    Platt scaling of cnn_logit alone (the "cnn" cue's score)
 * provenance.json, MODEL_CARD.md  how it was made (not needed to score)
 * </pre>
 *
 * <p>A clip is cut into segments of {@link Config#segmentSeconds} (a tail shorter than a second
 * joins the segment before it). The GMM score of a stretch of frames is the mean per-frame log
 * likelihood ratio {@code log p(x|spoof) - log p(x|bona fide)} of its LFCC; the CNN score is the
 * mean logit of windows of {@link Config#cnnFrames} frames every {@link Config#cnnHop}.
 * Thread-safe; close it to free the network's native memory.
 */
public final class AudioModel implements AutoCloseable {
  /** The value of model.json's {@code format}. */
  public static final String FORMAT = "verisim-audio-model/1";

  public static final String MODEL_JSON = "model.json";
  public static final String GMM_JSON = "gmm.json";
  public static final String CNN_PARAMS = "cnn.params";
  public static final String FUSION_JSON = "fusion.json";
  public static final String GMM_CALIBRATION_JSON = "gmm-calibration.json";
  public static final String CNN_CALIBRATION_JSON = "cnn-calibration.json";

  /** Names of the two scores in the fusion's feature vector. */
  public static final String GMM_LLR = "gmm_llr";

  public static final String CNN_LOGIT = "cnn_logit";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What the model needs to know to score.
   *
   * @param segmentSeconds length of the segments a clip is reported in
   * @param cnnBands linear filterbank bands of the CNN's input (0-8 kHz)
   * @param cnnFrames frames per CNN window (10 ms each)
   * @param cnnHop frames between CNN windows
   * @param cnnWidths channels of the CNN's convolution stages
   * @param bandMean per-band mean of the training log energies
   * @param bandStd per-band standard deviation of the training log energies
   */
  public record Config(
      double segmentSeconds,
      int cnnBands,
      int cnnFrames,
      int cnnHop,
      List<Integer> cnnWidths,
      float[] bandMean,
      float[] bandStd) {
    public Config {
      cnnWidths = List.copyOf(cnnWidths);
      if (bandMean.length != cnnBands || bandStd.length != cnnBands) {
        throw new IllegalArgumentException("need " + cnnBands + " band means and deviations");
      }
      if (!(segmentSeconds >= 1) || cnnFrames < 16 || cnnHop < 1) {
        throw new IllegalArgumentException("bad segment or window length");
      }
    }
  }

  /** The scores of one stretch of audio. */
  public record Scores(double startSeconds, double endSeconds, double gmmLlr, double cnnLogit) {}

  /** The scores of a whole clip and of each of its segments. */
  public record ClipScores(Scores clip, List<Scores> segments) {}

  private final ModelInfo info;
  private final Config config;
  private final DiagonalGmm bonafide;
  private final DiagonalGmm spoof;
  private final Model cnn;
  private final FusionModel fusion;
  private final FusionModel gmmCalibration;
  private final FusionModel cnnCalibration;
  private final CepstralFeatures lfcc = CepstralFeatures.lfcc();
  private final FilterBank cnnBank;

  AudioModel(
      ModelInfo info,
      Config config,
      DiagonalGmm bonafide,
      DiagonalGmm spoof,
      Model cnn,
      FusionModel fusion,
      FusionModel gmmCalibration,
      FusionModel cnnCalibration) {
    this.info = Objects.requireNonNull(info, "info");
    this.config = Objects.requireNonNull(config, "config");
    this.bonafide = Objects.requireNonNull(bonafide, "bonafide");
    this.spoof = Objects.requireNonNull(spoof, "spoof");
    this.cnn = Objects.requireNonNull(cnn, "cnn");
    this.fusion = fusion;
    this.gmmCalibration = gmmCalibration;
    this.cnnCalibration = cnnCalibration;
    this.cnnBank = cnnBank(config.cnnBands());
  }

  static FilterBank cnnBank(int bands) {
    return new FilterBank(
        FilterBank.Scale.LINEAR,
        bands,
        CepstralFeatures.FFT,
        AudioDecoder.SAMPLE_RATE,
        0,
        AudioDecoder.SAMPLE_RATE / 2.0);
  }

  public ModelInfo info() {
    return info;
  }

  public Config config() {
    return config;
  }

  /** The band the fused probability is labelled with. */
  public UncertainBand band() {
    return fusion.band();
  }

  /** The calibrated probability of spoof from both scores. */
  public double probability(Scores s) {
    return fusion.probability(new double[] {s.gmmLlr(), s.cnnLogit()});
  }

  /** The GMM baseline's own calibrated probability of spoof. */
  public double gmmProbability(double llr) {
    return gmmCalibration.probability(new double[] {llr});
  }

  /** The CNN's own calibrated probability of spoof. */
  public double cnnProbability(double logit) {
    return cnnCalibration.probability(new double[] {logit});
  }

  /**
   * Adds dither of one 16-bit step: synthetic speech often holds exact digital silence, whose log
   * energy sits at the floor, far below any microphone's noise; without dither that alone would
   * tell most TTS from a recording and fail on any re-encoded copy. Deterministic.
   */
  static float[] dithered(float[] samples) {
    SplittableRandom rnd = new SplittableRandom(0x5eedL + samples.length);
    float[] out = new float[samples.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = samples[i] + (float) ((rnd.nextDouble() - 0.5) / 32768.0);
    }
    return out;
  }

  /** The LFCC (with deltas) of a signal, after dither. */
  float[][] lfcc(float[] samples) {
    return lfcc.compute(dithered(samples));
  }

  /** The CNN's normalised input, {@code [frames][bands]}, of a signal after dither. */
  float[][] cnnInput(float[] samples) {
    return normalise(CepstralFeatures.logFilterEnergies(dithered(samples), cnnBank), config);
  }

  static float[][] normalise(double[][] logEnergies, Config config) {
    float[][] out = new float[logEnergies.length][config.cnnBands()];
    for (int t = 0; t < out.length; t++) {
      for (int b = 0; b < out[t].length; b++) {
        out[t][b] = (float) ((logEnergies[t][b] - config.bandMean()[b]) / config.bandStd()[b]);
      }
    }
    return out;
  }

  /**
   * Cuts {@code [from, to)} of a frame sequence into CNN windows, band-major: windows every hop,
   * the last one flush with the end; a stretch shorter than a window is repeated to fill it.
   */
  static float[][] windows(float[][] input, int from, int to, int frames, int hop) {
    int len = to - from;
    List<Integer> starts = new ArrayList<>();
    if (len <= frames) {
      starts.add(from);
    } else {
      for (int s = from; s + frames <= to; s += hop) {
        starts.add(s);
      }
      if (starts.get(starts.size() - 1) + frames < to) {
        starts.add(to - frames);
      }
    }
    int bands = input[0].length;
    float[][] out = new float[starts.size()][bands * frames];
    for (int w = 0; w < out.length; w++) {
      int s = starts.get(w);
      for (int t = 0; t < frames; t++) {
        float[] row = input[s + (t % Math.min(len, frames))];
        for (int b = 0; b < bands; b++) {
          out[w][b * frames + t] = row[b];
        }
      }
    }
    return out;
  }

  /** The frame ranges of the segments of {@code frames} frames. */
  static List<int[]> segments(int frames, double segmentSeconds) {
    int seg = (int) Math.round(segmentSeconds * 100);
    List<int[]> out = new ArrayList<>();
    for (int s = 0; s < frames; s += seg) {
      int e = Math.min(frames, s + seg);
      if (e - s < 100 && !out.isEmpty()) {
        out.get(out.size() - 1)[1] = e; // a short tail joins the segment before it
      } else {
        out.add(new int[] {s, e});
      }
    }
    return out;
  }

  /** Scores a 16 kHz mono signal, whole and per segment. */
  public ClipScores score(float[] samples) {
    float[][] lf = lfcc(samples);
    float[][] in = cnnInput(samples);
    int frames = Math.min(lf.length, in.length);
    double[] llr = new double[frames];
    for (int t = 0; t < frames; t++) {
      llr[t] = spoof.logLikelihood(lf[t]) - bonafide.logLikelihood(lf[t]);
    }
    List<Scores> segs = new ArrayList<>();
    double clipLlr = 0;
    double clipLogit = 0;
    for (int[] r : segments(frames, config.segmentSeconds())) {
      double l = 0;
      for (int t = r[0]; t < r[1]; t++) {
        l += llr[t];
      }
      l /= r[1] - r[0];
      float[] logits = cnnLogits(windows(in, r[0], r[1], config.cnnFrames(), config.cnnHop()));
      double c = 0;
      for (float v : logits) {
        c += v / logits.length;
      }
      double start = r[0] * (double) CepstralFeatures.HOP / AudioDecoder.SAMPLE_RATE;
      double end =
          r[1] == frames
              ? samples.length / (double) AudioDecoder.SAMPLE_RATE
              : r[1] * (double) CepstralFeatures.HOP / AudioDecoder.SAMPLE_RATE;
      segs.add(new Scores(start, end, l, c));
      clipLlr += l * (r[1] - r[0]) / frames;
      clipLogit += c * (r[1] - r[0]) / frames;
    }
    Scores clip =
        new Scores(0, samples.length / (double) AudioDecoder.SAMPLE_RATE, clipLlr, clipLogit);
    return new ClipScores(clip, List.copyOf(segs));
  }

  float[] cnnLogits(float[][] windows) {
    // Inference through the block is not safe from several threads at once; scoring is cheap.
    synchronized (cnn) {
      return AudioCnn.logits(cnn, windows, config.cnnBands(), config.cnnFrames());
    }
  }

  @Override
  public void close() {
    cnn.close();
  }

  // ---- storage

  /** Reads a model folder. */
  public static AudioModel load(Path dir) throws IOException {
    Path json = Files.isDirectory(dir) ? dir.resolve(MODEL_JSON) : dir;
    Path folder = json.toAbsolutePath().getParent();
    if (!Files.isRegularFile(json)) {
      throw new IOException("no audio model at " + dir + ": " + json + " is missing");
    }
    return read(
        name -> {
          Path p = folder.resolve(name);
          if (!Files.isRegularFile(p)) {
            throw new IOException("the audio model file " + p + " is missing");
          }
          return Files.readAllBytes(p);
        },
        folder.toString());
  }

  /** Reads a model from a classpath folder ending in '/'. */
  public static AudioModel loadResource(String folder) throws IOException {
    return read(
        name -> {
          try (InputStream in = AudioModel.class.getResourceAsStream(folder + name)) {
            if (in == null) {
              throw new IOException(
                  "the audio model file " + folder + name + " is missing from the classpath");
            }
            return in.readAllBytes();
          }
        },
        folder);
  }

  interface Files0 {
    byte[] read(String name) throws IOException;
  }

  private static AudioModel read(Files0 files, String where) throws IOException {
    JsonNode m = MAPPER.readTree(files.read(MODEL_JSON));
    if (!FORMAT.equals(m.path("format").asText())) {
      throw new IOException(
          where
              + "/"
              + MODEL_JSON
              + " is not a "
              + FORMAT
              + " file (format "
              + m.path("format")
              + ")");
    }
    Config config;
    try {
      JsonNode c = m.path("cnn");
      List<Integer> widths = new ArrayList<>();
      c.path("widths").forEach(w -> widths.add(w.asInt()));
      config =
          new Config(
              m.path("segment_seconds").asDouble(),
              c.path("bands").asInt(),
              c.path("frames").asInt(),
              c.path("hop_frames").asInt(),
              widths,
              floats(c.path("band_mean")),
              floats(c.path("band_std")));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + "/" + MODEL_JSON + ": " + e.getMessage(), e);
    }
    ModelInfo info = new ModelInfo(m.path("id").asText(), m.path("version").asText());
    JsonNode g = MAPPER.readTree(files.read(GMM_JSON));
    DiagonalGmm bona = DiagonalGmm.fromJson(g.path("bonafide"), where + "/" + GMM_JSON);
    DiagonalGmm spoof = DiagonalGmm.fromJson(g.path("spoof"), where + "/" + GMM_JSON);
    FusionModel fusion = fusion(files, FUSION_JSON, where);
    FusionModel gmmCal = fusion(files, GMM_CALIBRATION_JSON, where);
    FusionModel cnnCal = fusion(files, CNN_CALIBRATION_JSON, where);
    Model cnn =
        AudioCnn.load(
            config.cnnWidths(),
            config.cnnBands(),
            config.cnnFrames(),
            files.read(CNN_PARAMS),
            where + "/" + CNN_PARAMS);
    return new AudioModel(info, config, bona, spoof, cnn, fusion, gmmCal, cnnCal);
  }

  private static FusionModel fusion(Files0 files, String name, String where) throws IOException {
    return FusionModel.read(new ByteArrayInputStream(files.read(name)), where + "/" + name);
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  /** Writes the scoring files (not provenance or card) into a folder. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectNode m = MAPPER.createObjectNode();
    m.put("format", FORMAT);
    m.put("id", info.id());
    m.put("version", info.version());
    m.put("media", "audio");
    m.put("sample_rate", AudioDecoder.SAMPLE_RATE);
    m.put("segment_seconds", config.segmentSeconds());
    ObjectNode lf = m.putObject("lfcc");
    lf.put("filters", 20).put("coefficients", 20).put("deltas", true);
    lf.put("frame_ms", 25).put("hop_ms", 10).put("pre_emphasis", CepstralFeatures.PRE_EMPHASIS);
    ObjectNode c = m.putObject("cnn");
    c.put("input", "log linear-filterbank energies 0-8 kHz, normalised per band");
    c.put("bands", config.cnnBands());
    c.put("frames", config.cnnFrames());
    c.put("hop_frames", config.cnnHop());
    ArrayNode widths = c.putArray("widths");
    config.cnnWidths().forEach(widths::add);
    ArrayNode mean = c.putArray("band_mean");
    ArrayNode std = c.putArray("band_std");
    for (int b = 0; b < config.cnnBands(); b++) {
      mean.add(config.bandMean()[b]);
      std.add(config.bandStd()[b]);
    }
    Files.writeString(
        dir.resolve(MODEL_JSON),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n",
        StandardCharsets.UTF_8);
    ObjectNode g = MAPPER.createObjectNode();
    g.set("bonafide", bonafide.toJson(MAPPER));
    g.set("spoof", spoof.toJson(MAPPER));
    Files.writeString(
        dir.resolve(GMM_JSON), MAPPER.writeValueAsString(g) + "\n", StandardCharsets.UTF_8);
    Files.write(dir.resolve(CNN_PARAMS), AudioCnn.save(cnn.getBlock()));
    fusion.write(dir.resolve(FUSION_JSON));
    gmmCalibration.write(dir.resolve(GMM_CALIBRATION_JSON));
    cnnCalibration.write(dir.resolve(CNN_CALIBRATION_JSON));
  }

  /** This model with other calibrations (the trainer fits them after the networks). */
  AudioModel withCalibration(FusionModel f, FusionModel gmmCal, FusionModel cnnCal) {
    return new AudioModel(info, config, bonafide, spoof, cnn, f, gmmCal, cnnCal);
  }
}
