package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;

/** A generator: latents (B, latentSize) to images (B, 3, R, R) in [-1, 1]. */
public interface GeneratorNet extends Network {
  int latentSize();

  int resolution();

  /**
   * Images for latents, with the truncation trick when {@code psi < 1}: the style generator pulls
   * its intermediate latent towards the training average; the DCGAN has no such space, so its
   * caller draws latents from a truncated normal instead (see {@link #truncatesInput()}).
   */
  NDArray generate(Weights weights, NDArray latents, double psi, boolean training);

  /** Whether truncation is done by drawing inputs from a truncated normal. */
  boolean truncatesInput();

  @Override
  default NDArray forward(Weights weights, NDArray input, boolean training) {
    return generate(weights, input, 1.0, training);
  }
}
