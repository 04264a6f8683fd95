package dev.verisim.detect.cue;

import dev.verisim.core.media.MediaFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds an embedded C2PA manifest store in an image's bytes, without verifying it. The walkers read
 * only container structure (JPEG markers, PNG chunks, RIFF chunks) and stop quietly at the first
 * length that points past the end, so malformed files give "absent", never an exception.
 *
 * <p>Where C2PA puts the store (C2PA 2.x, "Embedding manifests"):
 *
 * <ul>
 *   <li>JPEG: APP11 (0xFFEB) segments carrying a JUMBF superbox ({@code jumb}) whose description
 *       box ({@code jumd}) has the label {@code c2pa}; a large store is split over several
 *       segments, each repeating the box header.
 *   <li>PNG: a {@code caBX} chunk holding the JUMBF superbox.
 *   <li>WebP: a {@code C2PA} RIFF chunk holding the JUMBF superbox.
 * </ul>
 *
 * <pre>{@code
 * String c2pa = C2paLocator.provenance(image.bytes(), image.format()); // "present" or "absent"
 * }</pre>
 */
public final class C2paLocator {
  /** Value of {@code ProvenanceSummary.c2pa} when a store is embedded (not verified). */
  public static final String PRESENT = "present";

  /** Value of {@code ProvenanceSummary.c2pa} when no store was found. */
  public static final String ABSENT = "absent";

  private static final int JPEG_APP11 = 0xEB;
  private static final int JPEG_SOS = 0xDA;
  private static final int JPEG_EOI = 0xD9;

  /** Bytes of a JUMBF box header: LBox (4) and TBox (4). */
  private static final int BOX_HEADER = 8;

  /** Bytes of the APP11 JUMBF prefix before the box: CI "JP" (2), En (2), Z (4). */
  private static final int APP11_PREFIX = 8;

  private C2paLocator() {}

  /**
   * A C2PA manifest store found in a file.
   *
   * @param carrier where it was found: {@code jpeg-app11}, {@code png-caBX} or {@code webp-C2PA}
   * @param length bytes of the manifest store found in the file (the JUMBF superbox, headers of
   *     continuation segments removed)
   * @param declaredLength the length the JUMBF superbox header declares, or -1 when it has none (a
   *     store may be truncated: then {@code length < declaredLength})
   */
  public record ManifestStore(String carrier, int length, long declaredLength, byte[] jumbf) {
    public ManifestStore {
      Objects.requireNonNull(carrier, "carrier");
      jumbf = jumbf.clone();
    }

    /** A copy of the store's bytes. */
    @Override
    public byte[] jumbf() {
      return jumbf.clone();
    }

    /**
     * True when the store's bytes contain the ASCII text, ignoring case (claims are unverified).
     */
    public boolean containsAscii(String text) {
      return ByteSearch.indexOfIgnoreCase(jumbf, 0, jumbf.length, text) >= 0;
    }
  }

  /** {@link #PRESENT} or {@link #ABSENT}, as {@code ProvenanceSummary.c2pa} expects. */
  public static String provenance(byte[] bytes, MediaFormat format) {
    return find(bytes, format).isPresent() ? PRESENT : ABSENT;
  }

