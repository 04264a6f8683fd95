package dev.verisim.cli;

import dev.verisim.cli.report.HtmlReport;
import dev.verisim.cli.report.ReportInfo;
import dev.verisim.cli.report.ReportItem;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.Progress;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.media.MediaKind;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Label;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictJson;
import dev.verisim.detect.Detector;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.MediaRouter;
import dev.verisim.detect.audio.AudioDetector;
import dev.verisim.detect.audio.AudioLimits;
import dev.verisim.detect.audio.AudioModel;
import dev.verisim.detect.video.VideoDetector;
import dev.verisim.detect.video.VideoLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verisim detect}: a verdict per image, video or audio file, as a table, JSON Lines and an
 * HTML report. Each file goes to the detector of its kind by its first bytes ({@link MediaRouter}).
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse images, video and audio and say, for each, whether it looks real, fake or"
          + " uncertain, with evidence.",
      "Directories are walked recursively. Results go to stdout in input order; progress and logs"
          + " to stderr."
    },
    footer = {
      "",
      "Exit codes: 0 every input analysed; 1 at least one input could not be analysed (the others"
          + " are still reported); 2 usage error; 3 internal error."
    })
public final class DetectCommand implements Callable<Integer> {
  /** Reports keep thumbnails for this many inputs; later rows have none, to bound memory. */
  static final int REPORT_THUMBNAILS = 2000;

  private static final int THUMBNAIL_SIDE = 256;

  @Spec CommandSpec spec;

  @Mixin LoggingMixin logging;

  @Mixin ForensicModelOptions modelOptions;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Image, video or audio files, or directories.")
  List<String> paths;

