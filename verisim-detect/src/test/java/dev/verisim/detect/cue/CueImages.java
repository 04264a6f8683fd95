package dev.verisim.detect.cue;

import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.Heatmap;
import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;

/** Builds cue inputs from generated images, without the (separately owned) ImageDecoder. */
final class CueImages {
  private CueImages() {}

  /** Pixels labelled as a PNG (no JPEG history). */
  static CueInput png(BufferedImage image) {
    return new CueInput(
        new StillImage(
            "test.png",
            MediaFormat.PNG,
            ImageFiles.encode(ImageFiles.toRgb(image), "png"),
            ImageFiles.toRgb(image),
            1,
            "8-bit RGB"));
  }

  /** The image saved once as a JPEG at a quality in (0,1], then decoded. */
  static CueInput jpeg(BufferedImage image, float quality) {
    return jpegBytes(ImageFiles.jpeg(image, quality));
  }

  static CueInput jpegBytes(byte[] bytes) {
    return jpegBytes(bytes, 1);
  }

  static CueInput jpegBytes(byte[] bytes, int exifOrientation) {
    return new CueInput(
        new StillImage(
            "test.jpg",
            MediaFormat.JPEG,
            bytes,
            ImageFiles.toRgb(ImageFiles.decode(bytes)),
            exifOrientation,
            "8-bit RGB"));
  }

  /** True when the centre of heatmap cell (x, y) lies inside the pixel rectangle. */
  static boolean cellCentreInside(
      Heatmap map, int x, int y, int imageW, int imageH, int rx, int ry, int rw, int rh) {
    double cx = (x + 0.5) * imageW / map.width();
    double cy = (y + 0.5) * imageH / map.height();
    return cx >= rx && cx < rx + rw && cy >= ry && cy < ry + rh;
  }
}
