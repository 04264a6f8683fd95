package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Differentiable augmentation (Zhao et al. 2020, "DiffAugment"): the same random colour, shift and
 * cutout applied to real and generated images before the discriminator sees them, and
 * differentiable so the generator learns through them. It keeps the discriminator from memorizing a
 * small training set, which is every set this project trains on.
 *
 * <p>Policy "color,translation,cutout" as in the paper: brightness +-0.5, saturation x0-2, contrast
 * x0.5-1.5; shift by up to 1/8 of the side with zero fill; one square of half the side blanked.
 * Random numbers come from a Java generator the caller seeds, so a step is reproducible.
 */
public final class DiffAugment {
  private DiffAugment() {}

  public static NDArray apply(NDArray x, SplittableRandom r) {
    NDManager m = x.getManager();
    long n = x.getShape().get(0);
    int b = Math.toIntExact(n);
    int side = Math.toIntExact(x.getShape().get(2));
    // Colour.
    x = x.add(perSample(m, b, r, -0.5, 0.5));
    NDArray mean = x.mean(new int[] {1}, true);
    x = x.sub(mean).mul(perSample(m, b, r, 0, 2)).add(mean);
    mean = x.reshape(n, -1).mean(new int[] {1}).reshape(n, 1, 1, 1);
    x = x.sub(mean).mul(perSample(m, b, r, 0.5, 1.5)).add(mean);
    // Translation with zero padding: image i is the side x side window at (dy, dx) of its padded
    // copy, taken by one gather over each padded plane (flattened) rather than a slice per image
    // and a concat: the same values, and the gradient of each padded element is the one value
    // that reaches it (a slice per image made the backward pass add up a full-size zero gradient
    // per image instead).
    int pad = side / 8;
    int p = side + 2 * pad;
    NDArray padded = zeroPad(x, pad);
    long[] offsets = new long[b];
    for (int i = 0; i < b; i++) {
      int dy = pad + r.nextInt(-pad, pad + 1);
      int dx = pad + r.nextInt(-pad, pad + 1);
      offsets[i] = (long) dy * p + dx;
    }
    long[] window = new long[side * side];
    for (int y = 0; y < side; y++) {
      for (int xx = 0; xx < side; xx++) {
        window[y * side + xx] = (long) y * p + xx;
      }
    }
    long channels = x.getShape().get(1);
    NDArray index =
        m.create(offsets, new Shape(n, 1, 1))
            .add(m.create(window, new Shape(1, 1, (long) side * side)))
            .broadcast(new Shape(n, channels, (long) side * side));
    x = padded.reshape(n, channels, (long) p * p).gather(index, 2).reshape(n, channels, side, side);
    // Cutout.
    int cut = side / 2;
    float[] mask = new float[b * side * side];
    for (int i = 0; i < b; i++) {
      int cy = r.nextInt(side + 1 - cut % 2) - cut / 2;
      int cx = r.nextInt(side + 1 - cut % 2) - cut / 2;
      for (int y = 0; y < side; y++) {
        for (int xx = 0; xx < side; xx++) {
          boolean inside = y >= cy && y < cy + cut && xx >= cx && xx < cx + cut;
          mask[(i * side + y) * side + xx] = inside ? 0f : 1f;
        }
      }
    }
    return x.mul(m.create(mask, new Shape(n, 1, side, side)));
  }

  private static NDArray perSample(NDManager m, int b, SplittableRandom r, double lo, double hi) {
    float[] v = new float[b];
    for (int i = 0; i < b; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return m.create(v, new Shape(b, 1, 1, 1));
  }

  private static NDArray zeroPad(NDArray x, int pad) {
    Shape s = x.getShape();
    NDManager m = x.getManager();
    NDArray side = m.zeros(new Shape(s.get(0), s.get(1), s.get(2), pad));
    NDArray wide = NDArrays.concat(new NDList(side, x, side), 3);
    NDArray top = m.zeros(new Shape(s.get(0), s.get(1), pad, s.get(3) + 2L * pad));
    return NDArrays.concat(new NDList(top, wide, top), 2);
  }
}
