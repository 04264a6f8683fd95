package dev.verisim.core.verdict;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fields of a verdict that only one kind of media has: a video's faces and per-second timeline, an
 * audio's segments. DESIGN.md lets the verdict gain fields but never rename or remove the common
 * ones, so details write themselves after those.
 */
public interface MediaDetails {
  /** The verdict's {@code media} these details belong to: "video" or "audio". */
  String media();

  /**
   * Adds this media's fields to the verdict object. Must not overwrite a common field (path, media,
   * verdict, p_fake, uncertain_band, cues, faces, provenance, model, elapsed_ms, error); it may add
   * to the {@code faces} array.
   */
  void writeJson(ObjectNode verdict);
}
