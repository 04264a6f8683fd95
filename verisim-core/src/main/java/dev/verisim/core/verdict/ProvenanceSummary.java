package dev.verisim.core.verdict;

import java.util.Objects;

/**
 * What labels the input carried.
 *
 * @param c2pa {@code absent}, or {@code present} when a C2PA manifest store is embedded but not
 *     verified; verification adds {@code valid}, {@code valid-untrusted} and {@code invalid}
 * @param watermark the decoded watermark payload, or null when none was looked for or found
 */
public record ProvenanceSummary(String c2pa, String watermark) {
  public static final ProvenanceSummary ABSENT = new ProvenanceSummary("absent", null);

  public ProvenanceSummary {
    Objects.requireNonNull(c2pa, "c2pa");
  }
}
