package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line's conventions: help, version, completion, usage errors exit 2. */
class CommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void versionNamesVerisimAndJava() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("verisim "), out.toString());
    assertTrue(out.toString().contains("Java "));
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {
          {"--help"}, {"detect", "--help"}, {"fusion", "fit", "--help"}, {"eval", "--help"}
        }) {
      out.getBuffer().setLength(0);
      assertEquals(0, run(args), String.join(" ", args));
      assertTrue(out.toString().contains("Usage:"), out.toString());
    }
  }

  @Test
  void noCommandUnknownOptionAndBadValuesAreUsageErrors() {
    assertEquals(ExitCodes.USAGE, run());
    assertEquals(ExitCodes.USAGE, run("detect"));
    assertEquals(ExitCodes.USAGE, run("detect", "--bogus", "x.jpg"));
    assertEquals(ExitCodes.USAGE, run("detect", "--uncertain-band", "0.9,0.1", "x.jpg"));
    assertTrue(err.toString().contains("0.9"), err.toString());
    assertEquals(ExitCodes.USAGE, run("detect", "--max-pixels", "0", "x.jpg"));
    assertEquals(ExitCodes.USAGE, run("detect", "--model", "/no/such/model.json", "x.jpg"));
    assertTrue(err.toString().contains("/no/such/model.json"), err.toString());
    assertEquals(ExitCodes.USAGE, run("detect", "--report", "/no/such/dir/report.html", "x.jpg"));
    assertTrue(err.toString().contains("/no/such/dir/report.html"), err.toString());
  }

  @Test
  void completionScriptIsGenerated() {
    assertEquals(0, run("generate-completion"));
    assertTrue(out.toString().contains("complete -F"), "a bash completion script");
    assertTrue(out.toString().contains("detect"));
  }
}
