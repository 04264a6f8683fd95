package dev.verisim.detect.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny, seeded fit end to end: reproducible, honest about what it measured. */
class FusionFitterTest {
  @TempDir static Path data;

  /** Reals: noisy textures; fakes: the same kind of texture generated at half size, upsampled. */
  @BeforeAll
  static void writeDataset() throws IOException {
    Files.createDirectories(data.resolve("set/real"));
    Files.createDirectories(data.resolve("set/fake"));
    for (int i = 0; i < 30; i++) {
      var real = SyntheticImages.withNoise(SyntheticImages.naturalTexture(128, 128, i), 2, i);
      Files.write(data.resolve("set/real/" + i + ".png"), ImageFiles.encode(real, "png"));
      var small = SyntheticImages.withNoise(SyntheticImages.naturalTexture(64, 64, 100 + i), 2, i);
      var fake = SyntheticImages.upsampled(small, 2, SyntheticImages.Interpolation.BILINEAR);
      Files.write(data.resolve("set/fake/" + i + ".png"), ImageFiles.encode(fake, "png"));
    }
  }

  private static FusionFitter.Result fit(Set<String> drop) throws Exception {
    FusionFitter fitter = new FusionFitter(new FusionFitter.Config(3, 1.0, 2, 0.5, drop));
    return fitter.fit(LabelledDataset.scan(data), new ModelInfo("t", "1"), Progress.NONE);
  }

  @Test
  void theSameSeedAndDataGiveTheSameModelAndTheProvenanceSaysHowItWasMade() throws Exception {
    FusionFitter.Result a = fit(Set.of("spectrum.hf_slope"));
    FusionFitter.Result b = fit(Set.of("spectrum.hf_slope"));
    assertArrayEquals(a.model().weights(), b.model().weights(), 0.0);
    assertEquals(a.model().plattA(), b.model().plattA(), 0.0);
    assertFalse(a.model().features().contains("spectrum.hf_slope"));
    assertTrue(a.model().features().contains("spectrum.peak_ratio"));

    JsonNode p = a.provenance();
    assertEquals(60, p.get("data").get("files").asInt());
    assertEquals(64, p.get("data").get("sha256").asText().length());
    assertEquals(3, p.get("config").get("seed").asInt());
    assertTrue(p.get("splits").get("synthetic_forgeries").asInt() > 0);
    assertEquals(
        p.get("splits").get("test").asInt(),
        p.get("metrics").get("test_original").get("n").asInt());
    assertTrue(p.get("metrics").has("test_social_256px_q75"));
  }

  @Test
  void upsampledTexturesAreToldFromNaturalOnesOnHeldOutData() throws Exception {
    FusionFitter.Result r = fit(Set.of());
    double auc = r.provenance().get("metrics").get("test_original").get("auc").asDouble();
    assertTrue(auc > 0.8, "held-out AUC on upsampled vs natural textures: " + auc);
  }
}
