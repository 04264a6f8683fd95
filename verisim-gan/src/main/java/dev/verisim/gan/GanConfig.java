package dev.verisim.gan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.gan.net.Dcgan;
import dev.verisim.gan.net.GeneratorNet;
import dev.verisim.gan.net.Network;
import dev.verisim.gan.net.StyleGenerator;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that decides a GAN training run. Saved in the run's {@code run.json}; a resumed run
 * must have the same values (apart from {@link #steps()}, which may grow).
 *
 * @param resolution output side: 32, 64 or 128
 * @param architecture generator architecture
 * @param loss adversarial loss
 * @param crop how a training image becomes a square
 * @param faceMargin with {@link Crop#FACE}, how far the square grows beyond the face box on each
 *     side, as a fraction of the box
 * @param width channels of the widest-resolution layer (doubling towards 4x4, at most 512)
 * @param latent size of the latent vector
 * @param spectralNorm spectral normalization of the discriminator's convolutions
 * @param minibatchStd the discriminator sees the standard deviation across each group of 4 images
 *     as an extra feature map at 4x4 (Karras et al. 2018), so a generator that makes one face for
 *     every latent is easy to tell apart
 * @param r1Gamma weight of the R1 penalty on real images (0: off), applied lazily
 * @param r1Interval apply R1 every this many steps, scaled up to compensate (Karras et al. 2020)
 * @param gpWeight gradient penalty weight for {@link Loss#WGAN_GP}
 * @param diffAugment differentiable augmentation before the discriminator
 * @param emaHalfLifeImages half-life of the generator weight average, in training images
 */
public record GanConfig(
    int resolution,
    Architecture architecture,
    Loss loss,
    Crop crop,
    double faceMargin,
    int width,
    int latent,
    boolean spectralNorm,
    boolean minibatchStd,
    double r1Gamma,
    int r1Interval,
    double gpWeight,
    boolean diffAugment,
    double emaHalfLifeImages,
    int batch,
    int steps,
    double lrGenerator,
    double lrDiscriminator,
    double beta1,
    double beta2,
    double heldOutFraction,
    int checkpointEvery,
    int sampleEvery,
    int logEvery,
    long seed) {

  /** Generator architectures. */
  public enum Architecture {
    /** Transposed-convolution DCGAN with pixel norm. */
    DCGAN,
    /** Style-based: mapping network, modulated convolutions, per-layer noise. */
    STYLE
  }

  /** Adversarial losses. */
  public enum Loss {
    /** The non-saturating logistic loss of Goodfellow et al. 2014. */
    NON_SATURATING,
    /** The hinge loss of Lim and Ye 2017, as used by SAGAN and BigGAN. */
    HINGE,
    /** Wasserstein loss with a gradient penalty (Gulrajani et al. 2017). */
    WGAN_GP
  }

  /** How training images are cut square. */
  public enum Crop {
    CENTRE,
    FACE
  }

  public GanConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(crop, "crop");
    require(
        resolution == 32 || resolution == 64 || resolution == 128,
        "resolution must be 32, 64 or 128, got " + resolution);
    require(
        architecture != Architecture.STYLE || resolution <= 64,
        "the style generator is built for 32 and 64 pixels, got " + resolution);
    require(faceMargin >= 0 && faceMargin <= 1, "face margin must be in [0, 1]");
    require(width >= 4 && width <= 512, "width must be in [4, 512], got " + width);
    require(latent >= 8 && latent <= 1024, "latent size must be in [8, 1024], got " + latent);
    require(r1Gamma >= 0, "R1 gamma must be >= 0");
    require(r1Interval >= 1, "R1 interval must be >= 1");
    require(gpWeight >= 0, "gradient penalty weight must be >= 0");
    require(emaHalfLifeImages >= 0, "EMA half-life must be >= 0");
    require(batch >= 2 && batch <= 1024, "batch must be in [2, 1024], got " + batch);
    require(steps >= 1, "steps must be >= 1, got " + steps);
    require(lrGenerator > 0 && lrDiscriminator > 0, "learning rates must be > 0");
    require(beta1 >= 0 && beta1 < 1 && beta2 > 0 && beta2 < 1, "Adam betas must be in [0, 1)");
    require(heldOutFraction >= 0 && heldOutFraction < 0.9, "held-out fraction must be in [0, 0.9)");
    require(checkpointEvery >= 1 && sampleEvery >= 1 && logEvery >= 1, "intervals must be >= 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The defaults: a 64 px DCGAN, a discriminator regularized by R1 (gamma 1, every 16 steps) rather
   * than spectral norm, DiffAugment, non-saturating loss. On the 2,000 LFW faces the spectrally
   * normalized discriminator stayed at chance (loss 1.38 of 1.39) and the generator collapsed to
   * one face by step 1,500; with R1 it learned varied faces (the shipped model's model card).
   */
  public static GanConfig defaults() {
    return new GanConfig(
        64,
        Architecture.DCGAN,
        Loss.NON_SATURATING,
        Crop.FACE,
        0.15,
        32,
        128,
        false,
        true,
        1,
        16,
        10,
        true,
        10_000,
        64,
        10_000,
        2e-4,
        2e-4,
        0.5,
        0.999,
        0.1,
        500,
        250,
        25,
        1);
  }

  public GeneratorNet generator() {
    return switch (architecture) {
      case DCGAN -> new Dcgan.Generator(resolution, width, latent);
      case STYLE -> new StyleGenerator(resolution, width, latent);
    };
  }

  public Network discriminator() {
    return new Dcgan.Discriminator(resolution, width, spectralNorm, minibatchStd);
  }

  /** The per-step decay of the generator weight average. */
  public double emaDecay() {
    return emaHalfLifeImages == 0 ? 0 : Math.pow(0.5, batch / emaHalfLifeImages);
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("resolution", resolution);
    n.put("architecture", architecture.name().toLowerCase(Locale.ROOT));
    n.put("loss", loss.name().toLowerCase(Locale.ROOT));
    n.put("crop", crop.name().toLowerCase(Locale.ROOT));
    n.put("face_margin", faceMargin);
    n.put("width", width);
    n.put("latent", latent);
    n.put("spectral_norm", spectralNorm);
    n.put("minibatch_std", minibatchStd);
    n.put("r1_gamma", r1Gamma);
    n.put("r1_interval", r1Interval);
    n.put("gp_weight", gpWeight);
    n.put("diff_augment", diffAugment);
    n.put("ema_half_life_images", emaHalfLifeImages);
    n.put("batch", batch);
    n.put("steps", steps);
    n.put("lr_generator", lrGenerator);
    n.put("lr_discriminator", lrDiscriminator);
    n.put("beta1", beta1);
    n.put("beta2", beta2);
    n.put("held_out_fraction", heldOutFraction);
    n.put("checkpoint_every", checkpointEvery);
    n.put("sample_every", sampleEvery);
    n.put("log_every", logEvery);
    n.put("seed", seed);
    return n;
  }

  public static GanConfig fromJson(com.fasterxml.jackson.databind.JsonNode n) {
    return new GanConfig(
        n.path("resolution").asInt(),
        Architecture.valueOf(n.path("architecture").asText().toUpperCase(Locale.ROOT)),
        Loss.valueOf(n.path("loss").asText().toUpperCase(Locale.ROOT)),
        Crop.valueOf(n.path("crop").asText().toUpperCase(Locale.ROOT)),
        n.path("face_margin").asDouble(),
        n.path("width").asInt(),
        n.path("latent").asInt(),
        n.path("spectral_norm").asBoolean(),
        n.path("minibatch_std").asBoolean(false),
        n.path("r1_gamma").asDouble(),
        n.path("r1_interval").asInt(),
        n.path("gp_weight").asDouble(),
        n.path("diff_augment").asBoolean(),
        n.path("ema_half_life_images").asDouble(),
        n.path("batch").asInt(),
        n.path("steps").asInt(),
        n.path("lr_generator").asDouble(),
        n.path("lr_discriminator").asDouble(),
        n.path("beta1").asDouble(),
        n.path("beta2").asDouble(),
        n.path("held_out_fraction").asDouble(),
        n.path("checkpoint_every").asInt(),
        n.path("sample_every").asInt(),
        n.path("log_every").asInt(),
        n.path("seed").asLong());
  }

  /** A copy with another step budget (the one setting a resumed run may change). */
  public GanConfig withSteps(int newSteps) {
    return toBuilder().optSteps(newSteps).build();
  }

  /** A builder starting from {@link #defaults()}; every setting is optional. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link GanConfig}; values are checked by {@link #build()}. */
  public static final class Builder {
    private int resolution;
    private Architecture architecture;
    private Loss loss;
    private Crop crop;
    private double faceMargin;
    private int width;
    private int latent;
    private boolean spectralNorm;
    private boolean minibatchStd;
    private double r1Gamma;
    private int r1Interval;
    private double gpWeight;
    private boolean diffAugment;
    private double emaHalfLifeImages;
    private int batch;
    private int steps;
    private double lrGenerator;
    private double lrDiscriminator;
    private double beta1;
    private double beta2;
    private double heldOutFraction;
    private int checkpointEvery;
    private int sampleEvery;
    private int logEvery;
    private long seed;

    private Builder(GanConfig c) {
      resolution = c.resolution();
      architecture = c.architecture();
      loss = c.loss();
      crop = c.crop();
      faceMargin = c.faceMargin();
      width = c.width();
      latent = c.latent();
      spectralNorm = c.spectralNorm();
      minibatchStd = c.minibatchStd();
      r1Gamma = c.r1Gamma();
      r1Interval = c.r1Interval();
      gpWeight = c.gpWeight();
      diffAugment = c.diffAugment();
      emaHalfLifeImages = c.emaHalfLifeImages();
      batch = c.batch();
      steps = c.steps();
      lrGenerator = c.lrGenerator();
      lrDiscriminator = c.lrDiscriminator();
      beta1 = c.beta1();
      beta2 = c.beta2();
      heldOutFraction = c.heldOutFraction();
      checkpointEvery = c.checkpointEvery();
      sampleEvery = c.sampleEvery();
      logEvery = c.logEvery();
      seed = c.seed();
    }

    public Builder optResolution(int value) {
      resolution = value;
      return this;
    }

    public Builder optArchitecture(Architecture value) {
      architecture = value;
      return this;
    }

    public Builder optLoss(Loss value) {
      loss = value;
      return this;
    }

    public Builder optCrop(Crop value) {
      crop = value;
      return this;
    }

    public Builder optFaceMargin(double value) {
      faceMargin = value;
      return this;
    }

    public Builder optWidth(int value) {
      width = value;
      return this;
    }

    public Builder optLatent(int value) {
      latent = value;
      return this;
    }

    public Builder optSpectralNorm(boolean value) {
      spectralNorm = value;
      return this;
    }

    public Builder optMinibatchStd(boolean value) {
      minibatchStd = value;
      return this;
    }

    public Builder optR1Gamma(double value) {
      r1Gamma = value;
      return this;
    }

    public Builder optR1Interval(int value) {
      r1Interval = value;
      return this;
    }

    public Builder optGpWeight(double value) {
      gpWeight = value;
      return this;
    }

    public Builder optDiffAugment(boolean value) {
      diffAugment = value;
      return this;
    }

    public Builder optEmaHalfLifeImages(double value) {
      emaHalfLifeImages = value;
      return this;
    }

    public Builder optBatch(int value) {
      batch = value;
      return this;
    }

    public Builder optSteps(int value) {
      steps = value;
      return this;
    }

    public Builder optLrGenerator(double value) {
      lrGenerator = value;
      return this;
    }

    public Builder optLrDiscriminator(double value) {
      lrDiscriminator = value;
      return this;
    }

    public Builder optBeta1(double value) {
      beta1 = value;
      return this;
    }

    public Builder optBeta2(double value) {
      beta2 = value;
      return this;
    }

    public Builder optHeldOutFraction(double value) {
      heldOutFraction = value;
      return this;
    }

    public Builder optCheckpointEvery(int value) {
      checkpointEvery = value;
      return this;
    }

    public Builder optSampleEvery(int value) {
      sampleEvery = value;
      return this;
    }

    public Builder optLogEvery(int value) {
      logEvery = value;
      return this;
    }

    public Builder optSeed(long value) {
      seed = value;
      return this;
    }

    public GanConfig build() {
      return new GanConfig(
          resolution,
          architecture,
          loss,
          crop,
          faceMargin,
          width,
          latent,
          spectralNorm,
          minibatchStd,
          r1Gamma,
          r1Interval,
          gpWeight,
          diffAugment,
          emaHalfLifeImages,
          batch,
          steps,
          lrGenerator,
          lrDiscriminator,
          beta1,
          beta2,
          heldOutFraction,
          checkpointEvery,
          sampleEvery,
          logEvery,
          seed);
    }
  }
}
