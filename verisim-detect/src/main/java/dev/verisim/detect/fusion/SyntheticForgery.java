package dev.verisim.detect.fusion;

import dev.verisim.core.media.Degradations;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Manipulations applied to real images to make labelled forgeries with known traces, so the fusion
 * model learns what each cue is for even where the face sets lack such forgeries (the idea of
 * training on self-made forgeries, as in Face X-ray and self-blended images). Each returns the
 * encoded file's bytes.
 */
public enum SyntheticForgery {
  /** Half size, then upsampled 2x: the periodic trace of a generator's upsampling layers. */
  UPSAMPLED {
    @Override
    byte[] apply(BufferedImage real, SplittableRandom rnd) {
      BufferedImage half = Degradations.scale(real, 0.5);
      BufferedImage up = Degradations.resize(half, half.getWidth() * 2, half.getHeight() * 2);
      return rnd.nextInt(3) == 0
          ? Degradations.png(up)
          : Degradations.jpeg(up, 85 + rnd.nextInt(11));
    }
  },
  /** A block-aligned region smoothed or made noisier: a local edit with other noise. */
  SPLICED {
    @Override
    byte[] apply(BufferedImage real, SplittableRandom rnd) {
      int w = real.getWidth();
      int h = real.getHeight();
      int rw = Math.max(8, (int) (w * (0.3 + 0.25 * rnd.nextDouble())) & ~7);
      int rh = Math.max(8, (int) (h * (0.3 + 0.25 * rnd.nextDouble())) & ~7);
      int x = (rnd.nextInt(Math.max(1, w - rw + 1))) & ~7;
      int y = (rnd.nextInt(Math.max(1, h - rh + 1))) & ~7;
      BufferedImage donor =
          rnd.nextBoolean()
              ? Degradations.blur(real, 1 + rnd.nextInt(2))
              : Degradations.noise(real, 4 + 6 * rnd.nextDouble(), rnd.nextLong());
      BufferedImage out = Degradations.resize(real, w, h);
      int[] region = donor.getRGB(x, y, rw, rh, null, 0, rw);
      out.setRGB(x, y, rw, rh, region, 0, rw);
      return finalEncoding(out, rnd);
    }
  },
  /** Saved at a low JPEG quality, then again at a higher one on the same block grid. */
  DOUBLE_COMPRESSED {
    @Override
    byte[] apply(BufferedImage real, SplittableRandom rnd) {
      byte[] first = Degradations.jpeg(real, 50 + rnd.nextInt(21)); // then 75-95: q2 > q1
      try {
        BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(first));
        return Degradations.jpeg(
            Degradations.resize(decoded, decoded.getWidth(), decoded.getHeight()),
            85 + rnd.nextInt(11));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("decoding an in-memory JPEG failed", e);
      }
    }
  };

  abstract byte[] apply(BufferedImage real, SplittableRandom rnd);

  /**
   * The same final encoding as the laundered real images (PNG one in four, else JPEG quality
   * U[60,95]), so the file format says nothing about the label.
   */
  static byte[] finalEncoding(BufferedImage image, SplittableRandom rnd) {
    boolean lossless = rnd.nextInt(4) == 0;
    int quality = 60 + rnd.nextInt(36);
    return lossless ? Degradations.png(image) : Degradations.jpeg(image, quality);
  }
}
