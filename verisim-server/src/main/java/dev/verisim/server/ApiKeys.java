package dev.verisim.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys that may upload and read analyses. A key is shown once, when created; the database holds
 * only its SHA-256 hash (the key is 256 random bits, so a fast hash is enough: there is nothing to
 * guess), so a copy of the data directory does not give the keys away.
 *
 * <pre>{@code
 * ApiKeys.CreatedKey k = data.keys().create("ci");
 * // the client sends: Authorization: Bearer <k.secret()>
 * Optional<ApiKeys.ApiKey> who = data.keys().authenticate(k.secret());
 * }</pre>
 */
public final class ApiKeys {
  /** Every key starts with this, so a leaked one is easy to recognise in logs and scanners. */
  public static final String PREFIX = "vsk_";

  private static final int MAX_NAME = 200;

  /**
   * A key as stored: never the secret.
   *
   * @param id stable identifier, for {@code keys revoke}
   * @param name what the key is for, as given at creation
   * @param created when it was made
   * @param revoked when it was revoked, if it was
   */
  public record ApiKey(String id, String name, Instant created, Optional<Instant> revoked) {
    public ApiKey {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(revoked, "revoked");
    }
  }

  /**
   * A new key and its secret, which exists only here: it is not stored.
   *
   * @param key the stored key
   * @param secret what the client sends as {@code Authorization: Bearer SECRET}
   */
  public record CreatedKey(ApiKey key, String secret) {}

  private final ServerData data;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();

  ApiKeys(ServerData data) {
    this.data = data;
  }

  /**
   * Makes a new key.
   *
   * @param name what it is for (1 to 200 characters)
   * @throws IllegalArgumentException when the name is blank or too long
   */
  public CreatedKey create(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "a key's name must be 1 to " + MAX_NAME + " characters, got: " + name);
    }
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    ApiKey key =
        new ApiKey(
            UUID.randomUUID().toString(),
            name.strip(),
            Instant.ofEpochMilli(clock.millis()),
            Optional.empty());
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO api_keys (id, name, key_hash, created_ms, revoked_ms)"
                    + " VALUES (?, ?, ?, ?, NULL)")) {
      s.setString(1, key.id());
      s.setString(2, key.name());
      s.setString(3, hash(secret));
      s.setLong(4, key.created().toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw AnalysisStore.failure("cannot store the new key", e);
    }
    return new CreatedKey(key, secret);
  }

  /** Every key, revoked ones included, oldest first. */
  public List<ApiKey> list() {
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, name, created_ms, revoked_ms FROM api_keys ORDER BY created_ms, id")) {
      return read(s);
    } catch (SQLException e) {
      throw AnalysisStore.failure("cannot list keys", e);
    }
  }

  /**
   * Revokes a key: it no longer authenticates. Its analyses stay (and become unreadable).
   *
   * @return false when there is no such key or it was already revoked
   */
  public boolean revoke(String id) {
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
      s.setLong(1, clock.millis());
      s.setString(2, id);
      return s.executeUpdate() > 0;
    } catch (SQLException e) {
      throw AnalysisStore.failure("cannot revoke key " + id, e);
    }
  }

  /** The live key whose secret this is; empty for an unknown or revoked one. */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, name, created_ms, revoked_ms FROM api_keys"
                    + " WHERE key_hash = ? AND revoked_ms IS NULL")) {
      s.setString(1, hash(secret));
      List<ApiKey> found = read(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    } catch (SQLException e) {
      throw AnalysisStore.failure("cannot check a key", e);
    }
  }

  private static List<ApiKey> read(PreparedStatement s) throws SQLException {
    List<ApiKey> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long revokedMs = r.getLong(4);
        Optional<Instant> revoked =
            r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedMs));
        out.add(
            new ApiKey(
                r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), revoked));
      }
    }
    return out;
  }

  /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