  @Option(
      names = "--json",
      description = "One JSON object per input (JSON Lines), as in DESIGN.md.")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "Also write a self-contained HTML report with thumbnails and heatmaps.")
  Path report;

  @Option(
      names = "--threads",
      description = "Worker threads (default 0: one per core).",
      defaultValue = "0")
  int threads;

  @Option(
      names = "--max-bytes",
      paramLabel = "N",
      description = "Refuse files larger than N bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "104857600")
  long maxBytes;

  @Option(
      names = "--max-pixels",
      paramLabel = "N",
      description =
          "Refuse images with more than N pixels, read from the header (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "64000000")
  long maxPixels;

  @Option(
      names = "--fps",
      paramLabel = "X",
      description = "Video: frames analysed per second of video (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  double fps;

  @Option(
      names = "--max-duration",
      paramLabel = "SECONDS",
      description =
          "Video and audio: refuse longer media, read from the container before decoding"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "600")
  double maxDuration;

  @Option(
      names = "--max-video-bytes",
      paramLabel = "N",
      description =
          "Video and audio: refuse files larger than N bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "2147483648")
  long maxVideoBytes;

  @Option(
      names = "--max-frame-size",
      paramLabel = "WxH",
      description =
          "Video: refuse larger frames, read from the container before decoding; portrait"
              + " frames count turned (default: ${DEFAULT-VALUE}).",
      defaultValue = "3840x2160")
  String maxFrameSize;

  @Option(
      names = "--max-frames",
      paramLabel = "N",
      description = "Video: refuse videos with more frames (default: ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  long maxFrames;

  @Option(
      names = "--audio-model",
      paramLabel = "DIR",
      description =
          "Audio: a model folder from 'verisim detector train-audio' (default: the shipped"
              + " models/verisim-audio).")
  Path audioModel;

  @Option(names = "--heatmaps", description = "Include each cue's heatmap grid in the JSON.")
  boolean heatmaps;

  @Option(
      names = "--all-files",
      description = "Under directories, analyse every file, not only those that look like images.")
  boolean allFiles;

  @Option(names = "--no-progress", description = "No progress on stderr.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ImageLimits limits;
    VideoLimits videoLimits;
    try {
      limits = new ImageLimits(maxBytes, maxPixels);
      videoLimits = videoLimits();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!(fps > 0 && fps <= 60)) {
      throw new ParameterException(spec.commandLine(), "--fps must be in (0, 60], got " + fps);
    }
    ForensicModelOptions.requireWritableFolder(spec, report, "--report");
    boolean explain = heatmaps || report != null;
    try (ForensicDetector images = modelOptions.detector(spec, limits, explain);
        // Video faces are scored without the occlusion map: 65 more network passes per face per
        // frame would multiply the work for a heatmap the report does not show for video.
        ForensicDetector frames = explain ? modelOptions.detector(spec, limits, false) : null;
        VideoDetector video =
            VideoDetector.builder()
                .setFrameDetector(frames != null ? frames : images)
                .optSampleFps(fps)
                .optLimits(videoLimits)
                .build();
        AudioDetector audio = audioDetector()) {
      // The router owns nothing here: the detectors above close themselves.
      MediaRouter router =
          MediaRouter.builder().setImage(images).optVideo(video).optAudio(audio).build();
      return detect(router);
    }
  }

  private AudioDetector audioDetector() {
    AudioLimits audioLimits;
    try {
      audioLimits = new AudioLimits(maxVideoBytes, maxDuration);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      AudioModel model =
          audioModel != null
              ? AudioModel.load(audioModel)
              : AudioModel.loadResource(AudioDetector.DEFAULT_RESOURCE);
      return AudioDetector.builder().setModel(model).optLimits(audioLimits).build();
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--audio-model: cannot load "
              + (audioModel != null ? audioModel : AudioDetector.DEFAULT_FOLDER)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private VideoLimits videoLimits() {
    String[] wh = maxFrameSize.toLowerCase(Locale.ROOT).split("x", -1);
    int w;
    int h;
    try {
      if (wh.length != 2) {
        throw new NumberFormatException();
      }
      w = Integer.parseInt(wh[0].trim());
      h = Integer.parseInt(wh[1].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--max-frame-size must be WIDTHxHEIGHT, for example 3840x2160, got '"
              + maxFrameSize
              + "'");
    }
    return new VideoLimits(maxVideoBytes, maxDuration, w, h, maxFrames);
  }

  private Integer detect(Detector detector) throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InputWalker inputs = new InputWalker(paths, allFiles, EnumSet.allOf(MediaKind.class));
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    boolean terminal = Terminal.stderrIsTerminal();
    Progress progress = noProgress ? Progress.NONE : new TerminalProgress(err, terminal);
    progress.start("detect", terminal && !noProgress ? inputs.count() : -1);
    if (!json) {
      out.println(TableFormat.header());
    }

    List<ReportItem> reportItems = new ArrayList<>();
    Map<Label, Integer> counts = new EnumMap<>(Label.class);
    long start = System.nanoTime();
    ExecutorService pool =
        Executors.newFixedThreadPool(workers, NamedThreads.daemons("verisim-detect"));
    try {
      // A sliding window of futures: workers stay busy, results print in input order, and at most
      // 2 x workers decoded images are in memory at once.
      Deque<Future<Result>> window = new ArrayDeque<>();
      int submitted = 0;
      int done = 0;
      for (InputWalker.Input input : inputs) {
        boolean thumbnail = report != null && submitted < REPORT_THUMBNAILS;
        window.add(pool.submit(() -> analyse(detector, input, thumbnail)));
        submitted++;
        if (window.size() >= 2 * workers) {
          emit(window.poll(), out, reportItems, counts);
          progress.step(++done);
        }
      }
      while (!window.isEmpty()) {
        emit(window.poll(), out, reportItems, counts);
        progress.step(++done);
      }
    } finally {
      pool.shutdownNow();
      progress.end();
    }
    out.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    err.println(summary(counts, seconds));
    if (report != null) {
      HtmlReport.write(
          report,
          reportItems,
          new ReportInfo(
              "verisim detect", VersionProvider.version(), detector.model(), Instant.now()));
      err.println("report written to " + report);
    }
    return counts.getOrDefault(Label.ERROR, 0) > 0 ? ExitCodes.INPUT_ERRORS : ExitCodes.OK;
  }

  private record Result(Verdict verdict, Optional<BufferedImage> thumbnail) {}

  private static Result analyse(Detector detector, InputWalker.Input input, boolean thumbnail) {
    AtomicReference<BufferedImage> thumb = new AtomicReference<>();
    AtomicInteger width = new AtomicInteger();
    Verdict v =
        detector.detect(
            input.file(),
            input.name(),
            image -> {
              if (thumbnail) {
                thumb.set(HtmlReport.thumbnail(image.rgb(), THUMBNAIL_SIDE));
                width.set(image.width());
              }
            });
    if (thumb.get() != null) {
      HtmlReport.drawFaces(thumb.get(), width.get(), v);
    }
    return new Result(v, Optional.ofNullable(thumb.get()));
  }

  private void emit(
      Future<Result> future, PrintWriter out, List<ReportItem> items, Map<Label, Integer> counts)
      throws InterruptedException {
    Result r;
    try {
      r = future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a detection worker failed", e.getCause());
    }
    Verdict v = r.verdict();
    counts.merge(v.label(), 1, Integer::sum);
    out.println(json ? VerdictJson.toLine(v, heatmaps) : TableFormat.row(v));
    out.flush();
    if (report != null) {
      items.add(new ReportItem(v, r.thumbnail()));
    }
  }

  private static String summary(Map<Label, Integer> counts, double seconds) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder s = new StringBuilder();
    s.append(total).append(total == 1 ? " input: " : " inputs: ");
    List<String> parts = new ArrayList<>();
    for (Label l : Label.values()) {
      int n = counts.getOrDefault(l, 0);
      if (n > 0) {
        parts.add(n + " " + l.id());
      }
    }
    s.append(parts.isEmpty() ? "none" : String.join(", ", parts));
    s.append(String.format(Locale.ROOT, " in %.1f s", seconds));
    return s.toString();
  }

  /** The terminal table: fixed columns, the strongest cue, the path last (it may be long). */
  static final class TableFormat {
    private TableFormat() {}

    static String header() {
      return String.format(
          Locale.ROOT, "%-10s %-7s %-22s %s", "VERDICT", "P_FAKE", "TOP CUE", "PATH");
    }

    static String row(Verdict v) {
      if (v.error().isPresent()) {
        return String.format(
            Locale.ROOT,
            "%-10s %-7s %-22s %s  (%s: %s)",
            v.label().id(),
            "-",
            "-",
            v.path(),
            v.error().get().code().id(),
            v.error().get().message());
      }
      String top =
          v.cues().stream()
              .max(Comparator.comparingDouble(CueEvidence::score))
              .map(c -> String.format(Locale.ROOT, "%s %.2f", c.name(), c.score()))
              .orElse("-");
      return String.format(
          Locale.ROOT,
          "%-10s %-7.3f %-22s %s",
          v.label().id(),
          v.pFake().getAsDouble(),
          top,
          v.path());
    }
  }
}
