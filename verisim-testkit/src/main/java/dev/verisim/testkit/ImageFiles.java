package dev.verisim.testkit;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes generated images to the bytes of real files, for tests and examples.
 *
 * <p>Everything here is deterministic: the same arguments give the same bytes on every JDK this
 * project supports, except where a JDK encoder itself differs (JPEG tables are fixed, so in
 * practice they do not).
 *
 * <pre>{@code
 * BufferedImage img = ImageFiles.pattern(96, 64, 7L);
 * byte[] jpeg = ImageFiles.withExifOrientation(ImageFiles.jpeg(img, 0.9f), 6);
 * }</pre>
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** The seed {@link #pattern(int, int, long)} uses for the committed WebP fixtures. */
  public static final long WEBP_FIXTURE_SEED = 42L;

  /** Width and height of the committed WebP fixtures. */
  public static final int WEBP_FIXTURE_WIDTH = 96;

  public static final int WEBP_FIXTURE_HEIGHT = 64;

  /**
   * A textured RGB test image: smooth gradients, a few seeded rectangles and seeded noise, so that
   * decoders and compressors have something real to work on (a flat colour hides too many bugs).
   * Drawn pixel by pixel without Java2D, so the result does not depend on the JDK's renderer.
   */
  public static BufferedImage pattern(int width, int height, long seed) {
    Random random = new Random(seed);
    int[] rects = new int[4 * 7];
    for (int i = 0; i < rects.length; i += 7) {
      rects[i] = random.nextInt(width);
      rects[i + 1] = random.nextInt(height);
      rects[i + 2] = 4 + random.nextInt(Math.max(1, width / 3));
      rects[i + 3] = 4 + random.nextInt(Math.max(1, height / 3));
      rects[i + 4] = random.nextInt(256);
      rects[i + 5] = random.nextInt(256);
      rects[i + 6] = random.nextInt(256);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = 255 * x / Math.max(1, width - 1);
        int g = 255 * y / Math.max(1, height - 1);
        int b = 128 + (int) (100 * Math.sin((x + y) / 6.0));
        for (int i = 0; i < rects.length; i += 7) {
          if (x >= rects[i] && x < rects[i] + rects[i + 2]) {
            if (y >= rects[i + 1] && y < rects[i + 1] + rects[i + 3]) {
              r = rects[i + 4];
              g = rects[i + 5];
              b = rects[i + 6];
            }
          }
        }
        int noise = random.nextInt(17) - 8;
        image.setRGB(x, y, rgb(r + noise, g + noise, b + noise));
      }
    }
    return image;
  }

  /**
   * The pattern with two 16x16 markers: red in the top-left corner and blue in the top-right. After
   * an EXIF orientation is applied, where the two markers land tells which transform was used.
   */
  public static BufferedImage orientationMarkers(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = rgb(128, 128, 128);
        if (y < 16 && x < 16) {
          rgb = rgb(255, 0, 0);
        } else if (y < 16 && x >= width - 16) {
          rgb = rgb(0, 0, 255);
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** Baseline JPEG at a quality in (0,1], with the JDK's encoder (IJG tables, 4:2:0). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    return jpegOf(toRgb(image), quality);
  }

  /** An 8-bit greyscale JPEG (one component) of a TYPE_BYTE_GRAY image. */
  public static byte[] jpegGrey(BufferedImage grey, float quality) {
    if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new IllegalArgumentException("expected TYPE_BYTE_GRAY, got type " + grey.getType());
    }
    return jpegOf(grey, quality);
  }

  private static byte[] jpegOf(BufferedImage image, float quality) {
    ImageWriter writer = jdkJpegWriter();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * A CMYK JPEG the way Photoshop writes them: four components, an Adobe APP14 marker with
   * transform 0 and inverted values. Each pixel of the image is converted with the naive formula (K
   * = 1 - max(R,G,B)), which is exact for saturated primaries.
   */
  public static byte[] cmykJpeg(BufferedImage image) {
    WritableRaster raster =
        Raster.createInterleavedRaster(
            DataBuffer.TYPE_BYTE, image.getWidth(), image.getHeight(), 4, null);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int[] cmyk = naiveCmyk(image.getRGB(x, y));
        // Adobe stores CMYK inverted (0 means full ink).
        raster.setPixel(
            x, y, new int[] {255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]});
      }
    }
    ImageWriter writer = jdkJpegWriter();
    byte[] plain;
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      writer.write(null, new IIOImage(raster, null, null), param);
      ios.flush();
      plain = out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    // APP14 "Adobe", version 100, flags 0, 0, transform 0 (CMYK, no YCC transform).
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    return insertAfterSoi(plain, app14);
  }

  /** A CMYK TIFF written by the TwelveMonkeys TIFF writer, pixels converted as in cmykJpeg. */
  public static byte[] cmykTiff(BufferedImage image) {
    return CmykTiff.encode(image);
  }

  static int[] naiveCmyk(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    int k = 255 - Math.max(r, Math.max(g, b));
    if (k == 255) {
      return new int[] {0, 0, 0, 255};
    }
    int c = (255 - r - k) * 255 / (255 - k);
    int m = (255 - g - k) * 255 / (255 - k);
    int yy = (255 - b - k) * 255 / (255 - k);
    return new int[] {c, m, yy, k};
  }

  private static ImageWriter jdkJpegWriter() {
    // The JDK writer, named explicitly: TwelveMonkeys may be on the classpath and register first.
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter chosen = null;
    while (writers.hasNext()) {
      ImageWriter candidate = writers.next();
      if (chosen == null || candidate.getClass().getName().startsWith("com.sun.")) {
        chosen = candidate;
      }
    }
    if (chosen == null) {
      throw new IllegalStateException("no JPEG writer");
    }
    return chosen;
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

  /** A 16-bit greyscale PNG whose sample at (x, y) is {@code sample(x, y)}. */
  public static byte[] grey16Png(
      int width, int height, java.util.function.IntBinaryOperator sample) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, sample.applyAsInt(x, y));
      }
    }
    return encode(image, "png");
  }

  /**
   * A palette GIF: the image quantised to a 3-3-2 palette in which index 0 is transparent; pixels
   * where {@code transparent} is true get index 0.
   */
  public static byte[] paletteGif(
      BufferedImage image, java.util.function.BiPredicate<Integer, Integer> transparent) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 1; i < 256; i++) {
      r[i] = (byte) (((i >> 5) & 7) * 255 / 7);
      g[i] = (byte) (((i >> 2) & 7) * 255 / 7);
      b[i] = (byte) ((i & 3) * 255 / 3);
    }
    IndexColorModel palette = new IndexColorModel(8, 256, r, g, b, 0);
    BufferedImage indexed =
        new BufferedImage(
            image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = indexed.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int index =
            (((rgb >> 16) & 0xFF) * 7 / 255) << 5
                | (((rgb >> 8) & 0xFF) * 7 / 255) << 2
                | (rgb & 0xFF) * 3 / 255;
        if (transparent.test(x, y)) {
          index = 0;
        } else if (index == 0) {
          index = 1; // black would collide with the transparent index; a near-black stands in
        }
        raster.setSample(x, y, 0, index);
      }
    }
    return encode(indexed, "gif");
  }

  /**
   * A PNG whose pixels are stored as given but tagged (iCCP) with the JDK's linear-RGB profile, so
   * a reader that honours the profile must brighten the mid-tones to show it in sRGB.
   */
  public static byte[] linearRgbPng(BufferedImage image) {
    byte[] png = encode(toRgb(image), "png");
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes("linear RGB".getBytes(StandardCharsets.ISO_8859_1));
    data.write(0); // name terminator
    data.write(0); // compression method: deflate
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed)) {
      deflate.write(profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    data.writeBytes(compressed.toByteArray());
    return insertPngChunkAfterIhdr(png, "iCCP", data.toByteArray());
  }

  /**
   * Adds an EXIF APP1 segment holding only the Orientation tag (1..8) to a JPEG, after its JFIF
   * APP0 segment when it has one.
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = exifTiff(orientation);
    byte[] header = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int length = 2 + header.length + tiff.length;
    ByteBuffer app1 = ByteBuffer.allocate(2 + length);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff);
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    return insertAt(jpeg, at, app1.array());
  }

  /** Adds an eXIf chunk holding only the Orientation tag (1..8) to a PNG. */
  public static byte[] pngWithExifOrientation(byte[] png, int orientation) {
    return insertPngChunkAfterIhdr(png, "eXIf", exifTiff(orientation));
  }

  /**
   * A minimal uncompressed 8-bit RGB TIFF written by hand, with the Orientation tag set, so the
   * test can see whether the TIFF reader applies orientation itself.
   */
  public static byte[] tiffWithOrientation(BufferedImage image, int orientation) {
    int width = image.getWidth();
    int height = image.getHeight();
    int entries = 11;
    int ifdOffset = 8;
    int ifdSize = 2 + entries * 12 + 4;
    int bitsOffset = ifdOffset + ifdSize;
    int pixelsOffset = bitsOffset + 6;
    int pixelBytes = width * height * 3;
    ByteBuffer out = ByteBuffer.allocate(pixelsOffset + pixelBytes);
    out.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifdOffset);
    out.putShort((short) entries);
    // Tags in ascending order, as TIFF requires.
    ifdEntry(out, 256, 4, 1, width); // ImageWidth, LONG
    ifdEntry(out, 257, 4, 1, height); // ImageLength
    ifdEntry(out, 258, 3, 3, bitsOffset); // BitsPerSample 8,8,8 stored at bitsOffset
    ifdEntry(out, 259, 3, 1, 1 << 16); // Compression none; SHORT sits in the high half
    ifdEntry(out, 262, 3, 1, 2 << 16); // PhotometricInterpretation RGB
    ifdEntry(out, 273, 4, 1, pixelsOffset); // StripOffsets
    ifdEntry(out, 274, 3, 1, orientation << 16); // Orientation
    ifdEntry(out, 277, 3, 1, 3 << 16); // SamplesPerPixel
    ifdEntry(out, 278, 4, 1, height); // RowsPerStrip
    ifdEntry(out, 279, 4, 1, pixelBytes); // StripByteCounts
    ifdEntry(out, 284, 3, 1, 1 << 16); // PlanarConfiguration chunky
    out.putInt(0); // no next IFD
    out.putShort((short) 8).putShort((short) 8).putShort((short) 8);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        out.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
      }
    }
    return out.array();
  }

  private static void ifdEntry(ByteBuffer out, int tag, int type, int count, int value) {
    out.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  /** A big-endian TIFF structure with IFD0 holding one tag: Orientation. */
  private static byte[] exifTiff(int orientation) {
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("orientation must be 1..8, got " + orientation);
    }
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    ifdEntry(tiff, 0x0112, 3, 1, orientation << 16);
    tiff.putInt(0);
    return tiff.array();
  }

  /**
   * A valid greyscale PNG of the given size, 1 bit a pixel, all black, streamed through a deflater
   * row by row so it never exists uncompressed in memory. A 30000x30000 one is about 110 KB: a
   * decompression bomb that a decoder must refuse from its header.
   */
  public static byte[] bombPng(int width, int height) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] row = new byte[1 + (width + 7) / 8]; // filter byte 0, then zeros
    try (DeflaterOutputStream deflate =
        new DeflaterOutputStream(idat, new java.util.zip.Deflater(9), 1 << 16)) {
      for (int y = 0; y < height; y++) {
        deflate.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height);
    ihdr.put((byte) 1); // bit depth
    ihdr.put((byte) 0); // colour type: greyscale
    ihdr.put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filter, no interlace
    png.writeBytes(pngChunk("IHDR", ihdr.array()));
    png.writeBytes(pngChunk("IDAT", idat.toByteArray()));
    png.writeBytes(pngChunk("IEND", new byte[0]));
    return png.toByteArray();
  }

  /** One PNG chunk: length, type, data, CRC of type and data. */
  static byte[] pngChunk(String type, byte[] data) {
    return MetadataFiles.pngChunk(type, data);
  }

  private static byte[] insertPngChunkAfterIhdr(byte[] png, String type, byte[] data) {
    int ihdrEnd = 8 + 12 + 13; // signature, then IHDR (always first, always 13 bytes of data)
    return insertAt(png, ihdrEnd, pngChunk(type, data));
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    return insertAt(jpeg, 2, segment);
  }

  private static byte[] insertAt(byte[] bytes, int at, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }

  /**
   * A lossy WebP (cwebp -q 80) of {@code pattern(96, 64, WEBP_FIXTURE_SEED)}; committed, made by
   * {@code verisim-testkit/make-webp-fixtures.sh}.
   */
  public static byte[] webpLossy() {
    return resource("pattern-lossy.webp");
  }

  /** A lossless WebP (cwebp -lossless) of {@code pattern(96, 64, WEBP_FIXTURE_SEED)}. */
  public static byte[] webpLossless() {
    return resource("pattern-lossless.webp");
  }

  private static byte[] resource(String name) {
    try (InputStream in = ImageFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing testkit resource " + name);
      }
      return in.readAllBytes();
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

  static int rgb(int r, int g, int b) {
    return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
