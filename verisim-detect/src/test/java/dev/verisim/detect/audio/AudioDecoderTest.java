package dev.verisim.detect.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioDecoderTest {
  @TempDir Path dir;

  private final AudioDecoder decoder = new AudioDecoder(AudioLimits.DEFAULT);

  private void assertToneAt16k(DecodedAudio a, double seconds, double hz, double lengthTolerance) {
    assertEquals(AudioDecoder.SAMPLE_RATE * seconds, a.samples().length, lengthTolerance);
    assertEquals(hz, AudioFixtures.peakHz(a.samples(), AudioDecoder.SAMPLE_RATE, 100, 2000), 2.0);
    double energy = 0;
    for (float v : a.samples()) {
      energy += v * v;
    }
    double rms = Math.sqrt(energy / a.samples().length);
    assertEquals(0.5 / Math.sqrt(2), rms, 0.03, "a 0.5 sine in both channels stays one");
  }

  @Test
  void wavAt44kStereoBecomes16kMonoWithItsPitch() throws Exception {
    Path wav =
        AudioFixtures.writeWav(dir.resolve("a.wav"), AudioFixtures.tone(440, 2, 44_100, 2), 44_100);
    DecodedAudio a = decoder.decode(wav, "a.wav");
    assertEquals(44_100, a.sourceSampleRate());
    assertEquals(2, a.sourceChannels());
    assertToneAt16k(a, 2, 440, 16);
  }

  @ParameterizedTest(name = "{0}/{1} at {2} Hz")
  @CsvSource({
    "flac, flac, 48000, flac",
    "mp3, libmp3lame, 44100, mp3",
    "ogg, libvorbis, 44100, ogg",
    "ogg, vorbis, 44100, oga",
    "ogg, libopus, 48000, opus",
    "ipod, aac, 48000, m4a",
    "matroska, flac, 48000, mka",
  })
  void encodedFormatsDecodeTo16kMono(String format, String codec, int rate, String ext)
      throws Exception {
    Assumptions.assumeTrue(
        AudioFixtures.hasEncoder(codec), "this FFmpeg build has no " + codec + " encoder");
    Path file =
        AudioFixtures.encode(
            dir.resolve("a." + ext), format, codec, AudioFixtures.tone(660, 2, rate, 2), rate);
    DecodedAudio a = decoder.decode(file, file.getFileName().toString());
    // Lossy encoders add priming samples and pad the last frame.
    assertToneAt16k(a, 2, 660, 0.06 * AudioDecoder.SAMPLE_RATE);
  }

  @Test
  void theAudioTrackOfAVideo() throws Exception {
    Path mp4 =
        AudioFixtures.encodeVideo(
            dir.resolve("v.mp4"), AudioFixtures.tone(330, 2, 48_000, 2), 48_000);
    DecodedAudio a = decoder.decode(mp4, "v.mp4");
    assertToneAt16k(a, 2, 330, 0.06 * AudioDecoder.SAMPLE_RATE);
  }

  @Test
  void bytesDecodeLikeTheFile() throws Exception {
    Path wav =
        AudioFixtures.writeWav(dir.resolve("b.wav"), AudioFixtures.tone(500, 1, 16_000, 1), 16_000);
    DecodedAudio fromFile = decoder.decode(wav, "b.wav");
    DecodedAudio fromBytes = decoder.decode(Files.readAllBytes(wav), "b.wav");
    assertTrue(Arrays.equals(fromFile.samples(), fromBytes.samples()));
  }

  @Test
  void tooLongIsRefusedFromTheHeader() throws Exception {
    Path wav =
        AudioFixtures.writeWav(dir.resolve("long.wav"), AudioFixtures.tone(440, 3, 8000, 1), 8000);
    AudioDecoder strict = new AudioDecoder(new AudioLimits(1 << 20, 1.0));
    MediaException e = assertThrows(MediaException.class, () -> strict.decode(wav, "long.wav"));
    assertEquals(ErrorCode.TOO_LONG, e.code());
    assertTrue(e.getMessage().contains("declares"), e.getMessage());
  }

  @Test
  void tooManyBytesIsRefusedBeforeOpening() throws Exception {
    Path wav =
        AudioFixtures.writeWav(dir.resolve("big.wav"), AudioFixtures.tone(440, 1, 8000, 1), 8000);
    AudioDecoder strict = new AudioDecoder(new AudioLimits(1000, 600));
    assertEquals(
        ErrorCode.TOO_MANY_BYTES,
        assertThrows(MediaException.class, () -> strict.decode(wav, "big.wav")).code());
  }

  @Test
  void emptyMissingAndGarbageAreErrorsPromptly() throws Exception {
    Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
    assertEquals(
        ErrorCode.EMPTY,
        assertThrows(MediaException.class, () -> decoder.decode(empty, "empty.wav")).code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(MediaException.class, () -> decoder.decode(dir.resolve("no.wav"), "no"))
            .code());
    byte[] garbage = new byte[50_000];
    new SplittableRandom(3).nextBytes(garbage);
    Path junk = Files.write(dir.resolve("junk.mp3"), garbage);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          MediaException e =
              assertThrows(MediaException.class, () -> decoder.decode(junk, "junk.mp3"));
          assertTrue(
              e.code() == ErrorCode.UNSUPPORTED_FORMAT || e.code() == ErrorCode.CORRUPT,
              e.code() + ": " + e.getMessage());
        });
  }

  @Test
  void aTruncatedFileDecodesWhatIsThereOrFailsPromptly() throws Exception {
    Assumptions.assumeTrue(AudioFixtures.hasEncoder("flac"), "no flac encoder");
    Path flac =
        AudioFixtures.encode(
            dir.resolve("t.flac"), "flac", "flac", AudioFixtures.tone(440, 3, 16_000, 1), 16_000);
    byte[] all = Files.readAllBytes(flac);
    Path cut = Files.write(dir.resolve("cut.flac"), Arrays.copyOf(all, all.length / 2));
    // A header-only stub: the container opens, the stream has nothing.
    Path stub = Files.write(dir.resolve("stub.flac"), Arrays.copyOf(all, 60));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          DecodedAudio half = decoder.decode(cut, "cut.flac");
          assertTrue(half.durationSeconds() > 0.5 && half.durationSeconds() < 2.0);
          MediaException e =
              assertThrows(MediaException.class, () -> decoder.decode(stub, "stub.flac"));
          assertTrue(e.code() != ErrorCode.INTERNAL, e.getMessage());
        });
  }

  @Test
  void aFileWithoutAudioIsUnsupported() throws Exception {
    Path png = dir.resolve("x.png");
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        png.toFile());
    MediaException e = assertThrows(MediaException.class, () -> decoder.decode(png, "x.png"));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code(), e.getMessage());
  }
}
