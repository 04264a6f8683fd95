package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A network as a function of its {@link Weights}. {@code training} says whether state such as
 * spectral normalization's power iteration may advance.
 */
public interface Network {
  /** Fresh weights, the same for the same seed. */
  Weights create(NDManager manager, long seed);

  NDArray forward(Weights weights, NDArray input, boolean training);
}
