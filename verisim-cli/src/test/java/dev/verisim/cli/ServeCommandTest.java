package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.cli.GanFixtures.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim serve}'s options; serving itself is {@link ServeKillTest}. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void helpNamesTheOptions() {
    Run help = run("serve", "--help");
    assertEquals(ExitCodes.OK, help.code());
    for (String option :
        new String[] {
          "--port", "--data-dir", "--max-upload-bytes", "--queue", "--workers", "--job-timeout"
        }) {
      assertTrue(help.out().contains(option), option + " in " + help.out());
    }
  }

  @Test
  void badValuesAreUsageErrors() {
    String data = dir.toString();
    for (String[] args :
        new String[][] {
          {"serve", "--data-dir", data, "--workers", "0"},
          {"serve", "--data-dir", data, "--port", "70000"},
          {"serve", "--data-dir", data, "--queue", "0"},
          {"serve", "--data-dir", data, "--job-timeout", "0"},
          {"serve", "--data-dir", data, "--max-upload-bytes", "-1"},
        }) {
      Run r = run(args);
      assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
    }
  }

  @Test
  void aTakenPortIsAUsageErrorAndReleasesTheDataDir() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          run(
              "serve",
              "--data-dir",
              dir.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(taken.getLocalPort()));
      assertEquals(ExitCodes.USAGE, r.code(), r.err());
      assertTrue(r.err().contains("--port"), r.err());
    }
    // The failed start closed the database: keys can be managed at once.
    assertEquals(ExitCodes.OK, run("keys", "list", "--data-dir", dir.toString()).code());
  }
}
