package dev.verisim.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.core.data.LabelledDataset;
import dev.verisim.eval.EvalReport.RobustnessRow;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each degradation makes one row, and the detector sees only that degradation. */
class RobustnessTest {
  @TempDir Path dir;

  @Test
  void oneRowPerConditionFromInMemoryCopies() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("set/real"));
    Files.createDirectories(dir.resolve("set/fake"));
    Files.write(
        dir.resolve("set/real/a.png"),
        ImageFiles.encode(SyntheticImages.naturalTexture(64, 48, 1), "png"));
    Files.write(
        dir.resolve("set/fake/b.png"),
        ImageFiles.encode(SyntheticImages.naturalTexture(64, 48, 2), "png"));
    Files.write(dir.resolve("set/fake/broken.png"), new byte[] {1, 2, 3});
    LabelledDataset data = LabelledDataset.scan(dir);
    StubDetector stub = new StubDetector(Map.of());

    List<RobustnessRow> rows =
        Evaluation.builder()
            .setDetector(stub)
            .optThreads(2)
            .build()
            .robustness(data, Degradation.standard());

    assertEquals(
        List.of(
            "social-256px-q75",
            "jpeg-q30",
            "jpeg-q50",
            "jpeg-q70",
            "jpeg-q90",
            "downscale-0.5",
            "downscale-0.25",
            "blur-r2",
            "noise-s5"),
        rows.stream().map(RobustnessRow::condition).toList());
    for (RobustnessRow row : rows) {
      assertEquals(3, row.n());
      assertEquals(1, row.errors(), "the undecodable file is an error in every row");
      // The stub says 0.5 for everything: no ranking, and "real" is right for one of two.
      assertEquals(0.5, row.auc(), 1e-12);
      assertEquals(0.5, row.accuracy(), 1e-12);
    }
    assertEquals(2 * 9, stub.bytes.size(), "two decodable files, nine copies each");
    for (byte[] copy : stub.bytes) {
      BufferedImage img = ImageFiles.decode(copy);
      boolean jpeg = (copy[0] & 0xFF) == 0xFF && (copy[1] & 0xFF) == 0xD8;
      boolean png = (copy[0] & 0xFF) == 0x89 && copy[1] == 'P';
      assertTrue(jpeg || png);
      if (jpeg) {
        assertTrue(
            img.getWidth() == 64 || img.getWidth() == 256,
            "JPEG copies keep their size, but for the social copy's 256 px");
      } else {
        assertTrue(
            img.getWidth() == 64 || img.getWidth() == 32 || img.getWidth() == 16,
            "PNG copies are lossless and only rescaled by their own degradation");
      }
    }
    assertTrue(stub.names.stream().anyMatch(n -> n.equals("set/real/a.png#downscale-0.25")));
    long quarter = stub.bytes.stream().filter(b -> ImageFiles.decode(b).getWidth() == 16).count();
    assertEquals(2, quarter, "downscale-0.25 quarters each image");
    long social = stub.bytes.stream().filter(b -> ImageFiles.decode(b).getWidth() == 256).count();
    assertEquals(2, social, "the social copy resizes each image to 256 px");
  }
}
