package dev.verisim.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes metadata into encoded image files by hand, byte by byte, so tests control exactly what a
 * file carries: JPEG marker segments (EXIF, XMP, APP11 JUMBF), PNG chunks with correct CRCs, RIFF
 * chunks for WebP, and minimal C2PA manifest stores.
 *
 * <pre>{@code
 * byte[] jpeg = ImageFiles.jpeg(image, 0.9f);
 * byte[] labelled = MetadataFiles.insertAfterSoi(jpeg,
 *     MetadataFiles.xmpApp1(MetadataFiles.xmpPacket("trainedAlgorithmicMedia", null)));
 * }</pre>
 */
public final class MetadataFiles {
  /** The IPTC vocabulary the digital source type terms belong to. */
  public static final String DIGITAL_SOURCE_TYPE_URI =
      "http://cv.iptc.org/newscodes/digitalsourcetype/";

  /** JUMBF content type UUID of a C2PA manifest store ("c2pa" + the ISO suffix). */
  public static final byte[] C2PA_STORE_UUID = uuid("c2pa");

  /** JUMBF content type UUID of one C2PA manifest. */
  public static final byte[] C2PA_MANIFEST_UUID = uuid("c2ma");

  private MetadataFiles() {}

  // ---------------------------------------------------------------- JPEG

  /** One JPEG marker segment: 0xFF, the marker, a 2-byte length, the payload. */
  public static byte[] jpegSegment(int marker, byte[] payload) {
    if (payload.length > 0xFFFF - 2) {
      throw new IllegalArgumentException("segment payload too long: " + payload.length);
    }
    ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
    b.put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
    return b.array();
  }

  /** The JPEG with the given whole segments inserted right after SOI, in order. */
  public static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
    if (jpeg.length < 2 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      throw new IllegalArgumentException("not a JPEG: no SOI");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    for (byte[] segment : segments) {
      out.writeBytes(segment);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An APP1 segment carrying an XMP packet. */
  public static byte[] xmpApp1(String xmpPacket) {
    byte[] id = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    return jpegSegment(0xE1, concat(id, xmpPacket.getBytes(StandardCharsets.UTF_8)));
  }

  /** An APP1 segment carrying EXIF (a TIFF structure, for example from {@link Exif#build()}). */
  public static byte[] exifApp1(byte[] tiff) {
    return jpegSegment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff));
  }