  /**
   * The embedded manifest store, if any.
   *
   * @param format the sniffed format; formats without a C2PA embedding here give empty
   */
  public static Optional<ManifestStore> find(byte[] bytes, MediaFormat format) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(format, "format");
    switch (format) {
      case JPEG:
        return findInJpeg(bytes);
      case PNG:
        return findInPng(bytes);
      case WEBP:
        return findInWebp(bytes);
      default:
        return Optional.empty();
    }
  }

  private static Optional<ManifestStore> findInJpeg(byte[] b) {
    if (b.length < 4 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8) {
      return Optional.empty();
    }
    // JUMBF boxes by instance number (En), reassembled in sequence order; the label may lie
    // beyond the first segment, so boxes are checked only once whole.
    Map<Integer, ByteArrayOutputStream> boxes = new LinkedHashMap<>();
    Map<Integer, Long> nextSequence = new HashMap<>();
    int pos = 2;
    while (pos + 4 <= b.length) {
      if (u8(b, pos) != 0xFF) {
        break; // not a marker: garbage between segments, stop rather than guess
      }
      int marker = u8(b, pos + 1);
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == JPEG_EOI || marker == JPEG_SOS) {
        break; // C2PA segments precede the scan data
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // markers without a length
        continue;
      }
      int segmentLength = u16(b, pos + 2);
      int end = pos + 2 + segmentLength;
      if (segmentLength < 2 || end > b.length) {
        break;
      }
      int payload = pos + 4;
      if (marker == JPEG_APP11
          && end - payload >= APP11_PREFIX + BOX_HEADER
          && u8(b, payload) == 'J'
          && u8(b, payload + 1) == 'P') {
        int instance = u16(b, payload + 2);
        long sequence = u32(b, payload + 4);
        int box = payload + APP11_PREFIX;
        if (sequence == 1 && !boxes.containsKey(instance)) {
          ByteArrayOutputStream whole = new ByteArrayOutputStream();
          whole.write(b, box, end - box);
          boxes.put(instance, whole);
          nextSequence.put(instance, 2L);
        } else if (boxes.containsKey(instance) && nextSequence.get(instance) == sequence) {
          // Continuations repeat the superbox header (with XLBox when LBox is 1): drop it.
          int skip = BOX_HEADER + (u32(b, box) == 1 ? 8 : 0);
          if (box + skip <= end) {
            boxes.get(instance).write(b, box + skip, end - box - skip);
            nextSequence.put(instance, sequence + 1);
          }
        }
      }
      pos = end;
    }
    for (ByteArrayOutputStream whole : boxes.values()) {
      byte[] jumbf = whole.toByteArray();
      if (isC2paSuperbox(jumbf, 0, jumbf.length)) {
        return Optional.of(
            new ManifestStore(
                "jpeg-app11", jumbf.length, boxLength(jumbf, 0, jumbf.length), jumbf));
      }
    }
    return Optional.empty();
  }

  private static Optional<ManifestStore> findInPng(byte[] b) {
    final int signature = 8;
    if (b.length < signature || u8(b, 0) != 0x89 || u8(b, 1) != 'P') {
      return Optional.empty();
    }
    int pos = signature;
    while (pos + 12 <= b.length) {
      long length = u32(b, pos);
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      long dataEnd = pos + 8L + length;
      if (dataEnd + 4 > b.length) {
        break; // length points past the end
      }
      int data = pos + 8;
      if (type.equals("caBX") && length > 0) {
        byte[] jumbf = Arrays.copyOfRange(b, data, (int) dataEnd);
        return Optional.of(
            new ManifestStore("png-caBX", jumbf.length, boxLength(b, data, (int) dataEnd), jumbf));
      }
      if (type.equals("IEND")) {
        break;
      }
      pos = (int) dataEnd + 4; // skip the CRC
    }
    return Optional.empty();
  }

  private static Optional<ManifestStore> findInWebp(byte[] b) {
    final int riffHeader = 12;
    if (b.length < riffHeader) {
      return Optional.empty();
    }
    // RIFF's own size field bounds the chunks, as long as the file really is that long.
    long riffEnd = Math.min(b.length, 8L + u32le(b, 4));
    int pos = riffHeader;
    while (pos + 8 <= riffEnd) {
      String fourCc = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
      long size = u32le(b, pos + 4);
      long dataEnd = pos + 8L + size;
      if (dataEnd > riffEnd) {
        break;
      }
      int data = pos + 8;
      if (fourCc.equals("C2PA") && size > 0) {
        byte[] jumbf = Arrays.copyOfRange(b, data, (int) dataEnd);
        return Optional.of(
            new ManifestStore("webp-C2PA", jumbf.length, boxLength(b, data, (int) dataEnd), jumbf));
      }
      pos = (int) (dataEnd + (size & 1)); // chunks are padded to an even size
    }
    return Optional.empty();
  }

  /**
   * True when a JUMBF superbox starts at {@code box} and its first child, the description box,
   * carries the label "c2pa". Layout (ISO/IEC 19566-5): jumb header, then jumd header, a 16-byte
   * content type UUID, a toggles byte (bit 1: a label follows), and the NUL-terminated label.
   */
  static boolean isC2paSuperbox(byte[] b, int box, int end) {
    if (box + BOX_HEADER > end || !hasType(b, box + 4, "jumb")) {
      return false;
    }
    int description = box + BOX_HEADER + (u32(b, box) == 1 ? 8 : 0);
    if (description + BOX_HEADER + 17 > end || !hasType(b, description + 4, "jumd")) {
      return false;
    }
    int toggles = u8(b, description + BOX_HEADER + 16);
    if ((toggles & 0x02) == 0) {
      return false;
    }
    int label = description + BOX_HEADER + 17;
    byte[] c2pa = {'c', '2', 'p', 'a', 0};
    if (label + c2pa.length > end) {
      return false;
    }
    for (int i = 0; i < c2pa.length; i++) {
      if (b[label + i] != c2pa[i]) {
        return false;
      }
    }
    return true;
  }

  /** The length a JUMBF box header declares (LBox, or XLBox when LBox is 1), or -1. */
  private static long boxLength(byte[] b, int box, int end) {
    if (box + BOX_HEADER > end) {
      return -1;
    }
    long lbox = u32(b, box);
    if (lbox == 1) {
      if (box + 16 > end) {
        return -1;
      }
      long xl = (u32(b, box + 8) << 32) | u32(b, box + 12);
      return xl < 0 ? -1 : xl;
    }
    return lbox;
  }

  private static boolean hasType(byte[] b, int at, String type) {
    for (int i = 0; i < 4; i++) {
      if (u8(b, at + i) != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  private static int u16(byte[] b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  private static long u32(byte[] b, int at) {
    return ((long) u16(b, at) << 16) | u16(b, at + 2);
  }

  private static long u32le(byte[] b, int at) {
    return ((long) u8(b, at + 3) << 24) | (u8(b, at + 2) << 16) | (u8(b, at + 1) << 8) | u8(b, at);
  }
}
