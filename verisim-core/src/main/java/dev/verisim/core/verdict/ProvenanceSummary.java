package dev.verisim.core.verdict;

import java.util.List;
import java.util.Objects;

/**
 * What labels the input carried: Content Credentials (C2PA) and verisim's invisible watermark.
 *
 * @param c2pa {@code absent}; {@code present} when a manifest store is embedded but was not
 *     verified; after verification {@code valid}, {@code valid-untrusted} or {@code invalid}
 * @param watermark the decoded watermark payload (hex), or null when none was found or looked for
 * @param c2paReasons why the manifest is not plainly valid (C2PA status codes with detail); empty
 *     otherwise
 * @param digitalSourceType what the manifest declares the media to be (the IPTC term, for example
 *     {@code trainedAlgorithmicMedia}), or null
 * @param signer the subject of the manifest's signing certificate, or null
 * @param watermarkFalsePositive the probability that an unmarked image scores as high as this one,
 *     or null when no watermark was found
 * @param explanation one or two plain sentences on what the labels say, or null when there were
 *     none
 */
public record ProvenanceSummary(
    String c2pa,
    String watermark,
    List<String> c2paReasons,
    String digitalSourceType,
    String signer,
    Double watermarkFalsePositive,
    String explanation) {
  public static final ProvenanceSummary ABSENT = new ProvenanceSummary("absent", null);

  public ProvenanceSummary {
    Objects.requireNonNull(c2pa, "c2pa");
    c2paReasons = c2paReasons == null ? List.of() : List.copyOf(c2paReasons);
  }

  /** A summary of a manifest's presence and a watermark payload, without details. */
  public ProvenanceSummary(String c2pa, String watermark) {
    this(c2pa, watermark, List.of(), null, null, null, null);
  }
}
