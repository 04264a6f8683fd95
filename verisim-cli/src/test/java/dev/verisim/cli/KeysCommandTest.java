package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.server.ServerData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim keys create|list|revoke}. */
class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void createListRevoke() throws Exception {
    String data = dir.resolve("server").toString();
    Run created = run("keys", "create", "--name", "ci", "--data-dir", data);
    assertEquals(ExitCodes.OK, created.code(), created.err());
    String[] words = created.out().strip().split("\\s+");
    String secret = words[words.length - 1];
    assertTrue(secret.startsWith("vsk_"), created.out());
    String id = words[1];

    // The data directory stays open, as by a running server: keys are managed all the same.
    try (ServerData running = ServerData.open(Path.of(data))) {
      assertEquals(
          id, running.keys().authenticate(secret).orElseThrow().id(), "the printed key works");

      Run listed = run("keys", "list", "--data-dir", data);
      assertEquals(ExitCodes.OK, listed.code(), listed.err());
      assertTrue(listed.out().startsWith(id + "\t"), listed.out());
      assertTrue(listed.out().contains("\tactive\tci"), listed.out());
      assertFalse(listed.out().contains(secret), "list never shows the key");

      Run revoked = run("keys", "revoke", id, "--data-dir", data);
      assertEquals(ExitCodes.OK, revoked.code(), revoked.err());
      assertTrue(running.keys().authenticate(secret).isEmpty(), "revoked for the server at once");
    }
    assertTrue(run("keys", "list", "--data-dir", data).out().contains("\trevoked "));
    assertEquals(ExitCodes.INPUT_ERRORS, run("keys", "revoke", id, "--data-dir", data).code());

    assertEquals(ExitCodes.USAGE, run("keys", "create", "--data-dir", data).code(), "no --name");
  }
}
