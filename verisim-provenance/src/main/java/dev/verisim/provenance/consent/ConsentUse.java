package dev.verisim.provenance.consent;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a person allows their likeness to be used for. A closed list, so that a record means the
 * same to every reader; the identifiers are stable and appear in the signed record.
 */
public enum ConsentUse {
  /** Training a model on images of the person. */
  TRAINING,
  /** Generating synthetic images, video or audio of the person. */
  GENERATION,
  /** Publishing the synthetic media. */
  PUBLICATION,
  /** Commercial use of the synthetic media (advertising, products). */
  COMMERCIAL,
  /** Research and teaching, unpublished or published as such. */
  RESEARCH;

  /** The stable identifier, for example {@code generation}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The use with this identifier.
   *
   * @throws IllegalArgumentException naming the known uses when there is none
   */
  public static ConsentUse of(String id) {
    for (ConsentUse u : values()) {
      if (u.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return u;
      }
    }
    throw new IllegalArgumentException(
        "unknown consent use '"
            + id
            + "'; known uses: "
            + Arrays.stream(values()).map(ConsentUse::id).collect(Collectors.joining(", ")));
  }
}
