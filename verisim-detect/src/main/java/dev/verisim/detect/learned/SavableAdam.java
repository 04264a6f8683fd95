package dev.verisim.detect.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adam whose state (each parameter's first and second moment estimates and update count) can be
 * saved beside a checkpoint and loaded when a run resumes.
 *
 * <p>Why we wrote it: DJL's {@code Adam} keeps its moments and counts in private fields with no way
 * to read or set them, so a resumed run would restart its moments from zero and its bias correction
 * from step one, and train differently from an uninterrupted run.
 *
 * <p>The update is the one {@code Optimizer.adam()} makes, computed by the same engine kernel with
 * the same arguments, so training is unchanged: the gradient is multiplied by {@code rescaleGrad},
 * clipped when {@code clipGrad >= 0}, and {@code weightDecay * weight} is added (L2, not AdamW);
 * then {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2}, {@code w -= lr
 * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}. As in DJL, {@code t} is the highest
 * update count of any parameter so far. The kernel also zeroes the weight's gradient, as it does
 * for DJL's Adam.
 *
 * <p>The state lives on one device, in the manager given to {@link Builder#build(NDManager)}. The
 * saved file is DJL's NDList encoding: per parameter, by its name in the block (DJL gives
 * parameters new ids in every model instance), {@code NAME/mean}, {@code NAME/variance} and {@code
 * NAME/steps}.
 */
final class SavableAdam extends Optimizer {
  private final ParameterTracker learningRateTracker;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final NDManager manager;

  // By parameter id. Guarded by this: DJL may update parameters from several threads.
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();
  private int highestStep;

  private SavableAdam(Builder builder, NDManager manager) {
    super(builder);
    this.learningRateTracker = builder.learningRateTracker;
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
    int t = Math.max(highestStep, steps.merge(parameterId, 1, Integer::sum));
    highestStep = t;
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float lr = learningRateTracker.getNewValue(parameterId, t);
    float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
    float weightDecay = getWeightDecay();
    if (!Float.isFinite(lrCorrected) || !Float.isFinite(weightDecay)) {
      throw new IllegalStateException("learning rate or weight decay is nan or infinite");
    }
    NDArray mean = means.computeIfAbsent(parameterId, k -> zerosLike(weight));
    NDArray variance = variances.computeIfAbsent(parameterId, k -> zerosLike(weight));
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, mean, variance),
            new NDList(weight),
            lr,
            lrCorrected,
            weightDecay,
            rescaleGrad,
            clipGrad,
            beta1,
            beta2,
            epsilon,
            true,
            false);
  }

  private NDArray zerosLike(NDArray weight) {
    return manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
  }

  /**
   * Writes the state of the given parameters (a block's {@code getParameters()}) to a file,
   * replacing it atomically. Parameters not updated yet are left out.
   */
  synchronized void save(Path file, ParameterList parameters) throws IOException {
    NDList list = new NDList();
    try (NDManager scratch = manager.newSubManager()) {
      for (Pair<String, Parameter> p : parameters) {
        String id = p.getValue().getId();
        Integer count = steps.get(id);
        if (count == null) {
          continue;
        }
        list.add(named(means.get(id), p.getKey() + "/mean"));
        list.add(named(variances.get(id), p.getKey() + "/variance"));
        list.add(named(scratch.create(new int[] {count}), p.getKey() + "/steps"));
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        list.encode(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  /**
   * Replaces the state with the one saved in a file, matching parameters by name. The parameters
   * must be initialised (their shapes are checked).
   *
   * @throws IOException if the file is unreadable or does not fit the parameters
   */
  synchronized void load(Path file, ParameterList parameters) throws IOException {
    Map<String, NDArray> byName = new HashMap<>();
    try (NDManager scratch = manager.newSubManager();
        InputStream in = Files.newInputStream(file)) {
      NDList list;
      try {
        list = NDList.decode(scratch, in);
      } catch (RuntimeException e) {
        throw new IOException("optimizer state " + file + " is unreadable: " + e.getMessage(), e);
      }
      for (NDArray a : list) {
        byName.put(a.getName(), a);
      }
      Map<String, NDArray> newMeans = new HashMap<>();
      Map<String, NDArray> newVariances = new HashMap<>();
      Map<String, Integer> newSteps = new HashMap<>();
      int found = 0;
      for (Pair<String, Parameter> p : parameters) {
        String name = p.getKey();
        NDArray count = byName.get(name + "/steps");
        if (count == null) {
          continue;
        }
        Shape shape = p.getValue().getArray().getShape();
        NDArray mean = byName.get(name + "/mean");
        NDArray variance = byName.get(name + "/variance");
        if (mean == null
            || variance == null
            || !shape.equals(mean.getShape())
            || !shape.equals(variance.getShape())
            || count.getDataType() != DataType.INT32
            || count.size() != 1) {
          throw new IOException(
              "optimizer state " + file + " does not fit parameter " + name + " " + shape);
        }
        String id = p.getValue().getId();
        // Copies in the optimizer's manager, owning their memory: the kernel updates them in place.
        newMeans.put(id, mean.duplicate());
        newVariances.put(id, variance.duplicate());
        newSteps.put(id, count.toIntArray()[0]);
        found += 3;
      }
      if (found != byName.size()) {
        throw new IOException(
            "optimizer state "
                + file
                + " holds parameters the network does not: "
                + byName.keySet());
      }
      for (NDArray a : newMeans.values()) {
        a.attach(manager);
      }
      for (NDArray a : newVariances.values()) {
        a.attach(manager);
      }
      clear();
      means.putAll(newMeans);
      variances.putAll(newVariances);
      steps.putAll(newSteps);
      highestStep = newSteps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }

  private void clear() {
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
    steps.clear();
    highestStep = 0;
  }

  /**
   * The builder of a {@link SavableAdam}, with DJL's Adam defaults. {@code optBeginNumUpdate} is
   * not supported (DJL keeps it private): counts start at zero or at the loaded state's.
   */
  static final class Builder extends Optimizer.OptimizerBuilder<Builder> {
    private ParameterTracker learningRateTracker = Tracker.fixed(0.001f);
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    Builder optLearningRateTracker(ParameterTracker tracker) {
      this.learningRateTracker = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    Builder optBeta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    Builder optBeta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * @param manager holds the moment estimates; close it after training
     */
    SavableAdam build(NDManager manager) {
      return new SavableAdam(this, manager);
    }
  }
}
