package dev.verisim.detect.face;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts square, resized face crops out of an image for a detector; when no face is found, the
 * image's centre square instead, marked as a fallback so the verdict can say it judged the whole
 * image.
 *
 * <p>Each crop is the face box grown by {@code margin} times the box's size on every side (forgery
 * traces often sit at the blend boundary around the face, just outside the box), made square around
 * the box's centre. A square that would leave the image is shifted back inside it, and shrunk to
 * the image's shorter side if it is larger, so crops never contain padding a detector could learn
 * from.
 *
 * <p>Thread-safe if its {@link FaceFinder} is (the default one is). The cropper does not own the
 * finder: close the finder yourself.
 *
 * <pre>{@code
 * try (FaceFinder finder = FaceFinder.create()) {
 *   FaceCropper cropper = new FaceCropper(finder);
 *   for (FaceCrop face : cropper.crops(image, FaceCropper.DEFAULT_MARGIN, 224)) {
 *     score(face.crop()); // 224x224, TYPE_INT_RGB
 *   }
 * }
 * }</pre>
 */
public final class FaceCropper {
  /** 0.3 of the box on each side: the whole head and the blend boundary, little background. */
  public static final double DEFAULT_MARGIN = 0.3;

  /** Largest crop side accepted, to bound the memory a caller's typo can take. */
  static final int MAX_OUTPUT_SIZE = 4096;

  private final FaceFinder finder;

  public FaceCropper(FaceFinder finder) {
    this.finder = Objects.requireNonNull(finder, "finder");
  }

  /**
   * Crops every face found, largest first; if none is found, one crop of the centre square with
   * {@link FaceCrop#wholeImageFallback()} set.
   *
   * @param margin how far to grow the box on each side, as a fraction of its size; {@code >= 0}
   * @param outputSize side of the square crops, in pixels
   * @return at least one crop
   */
  public List<FaceCrop> crops(BufferedImage image, double margin, int outputSize) {
    Objects.requireNonNull(image, "image");
    checkArguments(margin, outputSize);
    return crops(image, finder.find(image), margin, outputSize);
  }

  /** {@link #crops(BufferedImage, double, int)} for boxes found already. */
  static List<FaceCrop> crops(
      BufferedImage image, List<FaceBox> faces, double margin, int outputSize) {
    checkArguments(margin, outputSize);
    if (faces.isEmpty()) {
      return List.of(wholeImage(image, outputSize));
    }
    List<FaceCrop> crops = new ArrayList<>(faces.size());
    for (FaceBox face : faces) {
      Rectangle region = cropRegion(image.getWidth(), image.getHeight(), face, margin);
      crops.add(new FaceCrop(resized(image, region, outputSize), face, false));
    }
    return List.copyOf(crops);
  }

  /** The centre square of the image, resized, marked as a fallback. */
  static FaceCrop wholeImage(BufferedImage image, int outputSize) {
    int side = Math.min(image.getWidth(), image.getHeight());
    int x = (image.getWidth() - side) / 2;
    int y = (image.getHeight() - side) / 2;
    Rectangle region = new Rectangle(x, y, side, side);
    return new FaceCrop(resized(image, region, outputSize), new FaceBox(x, y, side, side, 0), true);
  }

  /**
   * The square cut around {@code face}: side {@code max(w, h) * (1 + 2 margin)}, at most the
   * image's shorter side, centred on the box and shifted to lie inside the image.
   */
  public static Rectangle cropRegion(int imageWidth, int imageHeight, FaceBox face, double margin) {
    int grown = (int) Math.round(Math.max(face.width(), face.height()) * (1.0 + 2.0 * margin));
    int side = Math.max(1, Math.min(grown, Math.min(imageWidth, imageHeight)));
    int x = (int) Math.round(face.centerX() - side / 2.0);
    int y = (int) Math.round(face.centerY() - side / 2.0);
    x = Math.max(0, Math.min(x, imageWidth - side));
    y = Math.max(0, Math.min(y, imageHeight - side));
    return new Rectangle(x, y, side, side);
  }

  /** Copies {@code region} into a new {@code size x size} TYPE_INT_RGB image. */
  public static BufferedImage resized(BufferedImage image, Rectangle region, int size) {
    BufferedImage source = image.getSubimage(region.x, region.y, region.width, region.height);
    int side = region.width;
    // One bilinear step from far above the target samples only a few source pixels per output
    // pixel and aliases; halving first averages them all, like an area filter.
    while (side >= 2 * size) {
      side = side / 2;
      source = draw(source, side);
    }
    return draw(source, size);
  }

  private static BufferedImage draw(BufferedImage source, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION,
          size > source.getWidth()
              ? RenderingHints.VALUE_INTERPOLATION_BICUBIC
              : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void checkArguments(double margin, int outputSize) {
    if (!(margin >= 0.0 && margin <= 10.0)) {
      throw new IllegalArgumentException("margin must be in [0, 10], got " + margin);
    }
    if (outputSize <= 0 || outputSize > MAX_OUTPUT_SIZE) {
      throw new IllegalArgumentException(
          "outputSize must be in [1, " + MAX_OUTPUT_SIZE + "], got " + outputSize);
    }
  }
}
