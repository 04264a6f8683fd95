package dev.verisim.core.verdict;

import java.util.Objects;

/** Which model produced a verdict: a stable id and its version. */
public record ModelInfo(String id, String version) {
  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
  }
}
