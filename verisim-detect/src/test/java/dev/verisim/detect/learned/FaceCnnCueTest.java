package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.Progress;
import dev.verisim.core.media.Degradations;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.FaceRegion;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictJson;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.ModelFolder;
import dev.verisim.detect.fusion.FusionModel;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learned cue on faces: every face scored, the worst decides, boxes and occlusion maps. */
class FaceCnnCueTest {
  @TempDir static Path run;

  @BeforeAll
  static void train() throws IOException {
    CnnConfig config =
        TinyData.config()
            .optInputSize(32)
            .optWidths(List.of(8, 16))
            .optEpochs(1)
            .optFaceCrop(true)
            .build();
    new CnnTrainer(config, new ModelInfo("tiny-face-cnn", "0.1"))
        .train(TinyData.examples(8, 48, 9000), "tiny-8", run, Progress.NONE);
  }

  private static BufferedImage twoFaces() {
    BufferedImage image = SyntheticFaces.backdrop(480, 240);
    SyntheticFaces.drawFace(image, 360, 120, 90);
    SyntheticFaces.drawFace(image, 120, 120, 110);
    return SyntheticFaces.soften(image);
  }

  @Test
  void everyFaceIsScoredAndTheMostSuspiciousDecides() throws IOException {
    try (FaceCnnCue cue = FaceCnnCue.load(run, false)) {
      CueEvidence e = cue.analyse(twoFaces());
      List<FaceRegion> faces = e.faces();
      assertEquals(2, faces.size(), faces.toString());
      assertTrue(faces.get(0).pFake() >= faces.get(1).pFake(), faces.toString());
      assertEquals(faces.get(0).pFake(), e.score(), 1e-12);
      assertEquals(
          Calibration.probability(e.features().get(FaceCnnCue.LOGIT), 1.0), e.score(), 1e-12);
      // Each box sits on one of the drawn faces, and the two are different faces.
      List<Rectangle2D> drawn =
          List.of(
              SyntheticFaces.faceBounds(120, 120, 110), SyntheticFaces.faceBounds(360, 120, 90));
      List<Integer> matched = new ArrayList<>();
      for (FaceRegion f : faces) {
        assertFalse(f.wholeImage());
        for (int i = 0; i < drawn.size(); i++) {
          if (drawn.get(i).contains(f.x() + f.width() / 2.0, f.y() + f.height() / 2.0)) {
            matched.add(i);
          }
        }
      }
      assertEquals(2, matched.stream().distinct().count(), faces.toString());
      assertTrue(e.heatmap().isEmpty(), "no heatmap unless asked for");
      assertTrue(e.explanation().startsWith("Of 2 faces"), e.explanation());
    }
  }

  @Test
  void withoutAFaceTheCentreSquareIsJudgedAndSaidSo() throws IOException {
    try (FaceCnnCue cue = FaceCnnCue.load(run, false)) {
      CueEvidence e = cue.analyse(SyntheticImages.naturalTexture(200, 100, 5));
      assertEquals(1, e.faces().size());
      FaceRegion f = e.faces().get(0);
      assertTrue(f.wholeImage());
      assertEquals(List.of(50, 0, 100, 100), List.of(f.x(), f.y(), f.width(), f.height()));
      assertTrue(e.explanation().startsWith("No face was found"), e.explanation());
      // Neutral for the fusion: a face network's view of a faceless picture is not evidence.
      assertEquals(0.0, e.features().get(FaceCnnCue.LOGIT));
      assertEquals(0.5, e.score());
      assertTrue(f.pFake() >= 0 && f.pFake() <= 1, "the centre square's own score is kept");
    }
  }

  @Test
  void theOcclusionMapLiesOnTheDecidingFace() throws IOException {
    try (FaceCnnCue cue = FaceCnnCue.load(run, true)) {
      BufferedImage image = twoFaces();
      CueEvidence e = cue.analyse(image);
      Heatmap h = e.heatmap().orElseThrow();
      assertEquals(FaceCnnCue.HEATMAP_COLUMNS, h.width());
      assertEquals(FaceCnnCue.HEATMAP_COLUMNS / 2, h.height());
      FaceRegion top = e.faces().get(0);
      float max = 0;
      for (int y = 0; y < h.height(); y++) {
        for (int x = 0; x < h.width(); x++) {
          float v = h.at(x, y);
          assertTrue(v >= 0 && v <= 1, "value " + v);
          max = Math.max(max, v);
          double px = (x + 0.5) * image.getWidth() / h.width();
          double py = (y + 0.5) * image.getHeight() / h.height();
          // Cells far from the deciding face (beyond its crop margin) stay cold.
          double cx = top.x() + top.width() / 2.0;
          if (Math.abs(px - cx) > top.width()) {
            assertEquals(0f, v, "cell " + x + "," + y + " is outside the deciding face's crop");
          }
          assertTrue(py >= 0);
        }
      }
      // Some occluded cell lowers the logit, unless the network ignores the image entirely.
      assertEquals(1f, max, "the map is normalised to its hottest cell");
    }
  }

  @Test
  void aModelFolderPairsTheFusionWithItsNetwork(@TempDir Path folder) throws Exception {
    List<String> features = new ArrayList<>();
    ForensicDetector.defaultCues().forEach(c -> features.addAll(c.featureNames()));
    features.add(FaceCnnCue.LOGIT);
    int d = features.size();
    double[] weights = new double[d];
    weights[d - 1] = 1.0; // only the network counts
    double[] ones = new double[d];
    java.util.Arrays.fill(ones, 1.0);
    new FusionModel(
            new ModelInfo("tiny-fused", "0.1"),
            features,
            new double[d],
            ones,
            weights,
            0.0,
            1.0,
            0.0,
            new UncertainBand(0.4, 0.6))
        .write(folder.resolve("model.json"));
    IOException missing = assertThrows(IOException.class, () -> ModelFolder.load(folder, false));
    assertTrue(missing.getMessage().contains("detector.json"), missing.getMessage());

    copyTree(run, folder.resolve(ModelFolder.CNN_FOLDER));
    ModelFolder.Loaded loaded = ModelFolder.load(folder.resolve("model.json"), false);
    assertEquals("cnn", loaded.cues().get(loaded.cues().size() - 1).name());
    try (ForensicDetector detector =
        ForensicDetector.builder().setFusion(loaded.fusion()).optCues(loaded.cues()).build()) {
      assertEquals(new UncertainBand(0.4, 0.6), detector.band(), "the model's own band");
      byte[] png = Degradations.png(twoFaces());
      Verdict v = detector.detect(png, "two-faces.png");
      double logit = v.cue("cnn").orElseThrow().features().get(FaceCnnCue.LOGIT);
      // Clipped at 3 standard deviations, like every fused feature.
      assertEquals(
          Calibration.probability(Math.max(-3, Math.min(3, logit)), 1.0),
          v.pFake().getAsDouble(),
          1e-9);
      String json = VerdictJson.toLine(v, false);
      assertTrue(json.contains("\"faces\":[{\"box\":["), json);
      // The same image decoded by the detector and by hand gives the same face boxes.
      BufferedImage decoded =
          new ImageDecoder(ImageLimits.DEFAULT).decode(png, "two-faces.png").rgb();
      try (FaceCnnCue cue = FaceCnnCue.load(run, false)) {
        assertEquals(cue.analyse(decoded).faces(), v.cue("cnn").orElseThrow().faces());
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
