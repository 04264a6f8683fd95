package dev.verisim.provenance.c2pa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Where a C2PA manifest store lives in a file. JPEG: APP11 segments, each {@code FF EB}, length,
 * common identifier "JP", box instance number En, packet sequence number Z (from 1), then the
 * superbox's LBox and TBox repeated in every segment, then the next part of the superbox's content
 * (C2PA 2.x, "Embedding manifests into JPEG", after ISO/IEC 19566-5 annex). PNG: one {@code caBX}
 * chunk holding the superbox, placed after IHDR (so before IDAT).
 */
final class Containers {
  /** JPEG segments holding more would be unusual; a limit keeps untrusted input cheap. */
  static final int MAX_APP11_SEGMENTS = 4096;

  /** The largest manifest store verisim writes or reads. */
  static final int MAX_STORE_BYTES = 64 << 20;

  private static final int APP11 = 0xEB;
  private static final int APP11_OVERHEAD =
      2 + 2 + 2 + 2 + 4 + 8; // marker, Lp, CI, En, Z, LBox+TBox

  /** The bytes of superbox content one APP11 segment carries after its headers. */
  static final int APP11_CHUNK = 0xFFFF - (APP11_OVERHEAD - 2);

  private Containers() {}

  enum Format {
    JPEG("image/jpeg"),
    PNG("image/png");

    final String mimeType;

    Format(String mimeType) {
      this.mimeType = mimeType;
    }

    static Optional<Format> sniff(byte[] b) {
      if (b.length >= 3
          && (b[0] & 0xFF) == 0xFF
          && (b[1] & 0xFF) == 0xD8
          && (b[2] & 0xFF) == 0xFF) {
        return Optional.of(JPEG);
      }
      if (b.length >= 8
          && (b[0] & 0xFF) == 0x89
          && b[1] == 'P'
          && b[2] == 'N'
          && b[3] == 'G'
          && b[4] == 0x0D
          && b[5] == 0x0A
          && b[6] == 0x1A
          && b[7] == 0x0A) {
        return Optional.of(PNG);
      }
      return Optional.empty();
    }
  }

  /** An embedded store: its superbox bytes and the file ranges its container occupies. */
  record Found(byte[] store, List<long[]> ranges) {}

  /** The size, in the file, of the container holding a store of this size. */
  static int containerLength(Format format, int storeLength) {
    if (format == Format.PNG) {
      return 12 + storeLength;
    }
    int body = storeLength - 8;
    int segments = Math.max(1, (body + APP11_CHUNK - 1) / APP11_CHUNK);
    return segments * APP11_OVERHEAD + body;
  }

  /** Where the container goes: after the leading APPn segments (JPEG), after IHDR (PNG). */
  static int insertionOffset(Format format, byte[] asset) throws IOException {
    if (format == Format.PNG) {
      List<Chunk> chunks = pngChunks(asset);
      if (chunks.isEmpty() || !chunks.get(0).type().equals("IHDR")) {
        throw new IOException("the PNG does not start with IHDR");
      }
      return chunks.get(0).end();
    }
    int at = 2;
    for (Segment s : jpegSegments(asset)) {
      if (s.marker() < 0xE0 || s.marker() > 0xEF || s.marker() == APP11) {
        break;
      }
      at = s.end();
    }
    return at;
  }

