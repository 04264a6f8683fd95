package dev.verisim.detect.video;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.FaceRegion;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import dev.verisim.detect.ImageDetector;
import dev.verisim.detect.face.FaceBox;
import dev.verisim.detect.face.FaceCropper;
import dev.verisim.detect.face.FaceFinder;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects manipulated faces in video: samples frames, finds and follows the faces, scores every
 * face crop with an image detector (the one {@code detect} uses on photos), and pools the scores
 * into one clip probability with a per-second timeline and a temporal cue.
 *
 * <h2>Pipeline</h2>
 *
 * <ol>
 *   <li>{@link VideoDecoder} checks the limits from the container header, then decodes every frame
 *       on its own thread and converts {@code sampleFps} frames a second (default {@value
 *       #DEFAULT_SAMPLE_FPS}) plus the two frames after each, for the temporal cue.
 *   <li>Sampled frames are analysed on a pool ({@link Builder#optThreads}, default one thread per
 *       core, at most two frames per thread queued) and folded in in stream order. In each,
 *       OpenCV's Haar cascade ({@link FaceFinder}) finds up to {@value #MAX_FACES} faces; {@link
 *       FaceTracker} follows them from sample to sample by box overlap.
 *   <li>Each face is cut square with a margin of {@value #CROP_MARGIN} of its box on each side (the
 *       framing of the portraits the image model was fitted on; the model's own face finder then
 *       finds the face inside), shrunk to at most {@value #CROP_SIDE} px, and scored by the image
 *       detector's models ({@link ImageDetector#analyse}): a calibrated probability per face per
 *       frame. A frame without faces is scored whole.
 *   <li>Pooling, in logit space: each track's score is the trimmed mean of its frames' logits (a
 *       fifth cut from each end, the median for three frames); the clip's score is the highest
 *       track score among tracks seen in at least {@code min(3, 30%)} of the sampled frames.
 * </ol>
 *
 * <h2>Why this pooling</h2>
 *
 * A forger needs to swap only one face, so the most suspicious <em>track</em> decides, as the most
 * suspicious face decides for a photo: a manipulated face among real ones still raises the score.
 * Within a track the frames are pooled by a trimmed mean, so a single frame the network misjudges
 * (motion blur, a half-turned head) moves the score by little, and short tracks (a cascade false
 * positive in one frame) do not count. The mean is taken of logits, not probabilities, so frames
 * confidently one way are not washed out by many hesitant ones.
 *
 * <h2>Calibration</h2>
 *
 * There is no labelled video set to calibrate clip scores on. The clip's {@code p_fake} is the
 * sigmoid of a mean of per-frame logits that the image model calibrated on photos: if the frames
 * were independent, it would be the frame model's calibrated probability for a typical frame of the
 * deciding track. Frames of one clip are not independent, and taking the maximum over tracks makes
 * clips with several faces lean towards fake; treat it as a frame-calibrated score, and the
 * uncertain band as the image model's. The temporal cue ({@link FlickerCue}) is reported but not
 * fused, for the same reason.
 *
 * <p>Labels: C2PA manifests and watermarks in video containers are not read yet ({@code provenance}
 * says {@code absent}).
 *
 * <p>Thread-safe, if the image detector is: each call decodes with its own grabber. Close it to
 * free the face finder it made.
 *
 * <pre>{@code
 * try (ForensicDetector images = ForensicDetector.createDefault();
 *     VideoDetector video = VideoDetector.builder().setFrameDetector(images).optSampleFps(2).build()) {
 *   Verdict v = video.detect(Path.of("clip.mp4"), "clip.mp4");
 *   VideoDetails d = (VideoDetails) v.details().orElseThrow(); // timeline, tracks
 * }
 * }</pre>
 */
public final class VideoDetector implements Detector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VideoDetector.class);

  /** Words in the error message of a container without a video stream (an audio-only file). */
  public static final String NO_VIDEO_STREAM = "no video stream";

  /** The pooled face cue's name. */
  public static final String FRAMES_CUE = "frames";

  /** The temporal cue's name. */
  public static final String FLICKER_CUE = FlickerCue.NAME;

  public static final double DEFAULT_SAMPLE_FPS = 2.0;

  /** Margin around each face box, as a fraction of its size, on each side. */
  static final double CROP_MARGIN = 0.6;

  /** Face crops larger than this are shrunk to it before scoring. */
  static final int CROP_SIDE = 256;

  /**
   * The face search in video frames: coarser than for photos (scale step 1.15, faces at least 8% of
   * the shorter side, frames shrunk to 640 px), 2.3 times faster on 720p frames with the same faces
   * found on a talking head; a face missed in one sample is bridged by the tracker.
   */
  public static final FaceFinder.Settings FACE_SETTINGS =
      new FaceFinder.Settings(1.15, 4, 0.08, 640);

  /** Faces scored per frame at most, largest first. */
  static final int MAX_FACES = 4;

  private static final byte[] NO_BYTES = new byte[0];

  private final ImageDetector frames;
  private final VideoDecoder decoder;
  private final FaceFinder finder;
  private final boolean ownsFinder;
  private final double sampleFps;
  private final ExecutorService pool;
  private final int maxInFlight;

  private VideoDetector(Builder b) {
    this.frames = b.frames;
    this.decoder = new VideoDecoder(b.limits, b.stallTimeout);
    this.sampleFps = b.sampleFps;
    this.ownsFinder = b.finder == null;
    this.finder = b.finder != null ? b.finder : FaceFinder.create(FACE_SETTINGS);
    this.pool =
        Executors.newFixedThreadPool(b.threads, NamedThreads.daemons("verisim-video-frames"));
    this.maxInFlight = 2 * b.threads;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The image model that scores each face, which is the model that decides. */
  @Override
  public ModelInfo model() {
    return frames.model();
  }

  @Override
  public UncertainBand band() {
    return frames.band();
  }

  public double sampleFps() {
    return sampleFps;
  }

  public VideoLimits limits() {
    return decoder.limits();
  }

  /**
   * Analyses a video file. {@code peek} receives, after sampling, the most suspicious sampled frame
   * (as a PNG-like still without bytes), for a thumbnail.
   */
  @Override
  public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    long start = System.nanoTime();
    Analysis a = new Analysis(name);
    try {
      return a.verdict(
          decoder.decode(file, name, sampleFps, FlickerCue.BURST, a::accept), start, peek);
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", name, e.toString());
      LOG.debug("stack trace", e);
      return failed(name, ErrorCode.INTERNAL, "analysis failed: " + e, start);
    } finally {
      a.cancel();
    }
  }

  @Override
  public Verdict detect(byte[] bytes, String name) {
    long start = System.nanoTime();
    Analysis a = new Analysis(name);
    try {
      return a.verdict(
          decoder.decode(bytes, name, sampleFps, FlickerCue.BURST, a::accept), start, still -> {});
    } catch (MediaException e) {
      return failed(name, e.code(), e.getMessage(), start);
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", name, e.toString());
      LOG.debug("stack trace", e);
      return failed(name, ErrorCode.INTERNAL, "analysis failed: " + e, start);
    } finally {
      a.cancel();
    }
  }

  private Verdict failed(String name, ErrorCode code, String message, long start) {
    return Verdict.failed(name, code, message, band(), model(), elapsedMs(start))
        .withMedia("video");
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (ownsFinder) {
      finder.close();
    }
  }

  static double logit(double p) {
    double q = Math.min(1 - 1e-4, Math.max(1e-4, p));
    return Math.log(q / (1 - q));
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The mean after cutting a fifth of the values from each end (at least one each from three values
   * on, so three values give their median).
   */
  static double trimmedMean(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    int cut = n >= 3 ? Math.max(1, n / 5) : 0;
    double sum = 0;
    for (int i = cut; i < n - cut; i++) {
      sum += s[i];
    }
    return sum / (n - 2 * cut);
  }

  /** One face (or whole frame) scored in one sampled frame. */
  private record Observation(int track, double seconds, double logit, FaceBox box) {}

  /** One sampled frame. */
  private record FrameRecord(double seconds, int faces, double maxLogit) {}

  /**
   * One sampled frame analysed: its faces (largest first), each face's logit (NaN when the model
   * failed on it), the whole frame's logit when no face was found, and the faces' flicker.
   */
  private record FrameResult(
      SampledFrame frame,
      List<FaceBox> faces,
      double[] logits,
      double wholeLogit,
      List<FlickerCue.Wobble> wobbles) {}

  /** The state of one video's analysis; confined to the calling thread. */
  private final class Analysis {
    private final String name;
    private final FaceTracker tracker = new FaceTracker();
    private final List<Observation> observations = new ArrayList<>();
    private final List<FrameRecord> frameRecords = new ArrayList<>();
    private final List<FlickerCue.Wobble> wobbles = new ArrayList<>();
    private final Deque<Future<FrameResult>> inFlight = new ArrayDeque<>();
    private BufferedImage thumbnail;
    private double thumbnailSeconds;
    private double thumbnailLogit = Double.NEGATIVE_INFINITY;
    private Map<Integer, FaceBox> thumbnailBoxes = Map.of();

    Analysis(String name) {
      this.name = name;
    }

    /** Queues one sampled frame for analysis on the pool; folds in results that are done. */
    void accept(VideoInfo videoInfo, SampledFrame frame) {
      inFlight.add(pool.submit(() -> analyseFrame(frame)));
      while (inFlight.size() > maxInFlight) {
        collect(inFlight.poll());
      }
    }

    /** Cancels frames still queued, after a failure. */
    void cancel() {
      inFlight.forEach(f -> f.cancel(true));
      inFlight.clear();
    }

    /** Finds and scores the faces of one frame; runs on the pool, touches no shared state. */
    private FrameResult analyseFrame(SampledFrame frame) {
      List<FaceBox> found = finder.find(frame.rgb());
      List<FaceBox> faces = found.size() > MAX_FACES ? found.subList(0, MAX_FACES) : found;
      double[] logits = new double[faces.size()];
      List<FlickerCue.Wobble> frameWobbles = new ArrayList<>();
      double whole = Double.NaN;
      if (faces.isEmpty()) {
        OptionalDouble p = score(frame.rgb(), frame.seconds());
        whole = p.isPresent() ? logit(p.getAsDouble()) : Double.NaN;
      }
      for (int i = 0; i < faces.size(); i++) {
        FaceBox box = faces.get(i);
        Rectangle r = FaceCropper.cropRegion(frame.width(), frame.height(), box, CROP_MARGIN);
        BufferedImage crop = FaceCropper.resized(frame.rgb(), r, Math.min(CROP_SIDE, r.width));
        OptionalDouble p = score(crop, frame.seconds());
        logits[i] = p.isPresent() ? logit(p.getAsDouble()) : Double.NaN;
        FlickerCue.measure(frame.burst(), frame.width(), frame.height(), box)
            .ifPresent(frameWobbles::add);
      }
      return new FrameResult(frame, List.copyOf(faces), logits, whole, frameWobbles);
    }

    /** Folds one frame's result in, in stream order: tracking needs the frames in sequence. */
    private void collect(Future<FrameResult> future) {
      FrameResult r;
      try {
        r = future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while analysing " + name, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("frame analysis of " + name + " failed", e.getCause());
      }
      SampledFrame frame = r.frame();
      int[] ids = tracker.assign(r.faces());
      wobbles.addAll(r.wobbles());
      double maxLogit = Double.NaN;
      Map<Integer, FaceBox> boxes = new LinkedHashMap<>();
      if (r.faces().isEmpty() && !Double.isNaN(r.wholeLogit())) {
        maxLogit = r.wholeLogit();
        FaceBox whole = new FaceBox(0, 0, frame.width(), frame.height(), 0);
        observations.add(new Observation(-1, frame.seconds(), maxLogit, whole));
        boxes.put(-1, whole);
      }
      for (int i = 0; i < r.faces().size(); i++) {
        double z = r.logits()[i];
        if (Double.isNaN(z)) {
          continue;
        }
        observations.add(new Observation(ids[i], frame.seconds(), z, r.faces().get(i)));
        boxes.put(ids[i], r.faces().get(i));
        maxLogit = Double.isNaN(maxLogit) ? z : Math.max(maxLogit, z);
      }
      frameRecords.add(new FrameRecord(frame.seconds(), r.faces().size(), maxLogit));
      if (thumbnail == null || (!Double.isNaN(maxLogit) && maxLogit > thumbnailLogit)) {
        thumbnail = frame.rgb();
        thumbnailSeconds = frame.seconds();
        thumbnailLogit = Double.isNaN(maxLogit) ? Double.NEGATIVE_INFINITY : maxLogit;
        thumbnailBoxes = boxes;
      }
    }

    /** The image models' calibrated probability for one picture, or empty if they failed. */
    private OptionalDouble score(BufferedImage rgb, double seconds) {
      String at = String.format(Locale.ROOT, "%s@%.2fs", name, seconds);
      StillImage still =
          new StillImage(at, MediaFormat.PNG, NO_BYTES, rgb, 1, "a video frame decoded by FFmpeg");
      Verdict v = frames.analyse(still, System.nanoTime());
      if (v.label() == Label.ERROR) {
        LOG.warn("{}: {}", at, v.error().map(e -> e.message()).orElse("failed"));
        return OptionalDouble.empty();
      }
      return v.pFake();
    }

    private record TrackStats(
        int id, int frames, double first, double last, double logit, FaceBox firstBox) {}

    Verdict verdict(VideoDecoder.Decoded decoded, long start, Consumer<StillImage> peek)
        throws MediaException {
      while (!inFlight.isEmpty()) {
        collect(inFlight.poll());
      }
      if (observations.isEmpty()) {
        throw new MediaException(
            ErrorCode.CORRUPT,
            name
                + ": no frame could be analysed ("
                + decoded.framesDecoded()
                + " decoded, "
                + decoded.framesSampled()
                + " sampled)");
      }
      Map<Integer, List<Observation>> byTrack = new TreeMap<>();
      for (Observation o : observations) {
        byTrack.computeIfAbsent(o.track(), k -> new ArrayList<>()).add(o);
      }
      List<TrackStats> tracks = new ArrayList<>();
      for (var e : byTrack.entrySet()) {
        List<Observation> obs = e.getValue();
        tracks.add(
            new TrackStats(
                e.getKey(),
                obs.size(),
                obs.get(0).seconds(),
                obs.get(obs.size() - 1).seconds(),
                trimmedMean(obs.stream().mapToDouble(Observation::logit).toArray()),
                obs.get(0).box()));
      }
      tracks.sort(Comparator.comparingDouble(TrackStats::logit).reversed());
      int sampled = frameRecords.size();
      int minFrames = (int) Math.max(1, Math.min(3, Math.round(0.3 * sampled)));
      List<TrackStats> faceTracks = tracks.stream().filter(t -> t.id() >= 0).toList();
      List<TrackStats> counted = faceTracks.stream().filter(t -> t.frames() >= minFrames).toList();
      if (counted.isEmpty()) {
        counted = faceTracks.isEmpty() ? tracks : faceTracks;
      }
      TrackStats top = counted.stream().max(Comparator.comparingDouble(TrackStats::logit)).get();
      double p = sigmoid(top.logit());

      List<VideoDetails.Track> trackDetails = new ArrayList<>();
      List<FaceRegion> regions = new ArrayList<>();
      for (TrackStats t : tracks) {
        FaceBox b = thumbnailBoxes.getOrDefault(t.id(), t.firstBox());
        boolean isCounted = counted.contains(t);
        trackDetails.add(
            new VideoDetails.Track(
                t.id(),
                t.first(),
                t.last(),
                t.frames(),
                sigmoid(t.logit()),
                isCounted,
                new int[] {b.x(), b.y(), b.width(), b.height()},
                t.id() < 0));
        regions.add(
            new FaceRegion(b.x(), b.y(), b.width(), b.height(), sigmoid(t.logit()), t.id() < 0));
      }

      // The timeline: per second, the mean logit of its frames' most suspicious faces.
      Map<Integer, double[]> seconds = new TreeMap<>(); // sum, n, maxFaces
      for (FrameRecord f : frameRecords) {
        double[] s = seconds.computeIfAbsent((int) Math.floor(f.seconds()), k -> new double[3]);
        if (!Double.isNaN(f.maxLogit())) {
          s[0] += f.maxLogit();
          s[1]++;
        }
        s[2] = Math.max(s[2], f.faces());
      }
      List<VideoDetails.TimelinePoint> timeline = new ArrayList<>();
      for (var e : seconds.entrySet()) {
        double[] s = e.getValue();
        timeline.add(
            new VideoDetails.TimelinePoint(
                e.getKey(),
                s[1] > 0 ? OptionalDouble.of(sigmoid(s[0] / s[1])) : OptionalDouble.empty(),
                (int) s[2]));
      }

      List<Double> jitters = new ArrayList<>();
      for (var e : byTrack.entrySet()) {
        List<Observation> obs = e.getValue();
        for (int i = 1; e.getKey() >= 0 && i + 1 < obs.size(); i++) {
          FaceBox a = obs.get(i - 1).box();
          FaceBox b = obs.get(i).box();
          FaceBox c = obs.get(i + 1).box();
          double dx = a.centerX() - 2 * b.centerX() + c.centerX();
          double dy = a.centerY() - 2 * b.centerY() + c.centerY();
          jitters.add(Math.hypot(dx, dy) / b.width());
        }
      }

      CueEvidence framesCue =
          new CueEvidence(
              FRAMES_CUE,
              p,
              explanation(top, faceTracks.size(), sampled, decoded.decodedSeconds()),
              Map.of(
                  "frames.logit", top.logit(),
                  "frames.tracks", (double) faceTracks.size(),
                  "frames.sampled", (double) sampled),
              java.util.Optional.empty(),
              regions);
      CueEvidence flicker = FlickerCue.evidence(wobbles, jitters);
      VideoDetails details =
          new VideoDetails(
              decoded.framesDecoded() > 0
                  ? decoded.decodedSeconds()
                  : decoded.info().durationSeconds(),
              decoded.info().frameRate(),
              decoded.info().width(),
              decoded.info().height(),
              decoded.info().rotation(),
              decoded.info().codec(),
              decoded.framesDecoded(),
              sampled,
              sampleFps,
              timeline,
              trackDetails);
      if (thumbnail != null) {
        try {
          peek.accept(
              new StillImage(
                  String.format(Locale.ROOT, "%s@%.2fs", name, thumbnailSeconds),
                  MediaFormat.PNG,
                  NO_BYTES,
                  thumbnail,
                  1,
                  "a video frame decoded by FFmpeg"));
        } catch (RuntimeException e) {
          LOG.warn("peek on {} failed: {}", name, e.toString());
        }
      }
      return Verdict.analysed(
              name,
              p,
              band(),
              List.of(framesCue, flicker),
              ProvenanceSummary.ABSENT,
              model(),
              elapsedMs(start))
          .withDetails(details);
    }

    private String explanation(TrackStats top, int faceTracks, int sampled, double duration) {
      String verdict =
          switch (band().classify(sigmoid(top.logit()))) {
            case FAKE -> "looks manipulated";
            case REAL -> "looks camera-made";
            default -> "is a hard case";
          };
      if (top.id() < 0) {
        return String.format(
            Locale.ROOT,
            "No face was found in any of %d sampled frames (%.1f s), so whole frames were scored:"
                + " the face network is neutral on them and the forensic cues decide (probability"
                + " of fake %.2f).",
            sampled,
            duration,
            sigmoid(top.logit()));
      }
      String which =
          faceTracks == 1
              ? "The face"
              : String.format(Locale.ROOT, "Of %d faces followed, the most suspicious", faceTracks);
      return String.format(
          Locale.ROOT,
          "%s (seen from %.1f s to %.1f s in %d of %d sampled frames) %s to the image model:"
              + " probability of fake %.2f, pooled over its frames (trimmed mean in log-odds).",
          which,
          top.first(),
          top.last(),
          top.frames(),
          sampled,
          verdict,
          sigmoid(top.logit()));
    }
  }

  /** Builds a {@link VideoDetector}: {@code setFrameDetector} is required, the rest optional. */
  public static final class Builder {
    private ImageDetector frames;
    private VideoLimits limits = VideoLimits.DEFAULT;
    private double sampleFps = DEFAULT_SAMPLE_FPS;
    private Duration stallTimeout = VideoDecoder.DEFAULT_STALL_TIMEOUT;
    private FaceFinder finder;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * Threads that analyse sampled frames of one video at once (default: one per core); frames are
     * folded in in order, so results do not depend on it.
     */
    public Builder optThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The image detector whose models score each face crop; not closed by the video detector. */
    public Builder setFrameDetector(ImageDetector frames) {
      this.frames = Objects.requireNonNull(frames, "frames");
      return this;
    }

    public Builder optLimits(VideoLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Frames analysed per second of video (default {@value #DEFAULT_SAMPLE_FPS}). */
    public Builder optSampleFps(double fps) {
      if (!(fps > 0 && fps <= 60)) {
        throw new IllegalArgumentException("sample fps must be in (0, 60], got " + fps);
      }
      this.sampleFps = fps;
      return this;
    }

    /** How long to wait for the decoder's next frame before calling the file corrupt. */
    public Builder optStallTimeout(Duration timeout) {
      this.stallTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * A face finder to share (not closed by the video detector); default: its own, with {@link
     * #FACE_SETTINGS}.
     */
    public Builder optFaceFinder(FaceFinder finder) {
      this.finder = Objects.requireNonNull(finder, "finder");
      return this;
    }

    public VideoDetector build() {
      if (frames == null) {
        throw new IllegalStateException("VideoDetector.Builder: setFrameDetector(...) is required");
      }
      return new VideoDetector(this);
    }
  }
}
