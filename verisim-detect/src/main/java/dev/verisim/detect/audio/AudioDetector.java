package dev.verisim.detect.audio;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether speech is synthetic (text-to-speech, voice conversion, a neural vocoder): decodes
 * any audio FFmpeg reads to 16 kHz mono ({@link AudioDecoder}), scores the clip and each 4-second
 * segment with the LFCC-GMM baseline and the CNN ({@link AudioModel}), and fuses both into one
 * calibrated {@code p_fake}. The verdict's media is "audio"; {@link AudioDetails} adds {@code
 * segments}, {@code duration_s} and {@code sample_rate}; the cues are "gmm" and "cnn", each with
 * its own calibrated score.
 *
 * <p>Thread-safe; never throws for bad input (an error verdict names the reason). Close it to free
 * the network's native memory.
 *
 * <pre>{@code
 * try (AudioDetector detector = AudioDetector.loadDefault()) {   // models/verisim-audio
 *   Verdict v = detector.detect(Path.of("call.mp3"), "call.mp3");
 * }
 * AudioDetector custom = AudioDetector.load(Path.of("runs/audio-1"));  // a train-audio folder
 * }</pre>
 */
public final class AudioDetector implements Detector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AudioDetector.class);

  /**
   * Classpath folder of the shipped default model, copied at build time from the repository's
   * {@code models/verisim-audio/} (like {@code ModelFolder.DEFAULT_RESOURCE} for faces).
   */
  public static final String DEFAULT_RESOURCE = "/verisim/models/verisim-audio/";

  /** The repository folder of the default model, for tools that read it from disk. */
  public static final String DEFAULT_FOLDER = "models/verisim-audio";

  /** Names of the cues in a verdict. */
  public static final String GMM_CUE = "gmm";

  public static final String CNN_CUE = "cnn";

  private final AudioModel model;
  private final AudioDecoder decoder;
  private final UncertainBand band;

  private AudioDetector(Builder b) {
    this.model = b.model;
    this.decoder = new AudioDecoder(b.limits);
    this.band = b.band != null ? b.band : b.model.band();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a model folder written by {@code verisim detector train-audio} (or its {@code
   * model.json}), with the default limits and the model's own band.
   *
   * @throws IOException naming the file that is missing or invalid
   */
  public static AudioDetector load(Path modelDir) throws IOException {
    return builder().setModel(AudioModel.load(modelDir)).build();
  }

  /** Loads the shipped default model ({@value #DEFAULT_FOLDER}) from the classpath. */
  public static AudioDetector loadDefault() throws IOException {
    return builder().setModel(AudioModel.loadResource(DEFAULT_RESOURCE)).build();
  }

  @Override
  public ModelInfo model() {
    return model.info();
  }

  @Override
  public UncertainBand band() {
    return band;
  }

  public AudioDecoder decoder() {
    return decoder;
  }

  /** The model, for tools that want the raw scores (side-by-side evaluation). */
  public AudioModel audioModel() {
    return model;
  }

  @Override
  public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    return decodeThenAnalyse(name, () -> decoder.decode(file, name));
  }

  @Override
  public Verdict detect(byte[] bytes, String name) {
    return decodeThenAnalyse(name, () -> decoder.decode(bytes, name));
  }

  /** What decoding a file or bytes may do: give audio or throw a {@link MediaException}. */
  private interface Decoding {
    DecodedAudio decode() throws MediaException;
  }

  private Verdict decodeThenAnalyse(String name, Decoding decoding) {
    long start = System.nanoTime();
    DecodedAudio audio;
    try {
      audio = decoding.decode();
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    } catch (RuntimeException e) {
      LOG.warn("decoding {} failed: {}", name, e.toString());
      return failed(name, ErrorCode.INTERNAL, "decoding failed: " + e, start);
    }
    return analyse(audio, start);
  }

  /** Scores decoded audio; never throws. */
  public Verdict analyse(DecodedAudio audio, long startNanos) {
    try {
      AudioModel.ClipScores scores = model.score(audio.samples());
      AudioModel.Scores clip = scores.clip();
      double p = model.probability(clip);
      List<AudioDetails.Segment> segments = new ArrayList<>();
      int suspicious = 0;
      AudioDetails.Segment worst = null;
      for (AudioModel.Scores s : scores.segments()) {
        double ps = model.probability(s);
        AudioDetails.Segment seg = new AudioDetails.Segment(s.startSeconds(), s.endSeconds(), ps);
        segments.add(seg);
        suspicious += ps > band.high() ? 1 : 0;
        if (worst == null || ps > worst.pFake()) {
          worst = seg;
        }
      }
      double gmmScore = model.gmmProbability(clip.gmmLlr());
      double cnnScore = model.cnnProbability(clip.cnnLogit());
      List<CueEvidence> cues =
          List.of(
              new CueEvidence(
                  CNN_CUE,
                  cnnScore,
                  cnnExplanation(cnnScore, segments.size(), suspicious, worst),
                  Map.of("logit", clip.cnnLogit())),
              new CueEvidence(
                  GMM_CUE,
                  gmmScore,
                  gmmExplanation(gmmScore, clip.gmmLlr()),
                  Map.of("llr", clip.gmmLlr())));
      Verdict v =
          new Verdict(
              audio.name(),
              "audio",
              band.classify(p),
              java.util.OptionalDouble.of(p),
              band,
              cues,
              ProvenanceSummary.ABSENT,
              model.info(),
              elapsedMs(startNanos),
              java.util.Optional.empty(),
              java.util.Optional.empty());
      return v.withDetails(
          new AudioDetails(
              audio.durationSeconds(),
              segments,
              audio.format(),
              audio.codec(),
              audio.sourceSampleRate(),
              audio.sourceChannels()));
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", audio.name(), e.toString());
      LOG.debug("stack trace", e);
      return failed(audio.name(), ErrorCode.INTERNAL, "analysis failed: " + e, startNanos);
    }
  }

  private static String cnnExplanation(
      double score, int segments, int suspicious, AudioDetails.Segment worst) {
    String overall =
        score > 0.5
            ? "A small neural network over the spectrogram hears traces of a speech synthesiser"
                + " or voice converter"
            : "A small neural network over the spectrogram hears no clear trace of a speech"
                + " synthesiser or voice converter";
    return String.format(
        Locale.ROOT,
        "%s (%.0f%%). %d of %d segments look synthetic; the most suspicious is %.1f-%.1f s (%.2f).",
        overall,
        100 * score,
        suspicious,
        segments,
        worst.startSeconds(),
        worst.endSeconds(),
        worst.pFake());
  }

  private static String gmmExplanation(double score, double llr) {
    return String.format(
        Locale.ROOT,
        "The classic ASVspoof countermeasure (LFCC features, one Gaussian mixture for recorded and"
            + " one for synthetic speech) finds the short-term spectrum %s (%.0f%%; log-likelihood"
            + " ratio %+.2f per frame).",
        score > 0.5 ? "more like synthetic speech" : "more like recorded speech",
        100 * score,
        llr);
  }

  private Verdict failed(String name, ErrorCode code, String message, long startNanos) {
    return Verdict.failed(name, code, message, band, model.info(), elapsedMs(startNanos))
        .withMedia("audio");
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public void close() {
    model.close();
  }

  /** Builds an {@link AudioDetector}: {@code setModel} is required. */
  public static final class Builder {
    private AudioModel model;
    private AudioLimits limits = AudioLimits.DEFAULT;
    private UncertainBand band;

    private Builder() {}

    /** The model to score with; the detector closes it. */
    public Builder setModel(AudioModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Size and duration limits (default {@link AudioLimits#DEFAULT}). */
    public Builder optLimits(AudioLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Another uncertain band than the model's. */
    public Builder optBand(UncertainBand band) {
      this.band = Objects.requireNonNull(band, "band");
      return this;
    }

    public AudioDetector build() {
      if (model == null) {
        throw new IllegalStateException("AudioDetector.Builder: setModel is required");
      }
      return new AudioDetector(this);
    }
  }
}
