package dev.verisim.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Analyses in the database and their uploads in {@code blobs/}. Thread-safe: every call takes its
 * own connection from the pool. Database failures are thrown as {@link UncheckedIOException}: they
 * are I/O failures the caller can only report.
 *
 * <p>A blob's file name is the analysis id and nothing else; ids are server-generated UUIDs and
 * every id from a request goes through {@link #parseId}, so no request text reaches a path.
 */
public final class AnalysisStore {
  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static final String COLUMNS =
      "id, key_id, filename, media_type, size_bytes, status, attempts, created_ms, updated_ms,"
          + " verdict, problem";

  private final ServerData data;
  private final Path blobs;
  private final Clock clock = Clock.systemUTC();

  AnalysisStore(ServerData data, Path blobs) {
    this.data = data;
    this.blobs = blobs;
  }

  /**
   * The id in {@code text}, only when it is a canonical lower-case UUID as the server makes them.
   */
  public static Optional<UUID> parseId(String text) {
    if (text == null || !CANONICAL_UUID.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(text));
  }

  /**
   * Stores an upload as a new {@code queued} analysis: the blob first (written to a temporary file
   * and moved into place), then the row, so a row never points at a missing or partial blob.
   */
  public Analysis create(String keyId, String filename, String mediaType, byte[] bytes) {
    UUID id = UUID.randomUUID();
    Path blob = blob(id);
    try {
      Path tmp = Files.createTempFile(blobs, "upload-", ".tmp");
      // fsync the bytes, then the directory entry after the move: a 202 means the upload survives
      // a power cut too, not only a killed process (the row is committed with WRITE_DELAY=0).
      try (java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(blob.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the upload of " + id, e);
    }
    long now = clock.millis();
    Analysis a =
        new Analysis(
            id,
            keyId,
            filename,
            mediaType,
            bytes.length,
            AnalysisStatus.QUEUED,
            0,
            Instant.ofEpochMilli(now),
            Instant.ofEpochMilli(now),
            Optional.empty(),
            Optional.empty());
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO analyses ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setObject(1, id);
      s.setString(2, keyId);
      s.setString(3, filename);
      s.setString(4, mediaType);
      s.setLong(5, bytes.length);
      s.setString(6, a.status().id());
      s.setInt(7, 0);
      s.setLong(8, now);
      s.setLong(9, now);
      s.setString(10, null);
      s.setString(11, null);
      s.executeUpdate();
    } catch (SQLException e) {
      deleteBlob(id);
      throw failure("cannot store analysis " + id, e);
    }
    return a;
  }

  /** Flushes a directory's entries (Linux allows fsync on a directory opened for reading). */
  private static void syncDirectory(Path dir) {
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms refuse to open directories; the file itself is already on disk.
    }
  }

  /** The analysis, whoever owns it. */
  public Optional<Analysis> find(UUID id) {
    return one("SELECT " + COLUMNS + " FROM analyses WHERE id = ?", id, null);
  }

  /** The analysis when {@code keyId} created it; empty both when it is missing and not theirs. */
  public Optional<Analysis> find(UUID id, String keyId) {
    return one("SELECT " + COLUMNS + " FROM analyses WHERE id = ? AND key_id = ?", id, keyId);
  }

  /** One page of the analyses {@code keyId} created, newest first. */
  public List<Analysis> list(String keyId, int page, int size) {
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM analyses WHERE key_id = ? ORDER BY seq DESC"
                    + " LIMIT ? OFFSET ?")) {
      s.setString(1, keyId);
      s.setInt(2, size);
      s.setLong(3, (long) page * size);
      return all(s);
    } catch (SQLException e) {
      throw failure("cannot list analyses", e);
    }
  }

  /** How many analyses {@code keyId} created. */
  public long count(String keyId) {
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM analyses WHERE key_id = ?")) {
      s.setString(1, keyId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("cannot count analyses", e);
    }
  }

  /**
   * Analyses accepted but not finished, in the order they were accepted: after a crash these are
   * the jobs to run again.
   */
  public List<Analysis> unfinished() {
    try (Connection c = data.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM analyses WHERE status IN ('queued', 'running') ORDER BY seq")) {
      return all(s);
    } catch (SQLException e) {
      throw failure("cannot list unfinished analyses", e);
    }
  }

  /**
   * Marks an analysis running and counts the attempt.
   *
   * @return the updated analysis, or empty when it was deleted or already finished
   */
  public Optional<Analysis> markRunning(UUID id) {
    int n =
        update(
            "UPDATE analyses SET status = 'running', attempts = attempts + 1, updated_ms = ?"
                + " WHERE id = ? AND status IN ('queued', 'running')",
            clock.millis(),
            id);
    return n == 0 ? Optional.empty() : find(id);
  }

  /** Puts an unfinished analysis back to {@code queued} (after a restart). */
  public boolean requeue(UUID id) {
    return update(
            "UPDATE analyses SET status = 'queued', updated_ms = ?"
                + " WHERE id = ? AND status IN ('queued', 'running')",
            clock.millis(),
            id)
        > 0;
  }

  /** Records the verdict of a finished analysis; false when it was deleted meanwhile. */
  public boolean markDone(UUID id, String verdictJson) {
    return update(
            "UPDATE analyses SET status = 'done', verdict = ?, problem = NULL, updated_ms = ?"
                + " WHERE id = ?",
            verdictJson,
            clock.millis(),
            id)
        > 0;
  }

  /** Records why an analysis failed; false when it was deleted meanwhile. */
  public boolean markFailed(UUID id, String problemJson) {
    return update(
            "UPDATE analyses SET status = 'failed', problem = ?, verdict = NULL, updated_ms = ?"
                + " WHERE id = ?",
            problemJson,
            clock.millis(),
            id)
        > 0;
  }

  /** Deletes the analysis and its blob; false when there was none. */
  public boolean delete(UUID id) {
    int n;
    try (Connection c = data.connection();
        PreparedStatement s = c.prepareStatement("DELETE FROM analyses WHERE id = ?")) {
      s.setObject(1, id);
      n = s.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot delete analysis " + id, e);
    }
    deleteBlob(id);
    return n > 0;
  }

  /**
   * The uploaded bytes.
   *
   * @throws NoSuchFileException when the analysis was deleted
   */
  public byte[] readBlob(UUID id) throws IOException {
    return Files.readAllBytes(blob(id));
  }

  /**
   * Deletes what a crash can leave in {@code blobs/}: half-written uploads, and blobs whose row was
   * never inserted (the process died between the two). Run before the server takes requests.
   *
   * @return how many files were removed
   */
  public int removeOrphans() {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        Optional<UUID> id = parseId(name);
        boolean orphan =
            name.startsWith("upload-") && name.endsWith(".tmp")
                || id.isPresent() && find(id.get()).isEmpty();
        if (orphan && Files.deleteIfExists(f)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + blobs, e);
    }
    return removed;
  }

  /** Where the upload of {@code id} lives; the name is the UUID, never request text. */
  Path blob(UUID id) {
    return blobs.resolve(id.toString().toLowerCase(Locale.ROOT));
  }

  private void deleteBlob(UUID id) {
    try {
      Files.deleteIfExists(blob(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the upload of " + id, e);
    }
  }

  /** Runs an UPDATE with positional parameters; returns the rows changed. */
  private int update(String sql, Object... params) {
    try (Connection c = data.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot update analysis " + params[params.length - 1], e);
    }
  }

  private Optional<Analysis> one(String sql, UUID id, String keyId) {
    try (Connection c = data.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, id);
      if (keyId != null) {
        s.setString(2, keyId);
      }
      List<Analysis> found = all(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    } catch (SQLException e) {
      throw failure("cannot read analysis " + id, e);
    }
  }

  private static List<Analysis> all(PreparedStatement s) throws SQLException {
    List<Analysis> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(
            new Analysis(
                r.getObject(1, UUID.class),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getLong(5),
                AnalysisStatus.of(r.getString(6)),
                r.getInt(7),
                Instant.ofEpochMilli(r.getLong(8)),
                Instant.ofEpochMilli(r.getLong(9)),
                Optional.ofNullable(r.getString(10)),
                Optional.ofNullable(r.getString(11))));
      }
    }
    return out;
  }

  static UncheckedIOException failure(String what, SQLException e) {
    return new UncheckedIOException(what + ": " + e.getMessage(), new IOException(e));
  }
}
