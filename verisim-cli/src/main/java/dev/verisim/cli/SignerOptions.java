package dev.verisim.cli;

import dev.verisim.provenance.LocalCredentials;
import dev.verisim.provenance.signing.SigningIdentity;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --key/--chain}: who signs the Content Credentials of what a command generates. Without
 * them, the machine's development credentials (made on first use) sign.
 */
public final class SignerOptions {
  @Option(
      names = "--key",
      paramLabel = "KEY.pem",
      description =
          "The signer's EC P-256 key (PKCS#8 PEM) for the Content Credentials (default: the"
              + " development credentials in ~/.verisim/credentials, made on first use).")
  Path key;

  @Option(
      names = "--chain",
      paramLabel = "CHAIN.pem",
      description = "The signer's certificate chain (PEM), signer first; with --key.")
  Path chain;

  SigningIdentity identity(CommandSpec spec) throws IOException {
    if ((key == null) != (chain == null)) {
      throw new ParameterException(spec.commandLine(), "--key and --chain go together");
    }
    if (key == null) {
      return LocalCredentials.loadOrCreate(
          m -> spec.commandLine().getErr().println("verisim: " + m));
    }
    try {
      return SigningIdentity.load(key, chain);
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--key/--chain: " + e.getMessage(), e);
    }
  }
}
