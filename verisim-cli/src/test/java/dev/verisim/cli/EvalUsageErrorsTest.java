package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets eval cannot measure are usage errors (exit 2) that say why, before any work. */
class EvalUsageErrorsTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void missingFolder() {
    assertEquals(ExitCodes.USAGE, run("eval", "--data", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("nope"), err.toString());
  }

  @Test
  void noLabelledImages() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "no folders named real or fake");
    assertEquals(ExitCodes.USAGE, run("eval", "--data", dir.toString()));
    assertTrue(err.toString().contains("no labelled images"), err.toString());
  }

  @Test
  void oneClassOnly() throws IOException {
    EvalData.write(dir, "s", 2);
    try (var files = Files.list(dir.resolve("s/fake"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    assertEquals(ExitCodes.USAGE, run("eval", "--data", dir.toString()));
    assertTrue(err.toString().contains("both real and fake"), err.toString());
    assertEquals("", out.toString(), "nothing on stdout");
  }

  @Test
  void missingDataOrBadValues() throws IOException {
    assertEquals(ExitCodes.USAGE, run("eval"));
    EvalData.write(dir, "s", 1);
    assertEquals(ExitCodes.USAGE, run("eval", "--data", dir.toString(), "--limit", "0"));
    assertEquals(
        ExitCodes.USAGE, run("eval", "--data", dir.toString(), "--uncertain-band", "0.9,0.1"));
    assertEquals(
        ExitCodes.USAGE, run("eval", "--data", dir.toString(), "--report", "/no/such/dir/r.html"));
  }
}
