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
    // Neither the secret nor its unique random part is in the database file; its hash is.
    String db = Files.readString(dir.resolve("verisim.mv.db"), StandardCharsets.ISO_8859_1);
    assertFalse(db.contains(k.secret().substring(ApiKeys.PREFIX.length())), "plaintext stored");
    assertTrue(db.contains(ApiKeys.hash(k.secret())), "the hash is what is stored");

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
}
