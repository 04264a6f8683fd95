package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ApiKeys}: shown once, stored hashed, revocable. */
class ApiKeysTest {
  @TempDir Path dir;

  @Test
  void keysAreStoredHashedAndCanBeRevoked() throws Exception {
    ApiKeys.CreatedKey k;
    try (ServerData data = ServerData.open(dir)) {
      k = data.keys().create("ci");
      assertTrue(k.secret().startsWith(ApiKeys.PREFIX));
      assertEquals(k.key(), data.keys().authenticate(k.secret()).orElseThrow());
      assertTrue(data.keys().authenticate(k.secret() + "x").isEmpty());
      assertTrue(data.keys().authenticate("Bearer " + k.secret()).isEmpty());
    }
    // Neither the secret nor its random part is in any file of the data directory; its hash is.
    String random = k.secret().substring(ApiKeys.PREFIX.length());
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(random), "plaintext key in " + f);
      }
    }
    String stored = Files.readString(dir.resolve(ApiKeys.FILE), StandardCharsets.UTF_8);
    assertTrue(stored.contains(ApiKeys.hash(k.secret())), "the hash is what is stored");

    try (ServerData data = ServerData.open(dir)) {
      ApiKeys keys = data.keys();
      assertEquals(k.key(), keys.authenticate(k.secret()).orElseThrow(), "survives reopening");
      ApiKeys.CreatedKey other = keys.create("web");
      assertEquals(2, keys.list().size());
      assertTrue(keys.revoke(k.key().id()));
      assertFalse(keys.revoke(k.key().id()), "already revoked");
      assertFalse(keys.revoke("no-such-key"));
      assertTrue(keys.authenticate(k.secret()).isEmpty(), "a revoked key does not authenticate");
      assertTrue(keys.authenticate(other.secret()).isPresent(), "the other key still does");
      assertTrue(keys.list().get(0).revoked().isPresent());
      assertTrue(keys.list().get(1).revoked().isEmpty());
      assertThrows(IllegalArgumentException.class, () -> keys.create(" "));
    }
  }

  @Test
  void aRunningServerSeesKeysAnotherProcessCreatesAndRevokes() throws Exception {
    ApiKeys server = ApiKeys.open(dir); // what the server holds
    ApiKeys cli = ApiKeys.open(dir); // what `verisim keys` opens meanwhile
    assertTrue(server.authenticate(ApiKeys.PREFIX + "nothing-yet").isEmpty());
    ApiKeys.CreatedKey k = cli.create("late");
    assertEquals(k.key(), server.authenticate(k.secret()).orElseThrow(), "seen without restart");
    assertTrue(cli.revoke(k.key().id()));
    assertTrue(server.authenticate(k.secret()).isEmpty(), "revocation holds at once");
  }
}
