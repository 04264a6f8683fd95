package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam over one network's trainable {@link Weights}, with state that is saved beside a checkpoint
 * so a resumed run continues exactly.
 *
 * <p>Why not DJL's optimizers: they update every parameter of a DJL model, keep their state
 * private, and take weights from {@code Parameter}s; here each network's weights are a plain named
 * set and only the set given to {@link #step} may change, which is what keeps the generator's and
 * the discriminator's updates apart. The arithmetic is the engine's own Adam kernel, as DJL's.
 */
public final class GanAdam implements AutoCloseable {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double epsilon = 1e-8;
  private final NDManager manager;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private int steps;

  public GanAdam(NDManager parent, double lr, double beta1, double beta2) {
    this.manager = parent.newSubManager();
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  public int steps() {
    return steps;
  }

  /** One update of every trainable weight from its gradient; the gradients are zeroed. */
  public void step(Weights weights) {
    steps++;
    double coef1 = 1.0 - Math.pow(beta1, steps);
    double coef2 = 1.0 - Math.pow(beta2, steps);
    float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
    for (String name : weights.trainableNames()) {
      NDArray w = weights.get(name);
      NDArray grad = w.getGradient();
      NDArray mean = means.computeIfAbsent(name, k -> manager.zeros(w.getShape()));
      NDArray variance = variances.computeIfAbsent(name, k -> manager.zeros(w.getShape()));
      w.getNDArrayInternal()
          .adamUpdate(
              new NDList(w, grad, mean, variance),
              new NDList(w),
              (float) lr,
              corrected,
              0f,
              1f,
              -1f,
              (float) beta1,
              (float) beta2,
              (float) epsilon,
              true,
              false);
      grad.close(); // the handle only: the weight keeps its gradient
    }
  }

  public void save(Path file) throws IOException {
    NDList list = new NDList();
    NDArray count = manager.create(new int[] {steps});
    count.setName("@steps");
    list.add(count);
    for (String name : means.keySet()) {
      NDArray m = means.get(name);
      m.setName(name + "/mean");
      list.add(m);
      NDArray v = variances.get(name);
      v.setName(name + "/variance");
      list.add(v);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      list.encode(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    count.close();
  }

  public void load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(manager, in);
      means.clear();
      variances.clear();
      for (NDArray a : list) {
        String name = a.getName();
        if (name.equals("@steps")) {
          steps = a.toIntArray()[0];
        } else if (name.endsWith("/mean")) {
          means.put(name.substring(0, name.length() - 5), a);
        } else if (name.endsWith("/variance")) {
          variances.put(name.substring(0, name.length() - 9), a);
        } else {
          throw new IOException(file + ": unexpected entry " + name);
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
