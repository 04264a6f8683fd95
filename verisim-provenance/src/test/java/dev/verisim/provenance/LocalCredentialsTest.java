package dev.verisim.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.SigningIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development credentials are made once, kept private, and reused. */
class LocalCredentialsTest {
  @TempDir Path dir;

  @Test
  void createdOnFirstUseThenReused() throws Exception {
    List<String> notices = new ArrayList<>();
    SigningIdentity first = LocalCredentials.loadOrCreate(dir, notices::add);
    assertEquals(1, notices.size());
    assertTrue(notices.get(0).contains("valid-untrusted"), notices.get(0));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(DevChain.KEY_FILE))));

    SigningIdentity second = LocalCredentials.loadOrCreate(dir, notices::add);
    assertEquals(1, notices.size(), "no second chain");
    assertEquals(first.certificate(), second.certificate());
  }

  @Test
  void unusableCredentialsAreNamed() throws Exception {
    Files.writeString(dir.resolve(DevChain.KEY_FILE), "garbage");
    Files.writeString(dir.resolve(DevChain.CHAIN_FILE), "garbage");
    IOException e =
        assertThrows(IOException.class, () -> LocalCredentials.loadOrCreate(dir, s -> {}));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void testsUseTheirOwnHome() {
    assertTrue(
        LocalCredentials.home().toString().contains("target"), LocalCredentials.home().toString());
  }
}