  /**
   * A JUMBF box instance number (En) no APP11 segment of the JPEG uses yet, so the store's packets
   * are not mixed with another JUMBF box's.
   */
  static int freeBoxInstance(byte[] jpeg) throws IOException {
    int max = 0;
    for (Segment s : jpegSegments(jpeg)) {
      int p = s.payloadStart();
      if (s.marker() == APP11 && s.length() >= 6 && jpeg[p] == 'J' && jpeg[p + 1] == 'P') {
        max = Math.max(max, ((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF));
      }
    }
    if (max >= 0xFFFF) {
      throw new IOException("every JUMBF box instance number is in use");
    }
    return max + 1;
  }

  /** The container bytes for a store: APP11 segments with box instance 1, or a caBX chunk. */
  static byte[] container(Format format, byte[] store) {
    return container(format, store, 1);
  }

  /** The container bytes for a store: APP11 segments with box instance {@code en}, or caBX. */
  static byte[] container(Format format, byte[] store, int en) {
    if (format == Format.PNG) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(store.length + 12);
      writeInt(out, store.length);
      byte[] type = "caBX".getBytes(StandardCharsets.US_ASCII);
      out.writeBytes(type);
      out.writeBytes(store);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(store);
      writeInt(out, (int) crc.getValue());
      return out.toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(containerLength(format, store.length));
    int body = store.length - 8;
    int segments = Math.max(1, (body + APP11_CHUNK - 1) / APP11_CHUNK);
    for (int z = 1; z <= segments; z++) {
      int off = (z - 1) * APP11_CHUNK;
      int n = Math.min(APP11_CHUNK, body - off);
      int lp = APP11_OVERHEAD - 2 + n;
      out.write(0xFF);
      out.write(APP11);
      out.write(lp >>> 8);
      out.write(lp);
      out.write('J');
      out.write('P');
      out.write(en >>> 8);
      out.write(en);
      writeInt(out, z);
      out.write(store, 0, 8);
      out.write(store, 8 + off, n);
    }
    return out.toByteArray();
  }

  /**
   * The embedded C2PA store, if any.
   *
   * @throws IOException when the file's structure is malformed or the store's parts are
   *     inconsistent
   */
  static Optional<Found> find(Format format, byte[] asset) throws IOException {
    return format == Format.PNG ? findPng(asset) : findJpeg(asset);
  }

  // ---- PNG ----

  record Chunk(String type, int start, int length) {
    int dataStart() {
      return start + 8;
    }

    int end() {
      return start + 12 + length;
    }
  }

  static List<Chunk> pngChunks(byte[] b) throws IOException {
    List<Chunk> chunks = new ArrayList<>();
    int p = 8;
    while (p < b.length) {
      if (b.length - p < 12) {
        throw new IOException("a truncated PNG chunk at offset " + p);
      }
      long length = Jumbf.u32(b, p);
      if (length > b.length - p - 12) {
        throw new IOException(
            "a PNG chunk at offset " + p + " declares " + length + " bytes past the end");
      }
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      Chunk c = new Chunk(type, p, (int) length);
      chunks.add(c);
      p = c.end();
      if (type.equals("IEND")) {
        break;
      }
    }
    return chunks;
  }

  private static Optional<Found> findPng(byte[] asset) throws IOException {
    Found found = null;
    for (Chunk c : pngChunks(asset)) {
      if (c.type().equals("caBX")) {
        if (found != null) {
          throw new IOException("the PNG holds more than one caBX chunk");
        }
        if (c.length() > MAX_STORE_BYTES) {
          throw new IOException("the caBX chunk is larger than " + MAX_STORE_BYTES + " bytes");
        }
        byte[] store = new byte[c.length()];
        System.arraycopy(asset, c.dataStart(), store, 0, c.length());
        found = new Found(store, List.of(new long[] {c.start(), c.end() - c.start()}));
      }
    }
    return Optional.ofNullable(found);
  }

  // ---- JPEG ----

  record Segment(int marker, int start, int length) {
    /** Where the payload after the length field starts. */
    int payloadStart() {
      return start + 4;
    }

    int end() {
      return start + 2 + length;
    }
  }

  /** The marker segments from SOI up to (not including) SOS or EOI. */
  static List<Segment> jpegSegments(byte[] b) throws IOException {
    List<Segment> segments = new ArrayList<>();
    int p = 2;
    while (p < b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        throw new IOException("no JPEG marker at offset " + p);
      }
      int q = p;
      while (q < b.length && (b[q] & 0xFF) == 0xFF) {
        q++; // fill bytes
      }
      if (q >= b.length) {
        throw new IOException("the JPEG ends inside a marker");
      }
      int marker = b[q] & 0xFF;
      if (marker == 0xD9 || marker == 0xDA) {
        break;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        p = q + 1;
        continue;
      }
      if (b.length - q < 3) {
        throw new IOException("a truncated JPEG segment at offset " + p);
      }
      int length = ((b[q + 1] & 0xFF) << 8) | (b[q + 2] & 0xFF);
      if (length < 2 || q + 1 + length > b.length) {
        throw new IOException("a JPEG segment at offset " + p + " declares a bad length " + length);
      }
      segments.add(new Segment(marker, q - 1, length));
      p = q + 1 + length;
    }
    return segments;
  }

