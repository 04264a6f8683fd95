package dev.verisim.provenance.watermark;

import java.util.Optional;

/**
 * What {@link Watermarker#detect} found.
 *
 * @param present whether the image is claimed to carry this key's mark: {@code
 *     falsePositiveProbability <= }{@link Watermarker#FALSE_POSITIVE_RATE}
 * @param payload the decoded payload when its CRC matched, else null (always null when absent; may
 *     be null when present if the mark was found but too damaged to read)
 * @param bitAccuracy share of the raw code bits (hard decisions of the soft values) that agree with
 *     the decoded codeword re-encoded, in [0, 1]; about 0.5 on unmarked images
 * @param falsePositiveProbability an upper bound on the probability that an image without this
 *     key's mark scores this high, every alignment searched included (Bonferroni), in [0, 1]
 * @param score the synchronisation score z of the chosen alignment (about N(0,1) on unmarked images
 *     for any one alignment; a marked, untouched image scores 10 to 16)
 * @param scale the tile's period found, in units of the embedder's period at this image size (1
 *     untouched, 0.5 after halving the size)
 * @param angle the rotation found, in degrees
 * @param shiftX the lattice's horizontal shift found, in tile pixels
 * @param shiftY the lattice's vertical shift found, in tile pixels
 */
public record WatermarkDetection(
    boolean present,
    WatermarkPayload payload,
    double bitAccuracy,
    double falsePositiveProbability,
    double score,
    double scale,
    double angle,
    int shiftX,
    int shiftY) {

  /** The payload, when present and readable. */
  public Optional<WatermarkPayload> readPayload() {
    return Optional.ofNullable(payload);
  }

  /** No mark could be looked for (an image smaller than {@link Watermarker#MIN_SIDE}). */
  static WatermarkDetection tooSmall() {
    return new WatermarkDetection(false, null, 0, 1, 0, 1, 0, 0, 0);
  }
}
