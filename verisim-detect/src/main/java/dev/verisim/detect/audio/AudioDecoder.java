package dev.verisim.detect.audio;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes any audio FFmpeg reads (WAV, FLAC, MP3, Ogg Vorbis/Opus, M4A/AAC, and the audio track of
 * MP4, MKV, WebM or AVI video) to 16 kHz mono floats: FFmpeg's resampler converts the rate and
 * verisim averages the channels. Thread-safe and stateless.
 *
 * <p>Limits come first: the file size before opening, the duration the container header declares
 * before any sample is decoded, and the decoded length while decoding (a header may lie or say
 * nothing). A file FFmpeg cannot open, or whose audio stream yields nothing, is an error naming the
 * reason, never a hang: decoding stops after a bounded number of consecutive frames without audio.
 *
 * <pre>{@code
 * DecodedAudio audio = new AudioDecoder(AudioLimits.DEFAULT).decode(Path.of("talk.mp3"), "talk.mp3");
 * float[] mono16k = audio.samples();
 * }</pre>
 */
public final class AudioDecoder {
  /** The sample rate of every decoded signal. */
  public static final int SAMPLE_RATE = 16_000;

  // Frames without audio in a row before giving up: a video with a sparse audio track interleaves
  // a few dozen video frames per audio frame; a broken stream can yield empty frames forever.
  private static final int MAX_EMPTY_GRABS = 10_000;

  static {
    // FFmpeg logs to stderr by default; verisim's stdout is for results and its stderr for its own
    // logs. Errors still reach us as exceptions.
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private final AudioLimits limits;

  public AudioDecoder(AudioLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public AudioLimits limits() {
    return limits;
  }

  /**
   * Decodes a file.
   *
   * @param name the name to report in messages
   * @throws MediaException not-found, empty, too-many-bytes, too-long, unsupported-format (no audio
   *     stream or not a media file), corrupt or truncated
   */
  public DecodedAudio decode(Path file, String name) throws MediaException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new MediaException(ErrorCode.NOT_FOUND, name + " does not exist");
    } catch (IOException e) {
      throw new MediaException(ErrorCode.IO_ERROR, name + " cannot be read: " + e.getMessage(), e);
    }
    if (Files.isDirectory(file)) {
      throw new MediaException(ErrorCode.IO_ERROR, name + " is a folder, not a file");
    }
    if (size == 0) {
      throw new MediaException(ErrorCode.EMPTY, name + " is empty");
    }
    if (size > limits.maxBytes()) {
      throw new MediaException(
          ErrorCode.TOO_MANY_BYTES,
          name + " has " + size + " bytes, more than the limit of " + limits.maxBytes());
    }
    if (!Files.isReadable(file)) {
      throw new MediaException(ErrorCode.IO_ERROR, name + " cannot be read");
    }
    return decodeFile(file, name);
  }

  /**
   * Decodes bytes in memory (an upload) through a temporary file: FFmpeg needs to seek in MP4 and
   * similar containers.
   */
  public DecodedAudio decode(byte[] bytes, String name) throws MediaException {
    if (bytes.length == 0) {
      throw new MediaException(ErrorCode.EMPTY, name + " is empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new MediaException(
          ErrorCode.TOO_MANY_BYTES,
          name + " has " + bytes.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile("verisim-audio-", ".bin");
      Files.write(tmp, bytes);
      return decodeFile(tmp, name);
    } catch (IOException e) {
      throw new MediaException(ErrorCode.IO_ERROR, "cannot buffer " + name + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temporary file left behind is not the caller's problem
        }
      }
    }
  }

