package dev.verisim.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes generated images to the bytes of real files, for tests and examples. */
public final class ImageFiles {
  private ImageFiles() {}

  /** Baseline JPEG at a quality in (0,1], with the JDK's encoder (IJG tables, 4:2:0). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(toRgb(image), null, null), param);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** Encodes with the first ImageIO writer for the format name ("png", "bmp", "tiff", "gif"). */
  public static byte[] encode(BufferedImage image, String formatName) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(image, formatName, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + formatName);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes bytes with ImageIO, for round trips in tests. */
  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalArgumentException("not an image ImageIO reads");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TYPE_INT_RGB copy (JPEG writers reject alpha). */
  public static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    return rgb;
  }
}
