package dev.verisim.core.label;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes generated images as PNG or JPEG with an {@link AiLabel} embedded as XMP, where XMP readers
 * look for it (XMP Specification Part 3): in PNG an uncompressed iTXt chunk with keyword
 * "XML:com.adobe.xmp" before the first IDAT; in JPEG an APP1 segment starting
 * "http://ns.adobe.com/xap/1.0/\0" right after SOI and the JFIF APP0. This is how verisim marks its
 * output as AI-generated in machine-readable form (IPTC digital source type; EU AI Act Art. 50(2)).
 *
 * <pre>{@code
 * LabelledImageWriter.write(image, AiLabel.generated("verisim 0.1.0").withSeed(7), Path.of("a.png"));
 * }</pre>
 *
 * <p>PNG is lossless: the decoded pixels equal the input's. JPEG has no alpha, so a translucent
 * image is first composited over white. Files are written atomically (temporary file, then rename).
 */
public final class LabelledImageWriter {
  /** The JPEG quality {@link #write(BufferedImage, AiLabel, Path)} uses. */
  public static final float DEFAULT_JPEG_QUALITY = 0.92f;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] JPEG_XMP_ID =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);

  private LabelledImageWriter() {}

  /**
   * Writes the image with its label, the format chosen by the extension (.png, .jpg, .jpeg; any
   * case); JPEG at {@link #DEFAULT_JPEG_QUALITY}.
   *
   * @throws IllegalArgumentException naming the file when the extension is none of those
   */
  public static void write(BufferedImage image, AiLabel label, Path file) throws IOException {
    write(image, label, file, DEFAULT_JPEG_QUALITY);
  }

  /**
   * Writes the image with its label, as {@link #write(BufferedImage, AiLabel, Path)}.
   *
   * @param jpegQuality 0 to 1, used when the file is a JPEG
   */
  public static void write(BufferedImage image, AiLabel label, Path file, float jpegQuality)
      throws IOException {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (lower.endsWith(".png")) {
      bytes = png(image, label);
    } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      bytes = jpeg(image, label, jpegQuality);
    } else {
      throw new IllegalArgumentException(
          file + ": cannot write a labelled image here; the name must end in .png, .jpg or .jpeg");
    }
    AtomicFiles.write(file, bytes);
  }

  /** The image encoded as PNG with the label's XMP in an uncompressed iTXt chunk before IDAT. */
  public static byte[] png(BufferedImage image, AiLabel label) throws IOException {
    Objects.requireNonNull(image, "image");
    byte[] xmp = Objects.requireNonNull(label, "label").toXmp().getBytes(StandardCharsets.UTF_8);
    byte[] png = encode("png", image, null);
    ByteArrayOutputStream itxt = new ByteArrayOutputStream();
    itxt.writeBytes("XML:com.adobe.xmp".getBytes(StandardCharsets.ISO_8859_1));
    // NUL, compression flag 0, method 0, empty language tag, empty translated keyword.
    itxt.writeBytes(new byte[] {0, 0, 0, 0, 0});
    itxt.writeBytes(xmp);
    return insertBeforeIdat(png, chunk("iTXt", itxt.toByteArray()));
  }

  /**
   * The image encoded as baseline JPEG with the label's XMP in APP1 after SOI and JFIF.
   *
   * @param quality 0 (smallest) to 1 (best)
   * @throws IllegalArgumentException when the XMP does not fit one APP1 segment (about 64 KB)
   */
  public static byte[] jpeg(BufferedImage image, AiLabel label, float quality) throws IOException {
    Objects.requireNonNull(image, "image");
    if (!(quality >= 0f && quality <= 1f)) {
      throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
    }
    byte[] xmp = Objects.requireNonNull(label, "label").toXmp().getBytes(StandardCharsets.UTF_8);
    int payload = JPEG_XMP_ID.length + xmp.length;
    if (payload > 0xFFFF - 2) {
      throw new IllegalArgumentException(
          "the label's XMP (" + xmp.length + " bytes) does not fit one JPEG APP1 segment");
    }
    byte[] jpeg = encode("jpeg", opaqueRgb(image), quality);
    ByteBuffer app1 = ByteBuffer.allocate(4 + payload);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (payload + 2));
    app1.put(JPEG_XMP_ID).put(xmp);
    int at = 2; // after SOI
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) { // after the JFIF APP0
      at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + app1.capacity());
    out.write(jpeg, 0, at);
    out.writeBytes(app1.array());
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  /** The image encoded by the first ImageIO writer of the format, in memory. */
  private static byte[] encode(String format, BufferedImage image, Float quality)
      throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IOException("no " + format + " writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The image itself when it is opaque RGB or grey, else a copy composited over white. */
  static BufferedImage opaqueRgb(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_INT_RGB
        || type == BufferedImage.TYPE_3BYTE_BGR
        || type == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    return b.array();
  }

  private static byte[] insertBeforeIdat(byte[] png, byte[] chunk) throws IOException {
    if (!LabelReader.startsWith(png, 0, PNG_SIGNATURE)) {
      throw new IOException("the PNG writer produced no PNG signature");
    }
    int pos = PNG_SIGNATURE.length;
    while (pos + 8 <= png.length) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      if (new String(png, pos + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + chunk.length);
        out.write(png, 0, pos);
        out.writeBytes(chunk);
        out.write(png, pos, png.length - pos);
        return out.toByteArray();
      }
      if (length < 0) {
        break;
      }
      pos += 12 + length;
    }
    throw new IOException("the PNG writer produced no IDAT chunk");
  }
}