  private DecodedAudio decodeFile(Path file, String name) throws MediaException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleRate(SAMPLE_RATE);
      // The channels are averaged here, not by FFmpeg: its stereo-to-mono matrix adds both
      // channels at -3 dB each, so a sound in both channels would come out 3 dB louder than in
      // a mono file, and the features would see another level.
      grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      try {
        // Opens the container and probes its streams; no sample is decoded into our buffers yet.
        grabber.start();
      } catch (FrameGrabber.Exception e) {
        throw new MediaException(
            ErrorCode.UNSUPPORTED_FORMAT,
            name + " is not a media file FFmpeg can open (" + e.getMessage() + ")",
            e);
      }
      if (!grabber.hasAudio()) {
        throw new MediaException(ErrorCode.UNSUPPORTED_FORMAT, name + " has no audio stream");
      }
      String format = Objects.toString(grabber.getFormat(), "unknown");
      String codec = Objects.toString(grabber.getAudioCodecName(), "unknown");
      AVCodecParameters params =
          grabber.getFormatContext().streams(grabber.getAudioStream()).codecpar();
      int sourceRate = params.sample_rate();
      int sourceChannels = Math.max(1, params.ch_layout().nb_channels());
      double declared = grabber.getLengthInTime() / 1e6;
      if (declared > limits.maxDurationSeconds()) {
        throw tooLong(name, declared, "declares");
      }
      long maxSamples = (long) Math.ceil(limits.maxDurationSeconds() * SAMPLE_RATE);
      float[] out = new float[(int) Math.min(maxSamples, Math.max(declared, 1) * SAMPLE_RATE + 1)];
      int n = 0;
      int empty = 0;
      while (true) {
        Frame frame;
        try {
          frame = grabber.grabSamples();
        } catch (FrameGrabber.Exception e) {
          if (n > 0) {
            throw new MediaException(
                ErrorCode.TRUNCATED,
                name + " breaks off after " + seconds(n) + " s of audio: " + e.getMessage(),
                e);
          }
          throw new MediaException(
              ErrorCode.CORRUPT, name + " cannot be decoded: " + e.getMessage(), e);
        }
        if (frame == null) {
          break;
        }
        if (frame.samples == null || frame.samples.length == 0) {
          if (++empty > MAX_EMPTY_GRABS) {
            break;
          }
          continue;
        }
        empty = 0;
        float[] mono = downmix(frame, sourceChannels);
        int count = mono.length;
        if (n + (long) count > maxSamples) {
          throw tooLong(name, (n + count) / (double) SAMPLE_RATE, "reaches");
        }
        if (n + count > out.length) {
          out =
              Arrays.copyOf(out, (int) Math.min(maxSamples, Math.max(n + count, 2L * out.length)));
        }
        System.arraycopy(mono, 0, out, n, count);
        n += count;
      }
      if (n == 0) {
        throw new MediaException(ErrorCode.CORRUPT, name + " has an audio stream with no samples");
      }
      float[] samples = Arrays.copyOf(out, n);
      for (int i = 0; i < n; i++) {
        float v = samples[i];
        // Float decoders (and the resampler's overshoot) can leave the [-1, 1] range slightly;
        // NaN from a corrupt stream becomes silence.
        samples[i] = v != v ? 0f : Math.max(-1f, Math.min(1f, v));
      }
      return new DecodedAudio(name, samples, format, codec, sourceRate, sourceChannels);
    } catch (FrameGrabber.Exception e) {
      // close() failing after a successful decode
      throw new MediaException(ErrorCode.CORRUPT, name + ": " + e.getMessage(), e);
    }
  }

  /** The mean of the channels of a frame of float samples, planar or interleaved. */
  private static float[] downmix(Frame frame, int sourceChannels) {
    Buffer[] planes = frame.samples;
    if (planes.length > 1) {
      int count = planes[0].remaining();
      float[] mono = new float[count];
      for (Buffer plane : planes) {
        FloatBuffer fb = floats(plane);
        for (int i = 0; i < count; i++) {
          mono[i] += fb.get(fb.position() + i) / planes.length;
        }
      }
      return mono;
    }
    FloatBuffer fb = floats(planes[0]);
    // Without setAudioChannels the resampler keeps the stream's channel count.
    int channels = sourceChannels;
    int count = fb.remaining() / channels;
    float[] mono = new float[count];
    int base = fb.position();
    for (int i = 0; i < count; i++) {
      float s = 0;
      for (int c = 0; c < channels; c++) {
        s += fb.get(base + i * channels + c);
      }
      mono[i] = s / channels;
    }
    return mono;
  }

  private static FloatBuffer floats(Buffer b) {
    if (!(b instanceof FloatBuffer fb)) {
      throw new IllegalStateException("FFmpeg returned " + b.getClass() + ", not floats");
    }
    return fb;
  }

  private MediaException tooLong(String name, double seconds, String how) {
    return new MediaException(
        ErrorCode.TOO_LONG,
        String.format(
            Locale.ROOT,
            "%s %s %.1f s of audio, more than the limit of %.1f s",
            name,
            how,
            seconds,
            limits.maxDurationSeconds()));
  }

  private static String seconds(long samples) {
    return String.format(Locale.ROOT, "%.2f", samples / (double) SAMPLE_RATE);
  }
}
