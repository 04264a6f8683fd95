package dev.verisim.core.media;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF Orientation tag: how the stored pixels must be turned to show the picture upright.
 * Cameras store the sensor's rows as they come and record the camera's rotation here.
 */
final class ExifOrientation {
  private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);

  private ExifOrientation() {}

  /**
   * The orientation (1..8) from the EXIF IFD0 of a JPEG, TIFF, WebP or PNG (eXIf chunk); 1 when
   * absent, out of range or unreadable. BMP and GIF carry no EXIF.
   */
  static int read(MediaFormat format, byte[] bytes) {
    if (format == MediaFormat.BMP || format == MediaFormat.GIF) {
      return 1;
    }
    try {
      Metadata metadata =
          ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
      for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          int orientation = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
          return orientation >= 1 && orientation <= 8 ? orientation : 1;
        }
      }
    } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
      // Broken metadata should not cost the user the picture: show it as stored.
      LOG.debug("EXIF orientation unreadable, assuming 1", e);
    }
    return 1;
  }

  /**
   * Returns the image turned upright for an orientation tag. 1 returns the same image; 5 to 8 swap
   * width and height.
   */
  static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation == 1) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        // (x, y) is a stored pixel; (ox, oy) is where it shows in the upright picture.
        int ox;
        int oy;
        switch (orientation) {
          case 2 -> { // mirrored left to right
            ox = w - 1 - x;
            oy = y;
          }
          case 3 -> { // rotated 180
            ox = w - 1 - x;
            oy = h - 1 - y;
          }
          case 4 -> { // mirrored top to bottom
            ox = x;
            oy = h - 1 - y;
          }
          case 5 -> { // transposed: stored rows become columns, left to right
            ox = y;
            oy = x;
          }
          case 6 -> { // needs 90 degrees clockwise
            ox = h - 1 - y;
            oy = x;
          }
          case 7 -> { // transversed
            ox = h - 1 - y;
            oy = w - 1 - x;
          }
          case 8 -> { // needs 90 degrees counter-clockwise
            ox = y;
            oy = w - 1 - x;
          }
          default -> throw new IllegalArgumentException("orientation must be 1..8: " + orientation);
        }
        out.setRGB(ox, oy, row[x]);
      }
    }
    return out;
  }
}
