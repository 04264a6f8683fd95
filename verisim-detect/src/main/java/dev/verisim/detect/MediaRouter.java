package dev.verisim.detect;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.media.MediaKind;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.video.VideoDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One detector for images, video and audio: sends each input to the detector of its kind, told by
 * its first bytes ({@link MediaKind#sniff}), never by its name.
 *
 * <ul>
 *   <li>Images, and anything that is no known media (the image detector then reports {@code
 *       unsupported-format}, or why the file cannot be read), go to the image detector.
 *   <li>Video goes to the video detector; a video container without a video stream (an audio-only
 *       MP4 or WebM) goes on to the audio detector.
 *   <li>A kind without a detector yields an {@code unsupported-format} error verdict that says so.
 * </ul>
 *
 * <p>{@link #model()} and {@link #band()} are the image detector's. Thread-safe if the detectors
 * are. Closing the router closes every detector that is {@link AutoCloseable}.
 *
 * <pre>{@code
 * try (MediaRouter detector = MediaRouter.builder()
 *     .setImage(images).optVideo(video).optAudio(audio).build()) {
 *   Verdict v = detector.detect(Path.of("clip.mp4"), "clip.mp4"); // media "video"
 * }
 * }</pre>
 */
public final class MediaRouter implements Detector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaRouter.class);

  private final Detector image;
  private final Optional<Detector> video;
  private final Optional<Detector> audio;

  private MediaRouter(Builder b) {
    this.image = b.image;
    this.video = Optional.ofNullable(b.video);
    this.audio = Optional.ofNullable(b.audio);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelInfo model() {
    return image.model();
  }

  @Override
  public UncertainBand band() {
    return image.band();
  }

  public Detector image() {
    return image;
  }

  public Optional<Detector> video() {
    return video;
  }

  public Optional<Detector> audio() {
    return audio;
  }

  @Override
  public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    Optional<MediaKind> kind;
    try {
      kind = MediaKind.sniff(head(file));
    } catch (IOException e) {
      // Missing, unreadable or a directory: the image decoder names the reason.
      return image.detect(file, name, peek);
    }
    if (kind.isEmpty() || kind.get() == MediaKind.IMAGE) {
      return image.detect(file, name, peek);
    }
    long start = System.nanoTime();
    if (kind.get() == MediaKind.VIDEO) {
      if (video.isPresent()) {
        Verdict v = video.get().detect(file, name, peek);
        if (!audioOnly(v) || audio.isEmpty()) {
          return withSoundtrack(v, () -> audio.get().detect(file, name), start);
        }
        return audio.get().detect(file, name, peek).withElapsedMs(elapsedMs(start));
      }
      if (audio.isPresent()) {
        // No video detector: the audio one may still read the container's sound.
        return audio.get().detect(file, name, peek);
      }
    } else if (audio.isPresent()) {
      return audio.get().detect(file, name, peek);
    }
    return unsupported(name, kind.get(), start);
  }

  @Override
  public Verdict detect(byte[] bytes, String name) {
    Objects.requireNonNull(bytes, "bytes");
    Optional<MediaKind> kind =
        MediaKind.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, MediaKind.SNIFF_BYTES)));
    if (kind.isEmpty() || kind.get() == MediaKind.IMAGE) {
      return image.detect(bytes, name);
    }
    long start = System.nanoTime();
    if (kind.get() == MediaKind.VIDEO && video.isPresent()) {
      Verdict v = video.get().detect(bytes, name);
      if (!audioOnly(v) || audio.isEmpty()) {
        return withSoundtrack(v, () -> audio.get().detect(bytes, name), start);
      }
      return audio.get().detect(bytes, name).withElapsedMs(elapsedMs(start));
    }
    if (audio.isPresent()) {
      return audio.get().detect(bytes, name);
    }
    return unsupported(name, kind.get(), start);
  }

  /**
   * Adds the audio model's verdict on a video's soundtrack as a {@code soundtrack} cue and JSON
   * object. It is evidence beside the faces, not fused into the clip's {@code p_fake}: the audio
   * model is trained on far less data than the image model (see its card), and a real voice over a
   * swapped face must not dilute the face evidence. A video without sound is left as it is.
   */
  private Verdict withSoundtrack(
      Verdict v, java.util.function.Supplier<Verdict> sound, long startNanos) {
    if (v.error().isPresent() || audio.isEmpty()) {
      return v;
    }
    Verdict s = sound.get();
    if (s.error().isPresent()) {
      return v; // no audio stream, or one FFmpeg cannot read: the video verdict stands alone
    }
    double p = s.pFake().getAsDouble();
    String strongest =
        s.cues().stream()
            .max(java.util.Comparator.comparingDouble(CueEvidence::score))
            .map(CueEvidence::explanation)
            .orElse("");
    CueEvidence cue =
        new CueEvidence(
            "soundtrack",
            p,
            String.format(
                    java.util.Locale.ROOT,
                    "The soundtrack, judged by the audio model: %s (p_fake %.2f; shown beside the"
                        + " faces, not part of this clip's p_fake). ",
                    s.label().id(),
                    p)
                + strongest,
            java.util.Map.of());
    java.util.List<CueEvidence> cues = new java.util.ArrayList<>(v.cues());
    cues.add(cue);
    return new Verdict(
        v.path(),
        v.media(),
        v.label(),
        v.pFake(),
        v.band(),
        cues,
        v.provenance(),
        v.model(),
        elapsedMs(startNanos),
        v.error(),
        Optional.of(new SoundtrackDetails(v.details(), s)));
  }

  /** Whether the video detector found a container without a video stream. */
  private static boolean audioOnly(Verdict v) {
    return v.error()
        .filter(e -> e.code() == ErrorCode.UNSUPPORTED_FORMAT)
        .filter(e -> e.message().contains(VideoDetector.NO_VIDEO_STREAM))
        .isPresent();
  }

  private Verdict unsupported(String name, MediaKind kind, long start) {
    return Verdict.failed(
            name,
            ErrorCode.UNSUPPORTED_FORMAT,
            name
                + ": "
                + kind.id()
                + " is not analysed by this detector (no "
                + kind.id()
                + " model is configured)",
            band(),
            model(),
            elapsedMs(start))
        .withMedia(kind.id());
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MediaKind.SNIFF_BYTES);
    }
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Closes every detector that holds resources; the image detector last. */
  @Override
  public void close() {
    audio.ifPresent(MediaRouter::closeQuietly);
    video.ifPresent(MediaRouter::closeQuietly);
    closeQuietly(image);
  }

  private static void closeQuietly(Detector d) {
    if (d instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", d.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Builds a {@link MediaRouter}: {@code setImage} is required, the rest optional. */
  public static final class Builder {
    private Detector image;
    private Detector video;
    private Detector audio;

    private Builder() {}

    public Builder setImage(Detector image) {
      this.image = Objects.requireNonNull(image, "image");
      return this;
    }

    public Builder optVideo(Detector video) {
      this.video = Objects.requireNonNull(video, "video");
      return this;
    }

    public Builder optAudio(Detector audio) {
      this.audio = Objects.requireNonNull(audio, "audio");
      return this;
    }

    public MediaRouter build() {
      if (image == null) {
        throw new IllegalStateException("MediaRouter.Builder: setImage(...) is required");
      }
      return new MediaRouter(this);
    }
  }
}
