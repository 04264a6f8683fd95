package dev.verisim.detect.video;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A frame taken from a video at the sampling rate, with the grey levels of the frames right after
 * it (a short burst for temporal cues, which need neighbouring frames, not frames half a second
 * apart).
 *
 * @param index the frame's position in the stream, from 0
 * @param seconds its time from the first frame, in seconds
 * @param rgb the pixels, {@code TYPE_INT_RGB}; not shared with the decoder
 * @param burst 8-bit luma planes (row-major, {@code width * height}) of this frame and the frames
 *     that follow it, in order; the first is this frame's
 */
public record SampledFrame(int index, double seconds, BufferedImage rgb, List<byte[]> burst) {
  public SampledFrame {
    Objects.requireNonNull(rgb, "rgb");
    burst = List.copyOf(burst);
    if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("rgb must be TYPE_INT_RGB, got type " + rgb.getType());
    }
  }

  public int width() {
    return rgb.getWidth();
  }

  public int height() {
    return rgb.getHeight();
  }
}
