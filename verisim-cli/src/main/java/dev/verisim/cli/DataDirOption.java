package dev.verisim.cli;

import dev.verisim.provenance.LocalCredentials;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where {@code verisim serve} keeps its database and uploads. */
public final class DataDirOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data directory (default: ~/.verisim/server).")
  Path dataDir;

  /** The directory given, else {@code server} under verisim's home ({@code ~/.verisim}). */
  Path dir() {
    return dataDir != null ? dataDir : LocalCredentials.home().resolve("server");
  }
}
