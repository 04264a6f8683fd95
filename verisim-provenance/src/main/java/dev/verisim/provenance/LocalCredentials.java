package dev.verisim.provenance;

import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.SigningIdentity;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The signing credentials verisim uses on this machine when none are given: a development chain in
 * {@code <home>/credentials/}, made on first use (like {@code ssh-keygen}), so that everything
 * verisim generates carries Content Credentials out of the box. Its signatures verify as {@code
 * valid-untrusted} anywhere its root is not a trust anchor; a publisher signs with their own key
 * ({@code --key/--chain}). The private key stays on the machine: nothing ships one.
 *
 * <p>The home is the system property {@code verisim.home}, else the environment variable {@code
 * VERISIM_HOME}, else {@code ~/.verisim}.
 */
public final class LocalCredentials {
  /** How long a created development chain is valid. */
  public static final Duration VALIDITY = Duration.ofDays(2 * 365);

  private LocalCredentials() {}

  /** verisim's folder for per-user state. */
  public static Path home() {
    String p = System.getProperty("verisim.home");
    if (p == null || p.isBlank()) {
      p = System.getenv("VERISIM_HOME");
    }
    if (p == null || p.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".verisim");
    }
    return Path.of(p);
  }

  /** Where the development credentials live. */
  public static Path dir() {
    return home().resolve("credentials");
  }

  /**
   * Loads the development identity from {@link #dir()}, creating it first when absent.
   *
   * @param notice told (once) when a chain is created, with where and what it means
   */
  public static SigningIdentity loadOrCreate(Consumer<String> notice) throws IOException {
    return loadOrCreate(dir(), notice);
  }

  /** As {@link #loadOrCreate(Consumer)}, in a given folder. */
  public static SigningIdentity loadOrCreate(Path dir, Consumer<String> notice) throws IOException {
    Path key = dir.resolve(DevChain.KEY_FILE);
    Path chain = dir.resolve(DevChain.CHAIN_FILE);
    if (!Files.exists(key) || !Files.exists(chain)) {
      String user = System.getProperty("user.name", "user");
      try {
        DevChain.generate(Instant.now(), VALIDITY, "verisim development signer (" + user + ")")
            .writeTo(dir);
        notice.accept(
            "created development signing credentials in "
                + dir
                + " (signatures verify as valid-untrusted unless "
                + dir.resolve(DevChain.ROOT_FILE)
                + " is a trust anchor; use --key/--chain to sign as yourself)");
      } catch (FileAlreadyExistsException raced) {
        // Another process made them at the same moment: use theirs.
      }
    }
    try {
      return SigningIdentity.load(key, chain);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("the development credentials in " + dir + " are unusable: " + e, e);
    }
  }
}
