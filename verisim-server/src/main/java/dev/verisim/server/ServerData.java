package dev.verisim.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The server's data directory: an embedded H2 database ({@code verisim.mv.db}) for analyses, {@code
 * blobs/} for the uploaded bytes (one file per analysis, named by its id), and the API keys' hashes
 * in {@code api-keys.json} (see {@link ApiKeys}: a file, so keys can be managed while the server
 * runs).
 *
 * <p>H2 rather than SQLite: it is pure Java, so there is no native library to ship, extract or get
 * wrong per platform. {@code WRITE_DELAY=0} makes every commit reach the file before the call
 * returns, so a job the API has accepted (202) survives a {@code kill -9}. Only one process may
 * open a data directory at a time (H2 locks the file).
 *
 * <pre>{@code
 * try (ServerData data = ServerData.open(Path.of("/var/lib/verisim"))) {
 *   ApiKeys.CreatedKey k = data.keys().create("ci");
 *   System.out.println(k.secret());
 * }
 * }</pre>
 */
public final class ServerData implements AutoCloseable {
  /** The database file's base name; H2 adds {@code .mv.db}. */
  public static final String DATABASE_NAME = "verisim";

  private static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS analyses (
      id UUID PRIMARY KEY,
      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
      key_id VARCHAR(36) NOT NULL,
      filename VARCHAR(255) NOT NULL,
      media_type VARCHAR(40) NOT NULL,
      size_bytes BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL,
      attempts INT NOT NULL,
      created_ms BIGINT NOT NULL,
      updated_ms BIGINT NOT NULL,
      verdict CLOB,
      problem CLOB)
    """,
    "CREATE INDEX IF NOT EXISTS analyses_by_key ON analyses(key_id, seq)",
    "CREATE INDEX IF NOT EXISTS analyses_by_status ON analyses(status, seq)",
  };

  private final Path dir;
  private final JdbcConnectionPool pool;
  private final AnalysisStore analyses;
  private final ApiKeys keys;

  private ServerData(Path dir, JdbcConnectionPool pool) throws IOException {
    this.dir = dir;
    this.pool = pool;
    this.analyses = new AnalysisStore(this, Files.createDirectories(dir.resolve("blobs")));
    this.keys = ApiKeys.open(dir);
  }

  /**
   * Opens (and on first use creates) the data directory and its schema.
   *
   * @throws IOException when the directory cannot be created or the database cannot be opened, for
   *     example because another server has it open
   */
  public static ServerData open(Path dataDir) throws IOException {
    Path dir = Files.createDirectories(dataDir.toAbsolutePath().normalize());
    String path = dir.resolve(DATABASE_NAME).toString();
    if (path.indexOf(';') >= 0) {
      // A ';' would be read as the start of H2 URL settings.
      throw new IOException("the data directory's path must not contain ';': " + dir);
    }
    JdbcConnectionPool pool =
        JdbcConnectionPool.create("jdbc:h2:file:" + path + ";WRITE_DELAY=0", "verisim", "");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
    } catch (SQLException e) {
      pool.dispose();
      if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new IOException(
            dir + " is in use by another process (a running verisim serve?): stop it first", e);
      }
      throw new IOException("cannot open the database in " + dir + ": " + e.getMessage(), e);
    }
    return new ServerData(dir, pool);
  }

  /** The data directory. */
  public Path dir() {
    return dir;
  }

  /** Uploads and their analyses. */
  public AnalysisStore analyses() {
    return analyses;
  }

  /** The API keys that may write and read. */
  public ApiKeys keys() {
    return keys;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
