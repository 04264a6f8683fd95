package dev.verisim.detect.learned;

import java.util.List;

/**
 * How a {@link CnnTrainer} trains the learned detector. Validated when built: an error names the
 * field and the value found. Stored beside every run (in {@code detector.json} and {@code
 * provenance.json}) so a run knows how it was made.
 *
 * <pre>{@code
 * CnnConfig config = CnnConfig.builder().optInputSize(64).optEpochs(10).optSeed(7).build();
 * }</pre>
 *
 * @param inputSize the square side, in pixels, every image is resized to before the network
 * @param widths output channels of each convolution stage; each stage halves the resolution
 * @param epochs the most epochs to train (early stopping may end sooner)
 * @param batchSize images per optimizer step
 * @param learningRate Adam's learning rate
 * @param weightDecay L2 weight decay applied by Adam
 * @param seed seeds the split, the initial weights, the batch order and every augmentation
 * @param validationFraction the share of each class held out for validation AUC and calibration
 * @param patience epochs without a better validation AUC before training stops
 * @param augment probabilities of each training-time augmentation
 * @param faceCrop look at the largest face (found by {@code FaceFinder}, cut with {@code
 *     FaceCropper}'s default margin) instead of the whole image, in training and in detection; the
 *     image's centre square when no face is found
 */
public record CnnConfig(
    int inputSize,
    List<Integer> widths,
    int epochs,
    int batchSize,
    double learningRate,
    double weightDecay,
    long seed,
    double validationFraction,
    int patience,
    Augment augment,
    boolean faceCrop) {

  /**
   * The probability of each augmentation per training image (0 switches it off). The ranges are
   * fixed where they are applied, in {@link Augmentation}.
   *
   * @param crop a random crop of 70-100% of the shorter side
   * @param flip a horizontal flip
   * @param rescale downscaling by 0.5-1.0 (the network's own resize brings it back up)
   * @param blur a box blur of radius 1
   * @param noise Gaussian noise of sigma 1-6 grey levels
   * @param colour brightness, contrast and saturation jitter of up to 20% each
   * @param jpeg JPEG re-compression at a quality in [50,95] (harsher settings erased the traces the
   *     network learns from faster than they taught robustness; the robustness table of {@code
   *     verisim eval} shows what q30 does)
   */
  public record Augment(
      double crop,
      double flip,
      double rescale,
      double blur,
      double noise,
      double colour,
      double jpeg) {
    /** What makes a detector generalise: every augmentation, each on some images only. */
    public static final Augment DEFAULT = new Augment(0.5, 0.5, 0.5, 0.2, 0.2, 0.5, 0.7);

    /** No augmentation: every epoch sees the same pixels. */
    public static final Augment NONE = new Augment(0, 0, 0, 0, 0, 0, 0);

    public Augment {
      probability("augment.crop", crop);
      probability("augment.flip", flip);
      probability("augment.rescale", rescale);
      probability("augment.blur", blur);
      probability("augment.noise", noise);
      probability("augment.colour", colour);
      probability("augment.jpeg", jpeg);
    }

    private static void probability(String field, double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(field + " must be a probability in [0,1], got " + p);
      }
    }
  }

  public CnnConfig {
    if (inputSize < 16 || inputSize > 512) {
      throw new IllegalArgumentException("inputSize must be in [16,512], got " + inputSize);
    }
    if (widths == null || widths.isEmpty() || widths.size() > 6) {
      throw new IllegalArgumentException("widths must list 1 to 6 stage widths, got " + widths);
    }
    widths = List.copyOf(widths);
    for (int w : widths) {
      if (w < 1 || w > 512) {
        throw new IllegalArgumentException(
            "widths must each be in [1,512], got " + w + " in " + widths);
      }
    }
    if (inputSize >> widths.size() < 1) {
      throw new IllegalArgumentException(
          "inputSize "
              + inputSize
              + " is too small for "
              + widths.size()
              + " stages that each halve it (widths "
              + widths
              + ")");
    }
    if (epochs < 1 || epochs > 10_000) {
      throw new IllegalArgumentException("epochs must be in [1,10000], got " + epochs);
    }
    if (batchSize < 2 || batchSize > 4096) {
      // Batch norm needs two images per batch to have a variance.
      throw new IllegalArgumentException("batchSize must be in [2,4096], got " + batchSize);
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate must be in (0,1], got " + learningRate);
    }
    if (!(weightDecay >= 0 && weightDecay <= 1)) {
      throw new IllegalArgumentException("weightDecay must be in [0,1], got " + weightDecay);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0,1), got " + validationFraction);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, got " + patience);
    }
    if (augment == null) {
      throw new IllegalArgumentException("augment must not be null");
    }
  }

  /** The defaults: 96 px input, four stages of 24-192 channels, 30 epochs, batch 32, Adam 1e-3. */
  public static CnnConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.inputSize = inputSize;
    b.widths = widths;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.seed = seed;
    b.validationFraction = validationFraction;
    b.patience = patience;
    b.augment = augment;
    b.faceCrop = faceCrop;
    return b;
  }

  /** Builds a {@link CnnConfig}; every field is optional and starts at its default. */
  public static final class Builder {
    private int inputSize = 96;
    private List<Integer> widths = List.of(24, 48, 96, 192);
    private int epochs = 30;
    private int batchSize = 32;
    private double learningRate = 1e-3;
    private double weightDecay = 1e-4;
    private long seed = 7;
    private double validationFraction = 0.2;
    private int patience = 5;
    private Augment augment = Augment.DEFAULT;
    private boolean faceCrop = true;

    private Builder() {}

    public Builder optInputSize(int inputSize) {
      this.inputSize = inputSize;
      return this;
    }

    public Builder optWidths(List<Integer> widths) {
      this.widths = widths;
      return this;
    }

    public Builder optEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optValidationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    public Builder optPatience(int patience) {
      this.patience = patience;
      return this;
    }

    public Builder optAugment(Augment augment) {
      this.augment = augment;
      return this;
    }

    public Builder optFaceCrop(boolean faceCrop) {
      this.faceCrop = faceCrop;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the field and the value when one is out of range
     */
    public CnnConfig build() {
      return new CnnConfig(
          inputSize,
          widths,
          epochs,
          batchSize,
          learningRate,
          weightDecay,
          seed,
          validationFraction,
          patience,
          augment,
          faceCrop);
    }
  }
}
