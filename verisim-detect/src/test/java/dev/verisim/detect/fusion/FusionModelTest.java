package dev.verisim.detect.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.ForensicDetector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionModelTest {
  @TempDir Path dir;

  private final FusionModel model =
      new FusionModel(
          new ModelInfo("m", "2"),
          List.of("a", "b"),
          new double[] {1, 2},
          new double[] {2, 4},
          new double[] {0.5, -1},
          0.25,
          1.5,
          -0.1,
          new UncertainBand(0.2, 0.7));

  @Test
  void probabilityIsPlattScaledLogit() {
    double[] x = {3, 6};
    double z = 0.25 + 0.5 * (3 - 1) / 2 - 1 * (6 - 2) / 4.0;
    assertEquals(z, model.logit(x), 1e-12);
    assertEquals(1 / (1 + Math.exp(-(1.5 * z - 0.1))), model.probability(x), 1e-12);
  }

  @Test
  void writeThenReadGivesTheSameModel() throws IOException {
    Path file = dir.resolve("sub/model.json");
    model.write(file);
    FusionModel back = FusionModel.read(file);
    assertEquals(model.info(), back.info());
    assertEquals(model.features(), back.features());
    assertArrayEquals(model.weights(), back.weights(), 0);
    assertEquals(model.band(), back.band());
    assertEquals(model.probability(new double[] {0, 0}), back.probability(new double[] {0, 0}));
  }

  @Test
  void aMissingFieldIsNamed() {
    String json =
        "{\"id\":\"m\",\"version\":\"1\",\"features\":[\"a\"],\"mean\":[0],"
            + "\"calibration\":{\"a\":1,\"b\":0}}";
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                FusionModel.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.json"));
    assertTrue(e.getMessage().contains("'scale'") && e.getMessage().contains("x.json"));
  }

  @Test
  void aMissingFeatureIsNamed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> model.vector(Map.of("a", 1.0)));
    assertTrue(e.getMessage().contains("'b'"));
  }

  @Test
  void theShippedModelLoadsAndUsesOnlyFeaturesTheDefaultCuesProduce() {
    FusionModel shipped = ForensicDetector.baselineFusion();
    List<String> produced =
        ForensicDetector.defaultCues().stream().flatMap(c -> c.featureNames().stream()).toList();
    assertTrue(
        produced.containsAll(shipped.features()), "shipped model needs " + shipped.features());
  }
}
