package dev.verisim.testkit;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** CMYK TIFF encoding through the TwelveMonkeys TIFF writer (the JDK's cannot take CMYK input). */
final class CmykTiff {
  private CmykTiff() {}

  static byte[] encode(BufferedImage image) {
    ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
    ComponentColorModel model =
        new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    WritableRaster raster =
        model.createCompatibleWritableRaster(image.getWidth(), image.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        raster.setPixel(x, y, ImageFiles.naiveCmyk(image.getRGB(x, y)));
      }
    }
    BufferedImage cmykImage = new BufferedImage(model, raster, false, null);
    ImageWriter writer = twelveMonkeysTiffWriter();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(cmykImage);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private static ImageWriter twelveMonkeysTiffWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      if (writer.getClass().getName().startsWith("com.twelvemonkeys.")) {
        return writer;
      }
      writer.dispose();
    }
    throw new IllegalStateException("TwelveMonkeys TIFF writer not on the classpath");
  }
}
