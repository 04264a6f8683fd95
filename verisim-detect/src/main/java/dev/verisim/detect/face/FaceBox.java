package dev.verisim.detect.face;

/**
 * A face found in an image, in the pixel coordinates of the upright image that was searched.
 *
 * @param x left edge, in pixels
 * @param y top edge, in pixels
 * @param width width in pixels
 * @param height height in pixels
 * @param neighbours how many overlapping cascade hits were merged into this box; more means a surer
 *     face (the Haar cascade gives no calibrated confidence). 0 for a box that no detector
 *     produced, such as the whole-image fallback.
 */
public record FaceBox(int x, int y, int width, int height, int neighbours) {
  public FaceBox {
    if (x < 0 || y < 0) {
      throw new IllegalArgumentException("x and y must be >= 0, got " + x + ", " + y);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "width and height must be positive, got " + width + "x" + height);
    }
    if (neighbours < 0) {
      throw new IllegalArgumentException("neighbours must be >= 0, got " + neighbours);
    }
  }

  /** Width times height, the order {@link FaceFinder#find} sorts by. */
  public long area() {
    return (long) width * height;
  }

  /** Horizontal centre, in pixels. */
  public double centerX() {
    return x + width / 2.0;
  }

  /** Vertical centre, in pixels. */
  public double centerY() {
    return y + height / 2.0;
  }
}