  /**
   * The JUMBF split into APP11 segments as C2PA embeds it: each segment holds "JP", the box
   * instance number, a sequence number from 1, then (in every segment after the first) a copy of
   * the superbox's 8-byte header, then the next piece of the box.
   *
   * @param maxPiece most bytes of the box per segment, to force a split in tests
   */
  public static byte[] app11Segments(byte[] jumbf, int instance, int maxPiece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = Arrays.copyOfRange(jumbf, 0, 8);
    int sequence = 1;
    for (int pos = 0; pos < jumbf.length; sequence++) {
      int piece = Math.min(maxPiece, jumbf.length - pos);
      ByteBuffer p = ByteBuffer.allocate(8 + (sequence > 1 ? 8 : 0) + piece);
      p.put((byte) 'J').put((byte) 'P').putShort((short) instance).putInt(sequence);
      if (sequence > 1) {
        p.put(header);
      }
      p.put(jumbf, pos, piece);
      out.writeBytes(jpegSegment(0xEB, p.array()));
      pos += piece;
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- XMP

  /**
   * A minimal XMP packet.
   *
   * @param digitalSourceType an IPTC term such as "trainedAlgorithmicMedia", or null
   * @param creatorTool a value for xmp:CreatorTool, or null
   */
  public static String xmpPacket(String digitalSourceType, String creatorTool) {
    StringBuilder props = new StringBuilder();
    if (digitalSourceType != null) {
      props
          .append("\n   Iptc4xmpExt:DigitalSourceType=\"")
          .append(DIGITAL_SOURCE_TYPE_URI)
          .append(digitalSourceType)
          .append('"');
    }
    if (creatorTool != null) {
      props.append("\n   xmp:CreatorTool=\"").append(creatorTool).append('"');
    }
    return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        + "  <rdf:Description rdf:about=\"\"\n"
        + "   xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
        + "   xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
        + props
        + "/>\n"
        + " </rdf:RDF>\n"
        + "</x:xmpmeta>\n"
        + "<?xpacket end=\"w\"?>";
  }

  // ---------------------------------------------------------------- EXIF

  /** A builder of a minimal big-endian TIFF structure for EXIF: IFD0 and an optional EXIF IFD. */
  public static Exif exif() {
    return new Exif();
  }

  /** Builds the TIFF bytes of an EXIF block; every field is optional. */
  public static final class Exif {
    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int UNDEFINED = 7;

    private final TreeMap<Integer, byte[][]> ifd0 = new TreeMap<>();
    private final TreeMap<Integer, byte[][]> exifIfd = new TreeMap<>();

    private Exif() {}

    public Exif make(String make) {
      ifd0.put(0x010F, ascii(make));
      return this;
    }

    public Exif model(String model) {
      ifd0.put(0x0110, ascii(model));
      return this;
    }

    public Exif software(String software) {
      ifd0.put(0x0131, ascii(software));
      return this;
    }

    /** Exposure time 1/125 s, f/2.8, ISO 100. */
    public Exif exposure() {
      exifIfd.put(0x829A, entry(RATIONAL, 1, rational(1, 125)));
      exifIfd.put(0x829D, entry(RATIONAL, 1, rational(28, 10)));
      exifIfd.put(0x8827, entry(SHORT, 1, ByteBuffer.allocate(2).putShort((short) 100).array()));
      return this;
    }

    /** A UserComment in the ASCII character code. */
    public Exif userComment(String text) {
      byte[] value = concat("ASCII\0\0\0".getBytes(StandardCharsets.US_ASCII), bytes(text));
      exifIfd.put(0x9286, entry(UNDEFINED, value.length, value));
      return this;
    }

    /** The TIFF structure: header, IFD0, then the EXIF IFD, values after each IFD. */
    public byte[] build() {
      TreeMap<Integer, byte[][]> first = new TreeMap<>(ifd0);
      if (!exifIfd.isEmpty()) {
        first.put(0x8769, entry(LONG, 1, new byte[4])); // offset patched below
      }
      int ifd0Offset = 8;
      int ifd0Size = ifdSize(first);
      int exifOffset = ifd0Offset + ifd0Size;
      if (!exifIfd.isEmpty()) {
        first.put(0x8769, entry(LONG, 1, ByteBuffer.allocate(4).putInt(exifOffset).array()));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
      out.writeBytes(ifd(first, ifd0Offset));
      if (!exifIfd.isEmpty()) {
        out.writeBytes(ifd(exifIfd, exifOffset));
      }
      return out.toByteArray();
    }

    private static int ifdSize(TreeMap<Integer, byte[][]> entries) {
      int size = 2 + 12 * entries.size() + 4;
      for (byte[][] e : entries.values()) {
        size += e[1].length > 4 ? e[1].length + (e[1].length & 1) : 0;
      }
      return size;
    }

    private static byte[] ifd(TreeMap<Integer, byte[][]> entries, int offset) {
      ByteBuffer dir = ByteBuffer.allocate(2 + 12 * entries.size() + 4);
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      int dataOffset = offset + dir.capacity();
      dir.putShort((short) entries.size());
      for (var e : entries.entrySet()) {
        ByteBuffer head = ByteBuffer.wrap(e.getValue()[0]);
        byte[] value = e.getValue()[1];
        dir.putShort(e.getKey().shortValue()).putShort(head.getShort()).putInt(head.getInt(2));
        if (value.length <= 4) {
          dir.put(Arrays.copyOf(value, 4)); // small values sit in the entry, left-aligned
        } else {
          dir.putInt(dataOffset + data.size());
          data.writeBytes(value);
          if ((value.length & 1) == 1) {
            data.write(0); // values start on a word boundary
          }
        }
      }
      dir.putInt(0); // no next IFD
      return concat(dir.array(), data.toByteArray());
    }

    private static byte[][] ascii(String s) {
      byte[] value = concat(bytes(s), new byte[] {0});
      return entry(ASCII, value.length, value);
    }

    private static byte[][] entry(int type, int count, byte[] value) {
      return new byte[][] {
        ByteBuffer.allocate(6).putShort((short) type).putInt(count).array(), value
      };
    }

    private static byte[] rational(int numerator, int denominator) {
      return ByteBuffer.allocate(8).putInt(numerator).putInt(denominator).array();
    }
  }

  // ---------------------------------------------------------------- JUMBF and C2PA

  /** A JUMBF box: 4-byte length, 4-byte type, the contents. */
  public static byte[] jumbfBox(String type, byte[]... contents) {
    byte[] body = concat(contents);
    ByteBuffer b = ByteBuffer.allocate(8 + body.length);
    b.putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body);
    return b.array();
  }

  /** A JUMBF description box with a content type UUID and a label (toggles: requestable, label). */
  public static byte[] jumdBox(byte[] uuid, String label) {
    return jumbfBox("jumd", uuid, new byte[] {0x03}, bytes(label), new byte[] {0});
  }

  /**
   * A minimal C2PA manifest store: the {@code c2pa} superbox holding one manifest superbox whose
   * only content is a CBOR box with the given bytes (not valid CBOR unless the caller makes it so;
   * locators do not parse it).
   */
  public static byte[] c2paManifestStore(byte[] manifestContent) {
    byte[] manifest =
        jumbfBox(
            "jumb",
            jumdBox(C2PA_MANIFEST_UUID, "urn:uuid:00000000-0000-4000-8000-000000000001"),
            jumbfBox("cbor", manifestContent));
    return jumbfBox("jumb", jumdBox(C2PA_STORE_UUID, "c2pa"), manifest);
  }

  private static byte[] uuid(String fourCc) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.put(fourCc.getBytes(StandardCharsets.US_ASCII));
    b.put(new byte[] {0x00, 0x11, 0x00, 0x10, (byte) 0x80, 0x00, 0x00, (byte) 0xAA});
    b.put(new byte[] {0x00, 0x38, (byte) 0x9B, 0x71});
    return b.array();
  }

  // ---------------------------------------------------------------- PNG

  /** One PNG chunk with its CRC. */
  public static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    return b.array();
  }

