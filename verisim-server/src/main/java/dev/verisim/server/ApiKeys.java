package dev.verisim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
 * API keys that may upload and read analyses. A key is shown once, when created; only its SHA-256
 * hash is stored (the key is 256 random bits, so a fast hash is enough: there is nothing to guess),
 * so a copy of the data directory does not give the keys away.
 *
 * <p>The keys live in their own small file, {@code api-keys.json} in the data directory, not in the
 * database: the database admits one process, and keys must be creatable and, above all, revocable
 * while the server runs. Writers take a file lock and replace the file atomically; the server
 * re-reads it when it changes, so a revocation holds from the next request on.
 *
 * <pre>{@code
 * ApiKeys keys = ApiKeys.open(Path.of("data"));
 * ApiKeys.CreatedKey k = keys.create("ci");
 * // the client sends: Authorization: Bearer <k.secret()>
 * Optional<ApiKeys.ApiKey> who = keys.authenticate(k.secret());
 * }</pre>
 */
public final class ApiKeys {
  /** Every key starts with this, so a leaked one is easy to recognise in logs and scanners. */
  public static final String PREFIX = "vsk_";

  /** The file in the data directory that holds the keys' hashes. */
  public static final String FILE = "api-keys.json";

  private static final int MAX_NAME = 200;
  private static final ObjectMapper MAPPER = new ObjectMapper();

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

  private record Stored(ApiKey key, String hash) {}

  /** The file as last read, and what identified that version of it. */
  private record Snapshot(Object fileKey, long modifiedMillis, long size, List<Stored> keys) {}

  private final Path file;
  private final Path lockFile;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();
  private volatile Snapshot cache;

  private ApiKeys(Path dir) {
    this.file = dir.resolve(FILE);
    this.lockFile = dir.resolve(FILE + ".lock");
  }

  /** The keys of a data directory (created when missing); works while a server runs on it. */
  public static ApiKeys open(Path dataDir) throws IOException {
    return new ApiKeys(Files.createDirectories(dataDir.toAbsolutePath().normalize()));
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
    update(
        keys -> {
          keys.add(new Stored(key, hash(secret)));
          return true;
        });
    return new CreatedKey(key, secret);
  }

  /** Every key, revoked ones included, oldest first. */
  public List<ApiKey> list() {
    return current().stream().map(Stored::key).toList();
  }

  /**
   * Revokes a key: it no longer authenticates. Its analyses stay (and become unreadable).
   *
   * @return false when there is no such key or it was already revoked
   */
  public boolean revoke(String id) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    return update(
        keys -> {
          for (int i = 0; i < keys.size(); i++) {
            ApiKey k = keys.get(i).key();
            if (k.id().equals(id) && k.revoked().isEmpty()) {
              keys.set(
                  i,
                  new Stored(
                      new ApiKey(k.id(), k.name(), k.created(), Optional.of(now)),
                      keys.get(i).hash()));
              return true;
            }
          }
          return false;
        });
  }

  /** The live key whose secret this is; empty for an unknown or revoked one. */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    byte[] h = hash(secret).getBytes(StandardCharsets.US_ASCII);
    for (Stored s : current()) {
      if (MessageDigest.isEqual(h, s.hash().getBytes(StandardCharsets.US_ASCII))
          && s.key().revoked().isEmpty()) {
        return Optional.of(s.key());
      }
    }
    return Optional.empty();
  }

  /** The keys, read again only when the file changed (another process may have written it). */
  private List<Stored> current() {
    try {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return List.of();
      }
      Snapshot s = cache;
      // The writer replaces the file, so a new version is a new inode (fileKey) on POSIX systems;
      // time and size catch the rest.
      if (s != null
          && Objects.equals(s.fileKey(), a.fileKey())
          && s.modifiedMillis() == a.lastModifiedTime().toMillis()
          && s.size() == a.size()) {
        return s.keys();
      }
      List<Stored> keys = read();
      cache = new Snapshot(a.fileKey(), a.lastModifiedTime().toMillis(), a.size(), keys);
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private interface Change {
    boolean apply(List<Stored> keys);
  }

  /** Read, change, write under a lock shared by every process (and thread) that writes keys. */
  private boolean update(Change change) {
    synchronized (ApiKeys.class) { // a FileLock is per process: threads queue here first
      try (FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        ch.lock(); // held until the channel closes
        List<Stored> keys = new ArrayList<>(read());
        if (!change.apply(keys)) {
          return false;
        }
        write(keys);
        cache = null;
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot update " + file, e);
      }
    }
  }

  private List<Stored> read() throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Stored> out = new ArrayList<>();
    for (JsonNode k : root.path("keys")) {
      JsonNode revoked = k.get("revoked");
      out.add(
          new Stored(
              new ApiKey(
                  k.get("id").asText(),
                  k.get("name").asText(),
                  Instant.parse(k.get("created").asText()),
                  revoked == null || revoked.isNull()
                      ? Optional.empty()
                      : Optional.of(Instant.parse(revoked.asText()))),
              k.get("sha256").asText()));
    }
    return out;
  }

  private void write(List<Stored> keys) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putArray("keys");
    for (Stored s : keys) {
      ObjectNode k = array.addObject();
      k.put("id", s.key().id());
      k.put("name", s.key().name());
      k.put("sha256", s.hash());
      k.put("created", s.key().created().toString());
      if (s.key().revoked().isPresent()) {
        k.put("revoked", s.key().revoked().get().toString());
      } else {
        k.putNull("revoked");
      }
    }
    Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        // Only hashes, but still nobody else's business.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(
          tmp,
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root),
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
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
