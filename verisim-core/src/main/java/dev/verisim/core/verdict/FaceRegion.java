package dev.verisim.core.verdict;

/**
 * A face a detector scored, in the pixel coordinates of the upright image.
 *
 * @param x left edge of the face box
 * @param y top edge
 * @param width box width
 * @param height box height
 * @param pFake the calibrated probability that this face is fake, on its own
 * @param wholeImage true when no face was found and the detector judged the image's centre square
 *     (the box) instead
 */
public record FaceRegion(int x, int y, int width, int height, double pFake, boolean wholeImage) {
  public FaceRegion {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "face box must have a positive size, got " + width + "x" + height);
    }
    if (!(pFake >= 0 && pFake <= 1)) {
      throw new IllegalArgumentException("face p_fake must be in [0,1], got " + pFake);
    }
  }
}
