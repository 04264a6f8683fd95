package dev.verisim.gan;

import ai.djl.ndarray.NDArray;

/**
 * An extra term of the generator's loss, added to the adversarial loss at every generator step of a
 * {@link GanTrainer}: for example a frozen detector's "fake" score that the generator learns to
 * lower (verisim's arena). It is called inside the step's gradient recording, with the generator's
 * batch before augmentation, so the term's gradient reaches the generator's weights.
 *
 * <p>Only the generator's weights are stepped. Whatever network the term runs must not learn from
 * this pass: give it arrays that do not require a gradient (a frozen copy), or zero its gradients
 * before its own next update, since DJL's PyTorch engine accumulates gradients until they are
 * zeroed.
 */
@FunctionalInterface
public interface AdversaryLoss {
  /**
   * The term for one batch.
   *
   * @param generated the generator's images, (B, 3, R, R) in [-1, 1], attached to the step's
   *     manager (arrays made from it are freed with the step)
   * @return a scalar to add to the generator's loss
   */
  NDArray loss(NDArray generated);
}
