package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim arena}: a tiny run and a continued one end to end, and clear usage errors. */
class ArenaCommandTest {
  @TempDir Path dir;

  private static Path reals(Path folder, int n) throws Exception {
    Files.createDirectories(folder);
    for (int i = 0; i < n; i++) {
      BufferedImage img =
          i % 2 == 0
              ? SyntheticFaces.portrait(40, 40, 20 + i % 7)
              : SyntheticImages.naturalTexture(40, 40, 100 + i);
      ImageIO.write(
          img, "png", folder.resolve(String.format(Locale.ROOT, "r%03d.png", i)).toFile());
    }
    return folder;
  }

  /** The tiny settings every run here uses; {@code extra} options are added. */
  private static String[] arena(Path real, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "arena",
                "--real",
                real.toString(),
                "--out",
                out.toString(),
                "--crop",
                "centre",
                "--width",
                "8",
                "--latent",
                "16",
                "--batch",
                "8",
                "--gan-steps",
                "4",
                "--detector-steps",
                "6",
                "--detector-width",
                "4",
                "--detector-batch",
                "8",
                "--fakes",
                "8",
                "--eval-fakes",
                "8",
                "--held-out",
                "0.25",
                "--launder",
                "jpeg:50,noise:5",
                "--ema-half-life",
                "64",
                "--log-every",
                "2"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void playsContinuesAndRefusesAnotherArenasFolder() throws Exception {
    Path real = reals(dir.resolve("real"), 24);
    Path out = dir.resolve("arena");
    Run first = run(arena(real, out, "--rounds", "1"));
    assertEquals(ExitCodes.OK, first.code(), first.err());
    assertTrue(first.out().startsWith("ROUND\tAUC_BEFORE\tAUC_AFTER"), first.out());
    Path round1 = out.resolve("round-01").resolve("round.json");
    byte[] round1Bytes = Files.readAllBytes(round1);
    FileTime stamp = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(round1, stamp);
    Run second = run(arena(real, out, "--rounds", "2"));
    assertEquals(ExitCodes.OK, second.code(), second.err());
    assertEquals(stamp, Files.getLastModifiedTime(round1), "round 1 is not played again");
    assertArrayEquals(round1Bytes, Files.readAllBytes(round1));
    String[] lines = second.out().split("\n");
    assertTrue(lines[1].startsWith("1\t-\t"), lines[1]);
    assertTrue(lines[2].startsWith("2\t"), lines[2]);
    JsonNode json = new ObjectMapper().readTree(out.resolve("arena.json").toFile());
    assertEquals(2, json.path("rounds").size());
    assertTrue(json.path("command").asText().startsWith("verisim arena --real"));
    assertTrue(Files.exists(out.resolve("report.html")));

    Run other = run(arena(real, out, "--rounds", "2", "--seed", "9"));
    assertEquals(ExitCodes.USAGE, other.code(), other.err());
    assertTrue(other.err().contains("other settings"), other.err());
  }

  @Test
  void badInputIsAUsageError() throws Exception {
    Path out = dir.resolve("arena");
    Run missing = run(arena(dir.resolve("nowhere"), out, "--rounds", "1"));
    assertEquals(ExitCodes.USAGE, missing.code(), missing.err());
    assertTrue(missing.err().contains("--real"), missing.err());
    assertTrue(missing.err().contains("does not exist"), missing.err());

    Path few = reals(dir.resolve("few"), 5);
    Run tooFew = run(arena(few, out, "--rounds", "1"));
    assertEquals(ExitCodes.USAGE, tooFew.code(), tooFew.err());
    assertTrue(tooFew.err().contains("at least 20 usable real images"), tooFew.err());
    assertTrue(tooFew.err().contains("has 5"), tooFew.err());

    Run zero = run(arena(few, out, "--rounds", "0"));
    assertEquals(ExitCodes.USAGE, zero.code(), zero.err());
    assertTrue(zero.err().contains("--rounds must be at least 1, got 0"), zero.err());

    Run launder = run(arena(few, out, "--rounds", "1", "--launder", "sharpen:1"));
    assertEquals(ExitCodes.USAGE, launder.code(), launder.err());
    assertTrue(launder.err().contains("sharpen:1"), launder.err());

    Run size = run(arena(few, out, "--rounds", "1", "--size", "48"));
    assertEquals(ExitCodes.USAGE, size.code(), size.err());
    assertTrue(size.err().contains("--size must be 32 or 64"), size.err());
    assertFalse(Files.exists(out.resolve("arena.json")), "nothing written on a usage error");
  }
}
