package dev.verisim.gan.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A network's weights by name, in a fixed order. Networks in this package are plain functions of
 * their weights, so a generator, its moving average and a discriminator are just three {@code
 * Weights}: nothing is shared by accident, and which arrays an optimizer step touches is explicit.
 *
 * <p>Trainable weights have gradients attached; state such as spectral normalization's power
 * iteration vectors does not and is only changed by the network itself. Both are saved.
 *
 * <p>Initial values come from a Java {@link SplittableRandom}, not the engine, so a network is the
 * same for the same seed whatever else the engine was asked before.
 */
public final class Weights implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final Map<String, Boolean> trainable = new LinkedHashMap<>();

  public Weights(NDManager parent) {
    this.manager = parent.newSubManager();
  }

  public NDManager manager() {
    return manager;
  }

  /** Adds a trainable weight drawn from N(0, std^2), or a constant when {@code std} is 0. */
  public NDArray add(String name, Shape shape, double std, double constant, SplittableRandom r) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std == 0 ? constant : gaussian(r) * std);
    }
    return put(name, manager.create(v, shape), true);
  }

  /** Adds state that is saved but not trained, with values from N(0, 1). */
  public NDArray addState(String name, Shape shape, SplittableRandom r) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) gaussian(r);
    }
    return put(name, manager.create(v, shape), false);
  }

  private NDArray put(String name, NDArray array, boolean train) {
    if (arrays.containsKey(name)) {
      throw new IllegalArgumentException("duplicate weight " + name);
    }
    array.setName(name);
    if (train) {
      array.setRequiresGradient(true);
    }
    arrays.put(name, array);
    trainable.put(name, train);
    return array;
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no weight " + name);
    }
    return a;
  }

  public boolean isTrainable(String name) {
    return trainable.getOrDefault(name, false);
  }

  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(arrays.keySet()));
  }

  public List<String> trainableNames() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : trainable.entrySet()) {
      if (e.getValue()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    long n = 0;
    for (String name : trainableNames()) {
      n += arrays.get(name).size();
    }
    return n;
  }

  /** Replaces the values of a weight in place (same shape), keeping its gradient attachment. */
  public void set(String name, NDArray values) {
    NDArray target = get(name);
    if (!target.getShape().equals(values.getShape())) {
      throw new IllegalArgumentException(
          "weight " + name + " has shape " + target.getShape() + ", not " + values.getShape());
    }
    values.copyTo(target);
  }

  /**
   * Lends every array to {@code scope} until it closes. An engine operation puts its result in the
   * manager of its first operand, so without this every {@code w.reshape(..)} or {@code w.div(..)}
   * in a forward pass would land in this long-lived manager and native memory would grow by a copy
   * of the weights each step. Call it at the start of every scope that computes with the weights;
   * closing the scope frees the results and returns the weights here.
   */
  public void lendTo(NDManager scope) {
    for (NDArray a : arrays.values()) {
      a.tempAttach(scope);
    }
  }

  /** Sets every gradient to zero, so a backward pass sees only its own contribution. */
  public void zeroGradients() {
    for (String name : trainableNames()) {
      try (NDArray g = arrays.get(name).getGradient()) {
        g.subi(g);
      }
    }
  }

  /** {@code this = decay * this + (1 - decay) * other} for every weight; state is copied. */
  public void moveTowards(Weights other, double decay) {
    try (NDManager scope = manager.newSubManager()) {
      lendTo(scope);
      other.lendTo(scope);
      for (String name : names()) {
        NDArray mine = get(name);
        NDArray theirs = other.get(name);
        if (isTrainable(name)) {
          mine.stopGradient().mul(decay).add(theirs.stopGradient().mul(1 - decay)).copyTo(mine);
        } else {
          theirs.copyTo(mine);
        }
      }
    }
  }

  /** Copies every value from {@code other} (same names and shapes). */
  public void copyFrom(Weights other) {
    for (String name : names()) {
      other.get(name).copyTo(get(name));
    }
  }

  /** Writes all weights in DJL's NDList encoding, replacing the file atomically. */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (NDManager scope = manager.newSubManager()) {
      lendTo(scope);
      NDList list = new NDList();
      for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
        NDArray copy = e.getValue().stopGradient();
        copy.setName(e.getKey());
        list.add(copy);
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        list.encode(out);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads values saved by {@link #save}; every weight must be present with its shape. */
  public void load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      load(in, file.toString());
    }
  }

  public void load(InputStream in, String source) throws IOException {
    try (NDManager scratch = manager.newSubManager()) {
      NDList list = NDList.decode(scratch, in);
      Map<String, NDArray> byName = new LinkedHashMap<>();
      for (NDArray a : list) {
        byName.put(a.getName(), a);
      }
      for (String name : names()) {
        NDArray saved = byName.get(name);
        if (saved == null) {
          throw new IOException(source + " has no weight " + name + ": not this network");
        }
        if (!saved.getShape().equals(get(name).getShape())) {
          throw new IOException(
              source
                  + ": weight "
                  + name
                  + " has shape "
                  + saved.getShape()
                  + ", the network expects "
                  + get(name).getShape());
        }
        set(name, saved);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Standard normal from the Java generator (Box-Muller), reproducible across JVMs. */
  public static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
