package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JPEG saved at 60 then at 90 shows comb-shaped coefficient histograms; one saved once not. */
class JpegDoubleCompressionTest {
  private final JpegCue cue = new JpegCue();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void savedTwiceScoresClearlyHigherThanSavedOnce(long seed) {
    BufferedImage texture = SyntheticImages.naturalTexture(512, 384, seed);
    byte[] once = ImageFiles.jpeg(texture, 0.9f);
    byte[] twice = ImageFiles.jpeg(ImageFiles.decode(ImageFiles.jpeg(texture, 0.6f)), 0.9f);
    CueEvidence single = cue.analyse(CueImages.jpegBytes(once));
    CueEvidence dbl = cue.analyse(CueImages.jpegBytes(twice));
    double a = single.features().get(JpegCue.DOUBLE_COMPRESSION);
    double b = dbl.features().get(JpegCue.DOUBLE_COMPRESSION);
    // Measured: once about 0.02, twice about 0.92.
    assertTrue(a < 0.2, "once " + a);
    assertTrue(b > a + 0.5, "twice " + b + " once " + a);
    assertTrue(dbl.score() > single.score() + 0.5);
    assertTrue(dbl.explanation().contains("saved before"), dbl.explanation());
  }

  @Test
  void rotatedPhotoSkipsTheCheckAndSaysSo() {
    BufferedImage texture = SyntheticImages.naturalTexture(256, 256, 9);
    byte[] twice = ImageFiles.jpeg(ImageFiles.decode(ImageFiles.jpeg(texture, 0.6f)), 0.9f);
    CueEvidence evidence = cue.analyse(CueImages.jpegBytes(twice, 6));
    assertEquals(0.0, evidence.features().get(JpegCue.DOUBLE_COMPRESSION));
    assertTrue(evidence.explanation().contains("skipped"), evidence.explanation());
  }
}
