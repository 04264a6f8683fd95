package dev.verisim.detect.cue;

import dev.verisim.core.media.StillImage;
import java.util.Objects;

/**
 * One image prepared for the cues: the decoded image, and its luminance over the analysis window,
 * computed once and shared by the pixel cues. Confined to one thread.
 *
 * <p>The analysis window is the whole image up to {@link #MAX_WINDOW} pixels a side; a larger image
 * is analysed on a centred {@code MAX_WINDOW x MAX_WINDOW} crop whose corner lies on the 8x8 JPEG
 * block grid. The crop keeps native resolution, because resampling would erase exactly the traces
 * (upsampling peaks, compression blocks, sensor noise) the cues look for; it bounds time and memory
 * on large photos at the price of not looking at their borders.
 */
public final class CueInput {
  /** Largest side of the analysis window, in pixels. */
  public static final int MAX_WINDOW = 2048;

  private final StillImage image;
  private LumaPlane luma;

  public CueInput(StillImage image) {
    this.image = Objects.requireNonNull(image, "image");
  }

  public StillImage image() {
    return image;
  }

  /** Luminance of the analysis window. */
  public LumaPlane luma() {
    if (luma == null) {
      int w = Math.min(image.width(), MAX_WINDOW);
      int h = Math.min(image.height(), MAX_WINDOW);
      int x0 = ((image.width() - w) / 2) & ~7;
      int y0 = ((image.height() - h) / 2) & ~7;
      luma = LumaPlane.of(image.rgb(), x0, y0, w, h);
    }
    return luma;
  }

  /** True when the analysis window is a crop of a larger image. */
  public boolean cropped() {
    return image.width() > MAX_WINDOW || image.height() > MAX_WINDOW;
  }
}
