package dev.verisim.detect.cue;

import dev.verisim.core.verdict.CueEvidence;

/**
 * One training-free forensic cue. Implementations are stateless and thread-safe: one instance is
 * shared by every worker thread.
 *
 * <p>A cue must return the same feature names, in any order, for every input it analyses, so that
 * fusion sees a fixed feature vector; a value it cannot compute is reported as its neutral value
 * and said so in the explanation.
 */
public interface Cue {
  /** The stable name that appears in the verdict JSON, for example "spectrum". */
  String name();

  /** The names of the features {@link #analyse} returns, in a stable order. */
  java.util.List<String> featureNames();

  /**
   * Analyses one image. Never throws for an image that decoded; a bug is an unchecked exception.
   */
  CueEvidence analyse(CueInput input);
}