  private record Packet(int z, Segment segment) {}

  private static Optional<Found> findJpeg(byte[] asset) throws IOException {
    Map<Integer, List<Packet>> groups = new LinkedHashMap<>();
    int count = 0;
    for (Segment s : jpegSegments(asset)) {
      if (s.marker() != APP11 || s.length() < 2 + 2 + 2 + 4 + 8) {
        continue;
      }
      int p = s.payloadStart();
      if (asset[p] != 'J' || asset[p + 1] != 'P') {
        continue;
      }
      if (++count > MAX_APP11_SEGMENTS) {
        throw new IOException("more than " + MAX_APP11_SEGMENTS + " JUMBF APP11 segments");
      }
      int en = ((asset[p + 2] & 0xFF) << 8) | (asset[p + 3] & 0xFF);
      long z = Jumbf.u32(asset, p + 4);
      groups.computeIfAbsent(en, k -> new ArrayList<>()).add(new Packet((int) z, s));
    }
    Found found = null;
    for (List<Packet> packets : groups.values()) {
      packets.sort(Comparator.comparingInt(Packet::z));
      Found f = reassemble(asset, packets);
      if (isC2paStore(f.store())) {
        if (found != null) {
          throw new IOException("the JPEG holds more than one C2PA manifest store");
        }
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }

  private static Found reassemble(byte[] asset, List<Packet> packets) throws IOException {
    Segment first = packets.get(0).segment();
    int h = first.payloadStart() + 8; // the superbox header
    long declared = Jumbf.u32(asset, h);
    if (declared == 1) {
      throw new IOException("JUMBF in APP11 with a 64-bit length is not supported");
    }
    if (declared < 8 || declared > MAX_STORE_BYTES) {
      throw new IOException("a JUMBF superbox in APP11 declares " + declared + " bytes");
    }
    ByteArrayOutputStream store = new ByteArrayOutputStream((int) declared);
    store.write(asset, h, 8);
    List<long[]> ranges = new ArrayList<>();
    int expected = 1;
    for (Packet packet : packets) {
      Segment s = packet.segment();
      if (packet.z() != expected++) {
        throw new IOException("APP11 packet sequence numbers are not 1, 2, 3...");
      }
      int p = s.payloadStart() + 8;
      for (int i = 0; i < 8; i++) {
        if (asset[p + i] != asset[h + i]) {
          throw new IOException("APP11 packets disagree on their superbox header");
        }
      }
      store.write(asset, p + 8, s.end() - (p + 8));
      if (store.size() > declared) {
        throw new IOException("APP11 packets hold more than the declared " + declared + " bytes");
      }
      ranges.add(new long[] {s.start(), s.end() - s.start()});
    }
    if (store.size() != declared) {
      throw new IOException(
          "APP11 packets hold " + store.size() + " bytes; the superbox declares " + declared);
    }
    return new Found(store.toByteArray(), ranges);
  }

  private static boolean isC2paStore(byte[] store) {
    // jumb header (8), jumd header (8), then the content-type UUID
    if (store.length < 8 + 8 + 17 || store[4] != 'j' || store[12] != 'j' || store[13] != 'u') {
      return false;
    }
    byte[] uuid = java.util.Arrays.copyOfRange(store, 16, 32);
    return Jumbf.typeName(uuid).equals(Jumbf.STORE);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