  /** The data of a tEXt chunk: Latin-1 keyword, NUL, Latin-1 text. */
  public static byte[] pngText(String keyword, String text) {
    return concat(
        keyword.getBytes(StandardCharsets.ISO_8859_1),
        new byte[] {0},
        text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The PNG with the given chunk inserted before its first IDAT. */
  public static byte[] insertBeforeIdat(byte[] png, String type, byte[] data) {
    return insertBeforeIdatRaw(png, pngChunk(type, data));
  }

  /** The PNG with raw bytes (a chunk, or something malformed) inserted before its first IDAT. */
  public static byte[] insertBeforeIdatRaw(byte[] png, byte[] raw) {
    int pos = 8;
    while (pos + 8 <= png.length) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IDAT")) {
        return concat(
            Arrays.copyOfRange(png, 0, pos), raw, Arrays.copyOfRange(png, pos, png.length));
      }
      pos += 12 + length;
    }
    throw new IllegalArgumentException("PNG has no IDAT chunk");
  }

  // ---------------------------------------------------------------- WebP

  /** One RIFF chunk: FourCC, little-endian size, data, a pad byte when the size is odd. */
  public static byte[] riffChunk(String fourCc, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1));
    b.order(ByteOrder.LITTLE_ENDIAN);
    b.put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    return b.array();
  }

  /**
   * A RIFF WEBP container around the given chunks. The image data is whatever the caller passes;
   * enough for container walkers, not for decoders.
   */
  public static byte[] webpContainer(byte[]... chunks) {
    byte[] body = concat(chunks);
    ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
    b.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
    return b.array();
  }

  // ---------------------------------------------------------------- helpers

  /** The arrays one after another. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
