package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every cue on awkward inputs (tiny, odd-sized, flat, pure noise, JPEG and PNG labelled, bytes that
 * are not what the label says): scores in [0,1], exactly the declared features, all finite.
 */
class CueBlastTest {
  private static final long SEED = 20260611L;
  private static final int[][] SIZES = {{1, 1}, {7, 13}, {8, 8}, {33, 200}, {600, 400}};
  private static final List<Cue> CUES = List.of(new SpectrumCue(), new JpegCue(), new NoiseCue());

  @Test
  void everyCueStaysSaneOnAwkwardInputs() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int[] size : SIZES) {
      int w = size[0];
      int h = size[1];
      long seed = random.nextLong();
      BufferedImage[] images = {
        SyntheticImages.constant(w, h, random.nextInt(256)),
        SyntheticImages.constant(w, h, 0),
        SyntheticImages.constant(w, h, 255),
        SyntheticImages.randomPixels(w, h, seed),
        SyntheticImages.naturalTexture(w, h, seed)
      };
      for (BufferedImage image : images) {
        byte[] jpegBytes = ImageFiles.jpeg(image, 0.3f + 0.7f * (float) random.nextDouble());
        List<StillImage> inputs =
            List.of(
                still(MediaFormat.PNG, ImageFiles.encode(image, "png"), image, 1),
                still(MediaFormat.JPEG, jpegBytes, ImageFiles.decode(jpegBytes), 1),
                still(MediaFormat.JPEG, jpegBytes, ImageFiles.decode(jpegBytes), 8),
                // Labelled JPEG but the bytes are not: the parser must not throw.
                still(MediaFormat.JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8, 1}, image, 1));
        for (StillImage input : inputs) {
          CueInput cueInput = new CueInput(input);
          for (Cue cue : CUES) {
            String where =
                cue.name() + " on " + w + "x" + h + " " + input.format() + " seed " + SEED;
            CueEvidence evidence = cue.analyse(cueInput);
            check(cue, evidence, where);
          }
        }
      }
    }
  }

  private static void check(Cue cue, CueEvidence evidence, String where) {
    assertEquals(cue.name(), evidence.name(), where);
    assertTrue(
        evidence.score() >= 0 && evidence.score() <= 1, where + " score " + evidence.score());
    assertFalse(evidence.explanation().isBlank(), where);
    Map<String, Double> features = evidence.features();
    assertEquals(new HashSet<>(cue.featureNames()), features.keySet(), where);
    for (Map.Entry<String, Double> feature : features.entrySet()) {
      assertTrue(Double.isFinite(feature.getValue()), where + " " + feature);
    }
    if (evidence.heatmap().isPresent()) {
      Heatmap map = evidence.heatmap().get();
      for (float v : map.values()) {
        assertTrue(v >= 0 && v <= 1, where + " heatmap value " + v);
      }
    }
  }

  private static StillImage still(
      MediaFormat format, byte[] bytes, BufferedImage pixels, int orientation) {
    return new StillImage(
        "blast", format, bytes, ImageFiles.toRgb(pixels), orientation, "8-bit RGB");
  }
}
