package dev.verisim.detect.learned;

import dev.verisim.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.List;

/** Generated training data: natural textures are real, 2x bilinear-upsampled textures are fake. */
final class TinyData {
  private TinyData() {}

  static CnnTrainer.Example real(int size, long seed) {
    return new CnnTrainer.Example(
        "real-" + seed, SyntheticImages.naturalTexture(size, size, seed), 0);
  }

  static CnnTrainer.Example fake(int size, long seed) {
    return new CnnTrainer.Example(
        "fake-" + seed,
        SyntheticImages.upsampled(
            SyntheticImages.naturalTexture(size / 2, size / 2, seed),
            2,
            SyntheticImages.Interpolation.BILINEAR),
        1);
  }

  /** {@code perClass} real and {@code perClass} fake images, seeds from {@code firstSeed}. */
  static List<CnnTrainer.Example> examples(int perClass, int size, long firstSeed) {
    List<CnnTrainer.Example> out = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      out.add(real(size, firstSeed + 2L * i));
      out.add(fake(size, firstSeed + 2L * i + 1));
    }
    return out;
  }

  /** A small config for tests: 48 px, three stages, no augmentation but flips, whole images. */
  static CnnConfig.Builder config() {
    return CnnConfig.builder()
        .optInputSize(48)
        .optWidths(List.of(16, 32, 64))
        .optBatchSize(16)
        .optLearningRate(3e-3)
        .optEpochs(5)
        .optPatience(10)
        .optSeed(11)
        .optAugment(new CnnConfig.Augment(0, 0.5, 0, 0, 0, 0, 0))
        // Textures have no faces: look at the whole image.
        .optFaceCrop(false);
  }
}
