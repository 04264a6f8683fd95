package dev.verisim.core.media;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Picks the ImageIO reader for a sniffed format. TwelveMonkeys readers are preferred for JPEG
 * (CMYK, YCCK and ICC profiles, which the JDK reader gets wrong or refuses) and TIFF; WebP has no
 * other reader. The JDK's are used for PNG, BMP and GIF.
 */
final class ImageReaders {
  static {
    // Plugins register through ServiceLoader when the registry is first used, with the class
    // loader of that moment; scanning again covers class loaders set up later (servers, shading).
    ImageIO.scanForPlugins();
  }

  private ImageReaders() {}

  /** A new reader the caller must dispose of. */
  static ImageReader create(MediaFormat format) {
    boolean preferTwelveMonkeys =
        format == MediaFormat.JPEG || format == MediaFormat.TIFF || format == MediaFormat.WEBP;
    ImageReader chosen = null;
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mimeType());
    while (readers.hasNext()) {
      ImageReader candidate = readers.next();
      boolean twelveMonkeys = candidate.getClass().getName().startsWith("com.twelvemonkeys.");
      if (chosen == null || (preferTwelveMonkeys && twelveMonkeys)) {
        if (chosen != null) {
          chosen.dispose();
        }
        chosen = candidate;
      } else {
        candidate.dispose();
      }
    }
    if (chosen == null) {
      // The readers ship with the JDK or with verisim-core: missing one is a packaging bug.
      throw new IllegalStateException("no ImageIO reader for " + format.mimeType());
    }
    return chosen;
  }
}
