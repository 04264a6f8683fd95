package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A region pasted from a coarsely compressed source into a finely compressed image re-saves
 * differently from the rest, and the error-level heatmap points at it.
 */
class JpegErrorLevelTest {
  private static final int W = 512;
  private static final int H = 384;
  // Block-aligned, about 1/9 of the area.
  private static final int RX = 192;
  private static final int RY = 128;
  private static final int RW = 160;
  private static final int RH = 128;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void pastedCellsStandOutInTheHeatmap(long seed) {
    BufferedImage a =
        ImageFiles.decode(ImageFiles.jpeg(SyntheticImages.naturalTexture(W, H, seed), 0.95f));
    BufferedImage b =
        ImageFiles.decode(ImageFiles.jpeg(SyntheticImages.naturalTexture(W, H, seed + 50), 0.5f));
    BufferedImage spliced = SyntheticImages.paste(a, b, RX, RY, RW, RH);
    CueEvidence forged = new JpegCue().analyse(CueImages.jpeg(spliced, 0.95f));
    CueEvidence plain = new JpegCue().analyse(CueImages.jpeg(a, 0.95f));

    Heatmap map = forged.heatmap().orElseThrow();
    double inside = 0;
    double outside = 0;
    int nInside = 0;
    int nOutside = 0;
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        if (CueImages.cellCentreInside(map, x, y, W, H, RX, RY, RW, RH)) {
          inside += map.at(x, y);
          nInside++;
        } else {
          outside += map.at(x, y);
          nOutside++;
        }
      }
    }
    inside /= nInside;
    outside /= nOutside;
    // Measured: inside 1.0, outside 0.04. The pasted cells change much less on re-saving (mean
    // 0.13 vs 2.1-2.7 grey levels): the q50 source has lost the detail a q90 save would alter.
    assertTrue(inside > outside + 0.5, "inside " + inside + " outside " + outside);
    double spreadForged = forged.features().get(JpegCue.ELA_SPREAD);
    double spreadPlain = plain.features().get(JpegCue.ELA_SPREAD);
    assertTrue(spreadForged > spreadPlain + 1.0, spreadForged + " vs " + spreadPlain);
    assertTrue(forged.score() > 0.7 && plain.score() < 0.3, forged.score() + " " + plain.score());
  }
}
