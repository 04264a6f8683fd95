package dev.verisim.cli;

import dev.verisim.provenance.signing.TrustAnchors;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Trust anchors named by an option: a PEM bundle of roots, or none when the option is absent. */
final class TrustOption {
  private TrustOption() {}

  /**
   * @param option the option's name, for the error message
   * @throws ParameterException (exit 2) naming the option and file when it cannot be read
   */
  static TrustAnchors anchors(CommandSpec spec, String option, Path pem) {
    if (pem == null) {
      return TrustAnchors.none();
    }
    try {
      return TrustAnchors.load(pem);
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), option + " " + pem + ": " + e.getMessage(), e);
    }
  }
}
