package dev.verisim.core.media;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes still images safely: format sniffed from the bytes, byte and pixel limits checked before
 * the full decode, EXIF orientation applied, colour converted to 8-bit sRGB. Thread-safe: it holds
 * only its limits; every call creates its own ImageIO reader and disposes of it.
 *
 * <pre>{@code
 * ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
 * StillImage img = decoder.decode(Path.of("photo.jpg"), "photo.jpg");
 * }</pre>
 *
 * <p>The checks run cheapest first, and each failure is a {@link MediaException} whose message
 * starts with the input's name: size ({@code TOO_MANY_BYTES}, {@code EMPTY}), format sniffed from
 * the first bytes ({@code UNSUPPORTED_FORMAT}), the file's structure ({@code TRUNCATED}: ImageIO's
 * JPEG readers pad a cut-off JPEG with grey instead of failing, so the end markers are checked
 * here), the header's width and height ({@code TOO_MANY_PIXELS}, before any pixel is decoded), then
 * the decode itself ({@code CORRUPT}, or {@code TRUNCATED} when the reader hits the end of the
 * data).
 */
public final class ImageDecoder {
  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Reads and decodes a file. The size is checked from the file system before a byte is read; the
   * file is then read once and decoded as by {@link #decode(byte[], String)}.
   *
   * @param file the file to read
   * @param name the name to report (the path as the user gave it)
   * @throws MediaException naming the reason when the file is missing, unreadable, empty, too
   *     large, not an image, truncated or corrupt
   */
  public StillImage decode(Path file, String name) throws MediaException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new MediaException(ErrorCode.NOT_FOUND, name + ": no such file", e);
    } catch (IOException e) {
      throw new MediaException(ErrorCode.IO_ERROR, name + ": cannot read: " + reason(e), e);
    }
    if (attributes.isDirectory()) {
      throw new MediaException(ErrorCode.IO_ERROR, name + ": is a directory, not an image file");
    }
    if (!attributes.isRegularFile()) {
      throw new MediaException(ErrorCode.IO_ERROR, name + ": is not a regular file");
    }
    checkSize(attributes.size(), name);
    return decode(readAtMost(file, name), name);
  }

  /**
   * Decodes bytes already in memory (an upload), with every check the file variant makes.
   *
   * @param bytes the file's bytes; kept, not copied, in the result
   * @param name the name to report (an upload's file name)
   * @throws MediaException naming the reason when the bytes are empty, too many, not an image,
   *     truncated or corrupt
   */
  public StillImage decode(byte[] bytes, String name) throws MediaException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(name, "name");
    checkSize(bytes.length, name);
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, MediaFormat.SNIFF_BYTES));
    MediaFormat format =
        MediaFormat.sniff(head)
            .orElseThrow(
                () ->
                    new MediaException(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        name
                            + ": not an image format verisim reads (JPEG, PNG, WebP, BMP, TIFF,"
                            + " GIF); "
                            + UnknownBytes.describe(bytes)));
    FormatStructure structure = FormatStructure.scan(format, bytes);
    if (structure.truncation() != null) {
      throw new MediaException(
          ErrorCode.TRUNCATED,
          name + ": truncated " + label(format) + ": " + structure.truncation());
    }
    BufferedImage decoded = readFirstImage(format, bytes, name);
    SrgbConverter.Result colour = SrgbConverter.toSrgb(decoded, format, structure);
    int orientation = ExifOrientation.read(format, bytes);
    BufferedImage upright = ExifOrientation.apply(colour.rgb(), orientation);
    return new StillImage(name, format, bytes, upright, orientation, colour.description());
  }

  /**
   * Reads the header's size, refuses it when over the pixel limit, then decodes image 0 (the first
   * frame of a GIF).
   */
  private BufferedImage readFirstImage(MediaFormat format, byte[] bytes, String name)
      throws MediaException {
    ImageReader reader = ImageReaders.create(format);
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      // Not seek-forward-only: the bytes are in memory, and some TIFFs put their IFD after the
      // pixels. Metadata is kept: readers use it for colour (ICC, Adobe markers).
      reader.setInput(in, false, false);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        throw new MediaException(
            ErrorCode.CORRUPT,
            name + ": corrupt " + label(format) + ": header declares " + width + "x" + height);
      }
      long pixels = (long) width * height;
      if (pixels > limits.maxPixels()) {
        throw new MediaException(
            ErrorCode.TOO_MANY_PIXELS,
            String.format(
                Locale.ROOT,
                "%s: %dx%d pixels (%.1f megapixels) is more than the limit of %.1f megapixels;"
                    + " not decoded",
                name,
                width,
                height,
                pixels / 1e6,
                limits.maxPixels() / 1e6));
      }
      BufferedImage image = reader.read(0);
      if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
        throw new MediaException(
            ErrorCode.CORRUPT, name + ": corrupt " + label(format) + ": decoded to no pixels");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      // Readers signal bad data with IIOException, but also with unchecked exceptions from deep
      // inside (index out of bounds, illegal argument); all of them mean the bytes are bad.
      if (endedEarly(e)) {
        throw new MediaException(
            ErrorCode.TRUNCATED,
            name + ": truncated " + label(format) + ": the data ends before the image does",
            e);
      }
      throw new MediaException(
          ErrorCode.CORRUPT,
          name + ": corrupt " + label(format) + ": cannot decode: " + reason(e),
          e);
    } finally {
      reader.dispose();
    }
  }

  private void checkSize(long size, String name) throws MediaException {
    if (size > limits.maxBytes()) {
      throw new MediaException(
          ErrorCode.TOO_MANY_BYTES,
          name + ": " + size + " bytes is more than the limit of " + limits.maxBytes() + " bytes");
    }
    if (size == 0) {
      throw new MediaException(ErrorCode.EMPTY, name + ": file is empty (0 bytes)");
    }
  }

  /** Reads the file, refusing it if it has grown past the byte limit since its size was checked. */
  private byte[] readAtMost(Path file, String name) throws MediaException {
    int cap = (int) Math.min(limits.maxBytes(), Integer.MAX_VALUE - 16L);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(cap);
      if (in.read() != -1) {
        throw new MediaException(
            ErrorCode.TOO_MANY_BYTES,
            name + ": grew past the limit of " + limits.maxBytes() + " bytes while being read");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new MediaException(ErrorCode.NOT_FOUND, name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new MediaException(ErrorCode.IO_ERROR, name + ": cannot read: permission denied", e);
    } catch (IOException e) {
      throw new MediaException(ErrorCode.IO_ERROR, name + ": cannot read: " + reason(e), e);
    }
  }

  private static boolean endedEarly(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static String label(MediaFormat format) {
    return format == MediaFormat.WEBP ? "WebP" : format.name();
  }
}
