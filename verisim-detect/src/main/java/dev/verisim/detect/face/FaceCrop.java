package dev.verisim.detect.face;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A square face crop ready for a detector.
 *
 * @param crop a fresh {@code TYPE_INT_RGB} image of the requested output size; it shares no pixels
 *     with the source image, so the caller may keep or change it
 * @param box the face the crop was made around; for a fallback, the centre square it was cut from
 * @param wholeImageFallback true when no face was found and the crop is the image's centre square,
 *     so a verdict can say that it judged the whole image, not a face
 */
public record FaceCrop(BufferedImage crop, FaceBox box, boolean wholeImageFallback) {
  public FaceCrop {
    Objects.requireNonNull(crop, "crop");
    Objects.requireNonNull(box, "box");
  }
}
