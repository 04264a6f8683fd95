package dev.verisim.detect.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Audio made at test time: tones, voice-like and buzz-like signals, written as WAV or encoded. */
final class AudioFixtures {
  private AudioFixtures() {}

  /** A sine of {@code hz} in every channel, amplitude 0.5: {@code [channel][sample]}. */
  static float[][] tone(double hz, double seconds, int rate, int channels) {
    int n = (int) Math.round(seconds * rate);
    float[][] out = new float[channels][n];
    for (int i = 0; i < n; i++) {
      float v = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
      for (int c = 0; c < channels; c++) {
        out[c][i] = v;
      }
    }
    return out;
  }

  /**
   * A voice-like signal: harmonics of a slowly wandering f0 (100-180 Hz) with a falling spectral
   * envelope, syllable-rate amplitude modulation and a little breath noise.
   */
  static float[] voiced(double seconds, int rate, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = (int) Math.round(seconds * rate);
    float[] out = new float[n];
    double phase = 0;
    double f0Base = 100 + 80 * rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      double f0 = f0Base * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
      phase += 2 * Math.PI * f0 / rate;
      double s = 0;
      for (int h = 1; h * f0 < rate / 2.0 && h <= 40; h++) {
        s += Math.sin(h * phase) / h;
      }
      double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
      out[i] = (float) (0.15 * env * s + 0.01 * (rnd.nextDouble() - 0.5));
    }
    return out;
  }

  /** A vocoder-like buzz: a flat-spectrum pulse train at a fixed f0, no noise, no modulation. */
  static float[] buzz(double seconds, int rate, double f0) {
    int n = (int) Math.round(seconds * rate);
    float[] out = new float[n];
    int period = (int) Math.round(rate / f0);
    for (int i = 0; i < n; i++) {
      out[i] = i % period == 0 ? 0.6f : (i % period == 1 ? -0.3f : 0f);
    }
    return out;
  }

  static float[] noise(double seconds, int rate, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] out = new float[(int) Math.round(seconds * rate)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (0.3 * (2 * rnd.nextDouble() - 1));
    }
    return out;
  }

  /** Writes 16-bit PCM WAV. */
  static Path writeWav(Path file, float[][] channels, int rate) throws IOException {
    int n = channels[0].length;
    int ch = channels.length;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n * ch).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + 2 * n * ch);
    b.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16);
    b.putShort((short) 1).putShort((short) ch).putInt(rate).putInt(rate * ch * 2);
    b.putShort((short) (ch * 2)).putShort((short) 16);
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(2 * n * ch);
    for (int i = 0; i < n; i++) {
      for (float[] c : channels) {
        b.putShort(pcm16(c[i]));
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.array());
    }
    return file;
  }

  static Path writeWav(Path file, float[] mono, int rate) throws IOException {
    return writeWav(file, new float[][] {mono}, rate);
  }

  /** Whether this FFmpeg build has an encoder of that name. */
  static boolean hasEncoder(String codec) {
    return avcodec.avcodec_find_encoder_by_name(codec) != null;
  }

  /**
   * Encodes audio with FFmpeg.
   *
   * @param format the container, for example "flac", "mp3", "ogg", "ipod" (m4a)
   * @param codec the encoder, for example "flac", "libmp3lame", "libvorbis", "libopus", "aac"
   */
  static Path encode(Path file, String format, String codec, float[][] channels, int rate)
      throws IOException {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), channels.length)) {
      r.setFormat(format);
      r.setAudioCodecName(codec);
      r.setSampleRate(rate);
      r.setAudioBitrate(96_000);
      r.start();
      r.recordSamples(rate, channels.length, interleaved(channels));
      r.stop();
    }
    return file;
  }

  /** An MP4 (MPEG-4 part 2 video, AAC audio) of a grey picture with the given sound track. */
  static Path encodeVideo(Path file, float[][] channels, int rate) throws IOException {
    double seconds = channels[0].length / (double) rate;
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 64, 48, channels.length)) {
      r.setFormat("mp4");
      r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      r.setFrameRate(10);
      r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      r.setAudioCodecName("aac");
      r.setSampleRate(rate);
      r.setAudioBitrate(96_000);
      r.start();
      int frames = (int) Math.ceil(seconds * 10);
      int perFrame = rate / 10;
      for (int f = 0; f < frames; f++) {
        Frame picture = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
        ByteBuffer px = (ByteBuffer) picture.image[0];
        for (int i = 0; i < px.capacity(); i++) {
          px.put(i, (byte) 128);
        }
        r.record(picture, avutil.AV_PIX_FMT_BGR24);
        int from = f * perFrame;
        int to = Math.min(channels[0].length, from + perFrame);
        if (to > from) {
          float[][] part = new float[channels.length][];
          for (int c = 0; c < channels.length; c++) {
            part[c] = java.util.Arrays.copyOfRange(channels[c], from, to);
          }
          r.recordSamples(rate, channels.length, interleaved(part));
        }
      }
      r.stop();
    }
    return file;
  }

  private static ShortBuffer interleaved(float[][] channels) {
    int n = channels[0].length;
    ShortBuffer s = ShortBuffer.allocate(n * channels.length);
    for (int i = 0; i < n; i++) {
      for (float[] c : channels) {
        s.put(pcm16(c[i]));
      }
    }
    s.flip();
    return s;
  }

  private static short pcm16(float v) {
    return (short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767);
  }

  /** The frequency of the largest peak of a signal's spectrum, by a plain DFT scan. */
  static double peakHz(float[] x, int rate, double fromHz, double toHz) {
    int n = Math.min(x.length, rate); // one second is enough
    int start = (x.length - n) / 2;
    double best = 0;
    double bestHz = 0;
    for (double f = fromHz; f <= toHz; f += 1) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < n; i++) {
        double a = 2 * Math.PI * f * i / rate;
        re += x[start + i] * Math.cos(a);
        im += x[start + i] * Math.sin(a);
      }
      double p = re * re + im * im;
      if (p > best) {
        best = p;
        bestHz = f;
      }
    }
    return bestHz;
  }
}
