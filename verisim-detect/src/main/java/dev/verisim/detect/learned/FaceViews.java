package dev.verisim.detect.learned;

import dev.verisim.detect.face.FaceBox;
import dev.verisim.detect.face.FaceCrop;
import dev.verisim.detect.face.FaceCropper;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What the network looks at in an image, the same in training and in detection: with {@link
 * CnnConfig#faceCrop()}, square crops of the faces found (largest first, at most {@link
 * #MAX_FACES}) or the centre square when there is none; without it, the whole image. Each view is
 * at most {@link Augmentation#CACHE_FACTOR} times the input size, the resolution training augments
 * at.
 */
final class FaceViews {
  /** Faces scored per image: beyond this many, the smallest faces are ignored. */
  static final int MAX_FACES = 8;

  private FaceViews() {}

  /**
   * @param cropper finds and cuts faces; unused, and may be null, without face crops
   */
  static List<FaceCrop> of(BufferedImage rgb, CnnConfig config, FaceCropper cropper) {
    if (!config.faceCrop()) {
      BufferedImage whole = Augmentation.cacheCopy(rgb, config.inputSize());
      return List.of(
          new FaceCrop(whole, new FaceBox(0, 0, rgb.getWidth(), rgb.getHeight(), 0), true));
    }
    int side = (int) Math.round(config.inputSize() * Augmentation.CACHE_FACTOR);
    List<FaceCrop> crops = cropper.crops(rgb, FaceCropper.DEFAULT_MARGIN, side);
    return crops.size() > MAX_FACES ? List.copyOf(crops.subList(0, MAX_FACES)) : crops;
  }
}
