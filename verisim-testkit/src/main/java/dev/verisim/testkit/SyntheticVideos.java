package dev.verisim.testkit;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes small fixture videos with FFmpeg: a {@link SyntheticFaces} face drifting across a
 * backdrop, optionally flickering (its brightness alternating from frame to frame, as a face made
 * frame by frame and blended in can). Deterministic for the same arguments and FFmpeg build.
 */
public final class SyntheticVideos {
  private SyntheticVideos() {}

  /**
   * A container and codec pair this FFmpeg build writes.
   *
   * @param format FFmpeg's muxer name
   * @param codec FFmpeg's encoder name
   * @param extension the usual file extension
   * @param pixelFormat the encoder's pixel format (an {@code AV_PIX_FMT_*})
   */
  public record Kind(String format, String codec, String extension, int pixelFormat) {
    public static final Kind MP4 = new Kind("mp4", "mpeg4", "mp4", avutil.AV_PIX_FMT_YUV420P);
    public static final Kind MOV = new Kind("mov", "mpeg4", "mov", avutil.AV_PIX_FMT_YUV420P);
    public static final Kind MKV = new Kind("matroska", "mpeg4", "mkv", avutil.AV_PIX_FMT_YUV420P);
    public static final Kind WEBM = new Kind("webm", "libvpx", "webm", avutil.AV_PIX_FMT_YUV420P);
    public static final Kind AVI = new Kind("avi", "mjpeg", "avi", avutil.AV_PIX_FMT_YUVJ420P);
  }

  /**
   * The clip's content.
   *
   * @param width frame width
   * @param height frame height
   * @param fps frames per second
   * @param frames number of frames
   * @param faceWidth the face's width in pixels (0 for no face)
   * @param flicker how many grey levels the face brightens and darkens on alternate frames
   */
  public record Spec(int width, int height, double fps, int frames, int faceWidth, int flicker) {
    public static Spec small(int frames) {
      return new Spec(320, 240, 10, frames, 110, 0);
    }

    public Spec withFlicker(int levels) {
      return new Spec(width, height, fps, frames, faceWidth, levels);
    }
  }

  /** Writes {@code spec} to {@code file} as {@code kind}. */
  public static Path write(Path file, Kind kind, Spec spec) throws IOException {
    return write(file, kind, spec, 0);
  }

  /**
   * Writes {@code spec} as a phone does when held sideways: the frames are stored turned clockwise
   * by {@code displayRotation} degrees (a multiple of 90), and the stream's display matrix says to
   * turn them back counter-clockwise by as much, so a player shows them upright.
   */
  public static Path write(Path file, Kind kind, Spec spec, int displayRotation)
      throws IOException {
    Objects.requireNonNull(file, "file");
    if (displayRotation % 90 != 0) {
      throw new IllegalArgumentException(
          "displayRotation must be a multiple of 90, got " + displayRotation);
    }
    int turns = Math.floorMod(displayRotation / 90, 4);
    int codedWidth = turns % 2 == 1 ? spec.height() : spec.width();
    int codedHeight = turns % 2 == 1 ? spec.width() : spec.height();
    try (FFmpegFrameRecorder recorder =
            new FFmpegFrameRecorder(file.toFile(), codedWidth, codedHeight, 0);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat(kind.format());
      recorder.setVideoCodecName(kind.codec());
      recorder.setPixelFormat(kind.pixelFormat());
      recorder.setFrameRate(spec.fps());
      if (turns != 0) {
        recorder.setDisplayRotation(displayRotation);
      }
      recorder.setGopSize(10);
      // High quality, so the flicker survives the encoder (libvpx's CQ level starts at 4).
      recorder.setVideoQuality(kind.codec().startsWith("libvpx") ? 8 : 2);
      recorder.setVideoBitrate(2_000_000);
      recorder.start();
      for (int i = 0; i < spec.frames(); i++) {
        Frame f = converter.convert(turnClockwise(frame(spec, i), turns));
        recorder.record(f);
      }
      recorder.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException(
          String.format(
              Locale.ROOT, "FFmpeg could not write %s as %s/%s", file, kind.format(), kind.codec()),
          e);
    }
    return file;
  }

  /**
   * Writes a container with sound only (a 440 Hz tone, 16 kHz mono PCM), as an audio-only MP4 or
   * WebM is: a video container without a video stream.
   *
   * @param format FFmpeg's muxer name, for example "matroska"
   */
  public static Path writeAudioOnly(Path file, String format, double seconds) throws IOException {
    int rate = 16_000;
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
      recorder.setFormat(format);
      recorder.setAudioCodecName("pcm_s16le");
      recorder.setSampleRate(rate);
      recorder.start();
      short[] samples = new short[(int) (seconds * rate)];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
      }
      recorder.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(samples));
      recorder.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("FFmpeg could not write " + file + " as " + format + " audio", e);
    }
    return file;
  }

  /** Frame {@code i} of the clip, as {@code TYPE_3BYTE_BGR}. */
  public static BufferedImage frame(Spec spec, int i) {
    BufferedImage rgb = SyntheticFaces.backdrop(spec.width(), spec.height());
    if (spec.faceWidth() > 0) {
      // A slow drift, a fifth of the free width over the clip, like a talking head's sway.
      double free = spec.width() - 1.3 * spec.faceWidth();
      double cx =
          spec.width() / 2.0 + 0.1 * free * Math.sin(2 * Math.PI * i / Math.max(20, spec.frames()));
      double cy = spec.height() / 2.0;
      SyntheticFaces.drawFace(rgb, cx, cy, spec.faceWidth());
      if (spec.flicker() != 0) {
        int delta = (i % 2 == 0 ? 1 : -1) * spec.flicker();
        Rectangle2D face = SyntheticFaces.faceBounds(cx, cy, spec.faceWidth());
        shift(rgb, face, delta);
      }
      rgb = SyntheticFaces.soften(rgb);
    }
    BufferedImage bgr =
        new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    return bgr;
  }

  private static BufferedImage turnClockwise(BufferedImage image, int turns) {
    BufferedImage out = image;
    for (int t = 0; t < turns; t++) {
      int w = out.getWidth();
      int h = out.getHeight();
      BufferedImage next = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          next.setRGB(h - 1 - y, x, out.getRGB(x, y));
        }
      }
      out = next;
    }
    return out;
  }

  private static void shift(BufferedImage image, Rectangle2D r, int delta) {
    int x0 = Math.max(0, (int) r.getX());
    int y0 = Math.max(0, (int) r.getY());
    int x1 = Math.min(image.getWidth(), (int) (r.getX() + r.getWidth()));
    int y1 = Math.min(image.getHeight(), (int) (r.getY() + r.getHeight()));
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int p = image.getRGB(x, y);
        int red = clamp(((p >> 16) & 0xFF) + delta);
        int green = clamp(((p >> 8) & 0xFF) + delta);
        int blue = clamp((p & 0xFF) + delta);
        image.setRGB(x, y, red << 16 | green << 8 | blue);
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
