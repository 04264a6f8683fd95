package dev.verisim.provenance.c2pa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * JUMBF (ISO/IEC 19566-5) boxes as C2PA uses them: superboxes ({@code jumb}) that start with a
 * description box ({@code jumd}: content-type UUID, toggles, label) followed by content boxes or
 * more superboxes. Writing always uses 32-bit box lengths; parsing checks every length against its
 * parent and bounds the depth and the number of boxes (the input is untrusted).
 */
final class Jumbf {
  static final int MAX_DEPTH = 16;
  static final int MAX_BOXES = 20_000;
  static final int MAX_LABEL_BYTES = 1024;

  /** C2PA content-type UUIDs: four ASCII letters followed by 0011-0010-8000-00AA00389B71. */
  static final String STORE = "c2pa";

  static final String MANIFEST = "c2ma";
  static final String UPDATE_MANIFEST = "c2um";
  static final String ASSERTION_STORE = "c2as";
  static final String CLAIM = "c2cl";
  static final String SIGNATURE = "c2cs";
  static final String CBOR = "cbor";
  static final String JSON = "json";

  private static final byte[] UUID_TAIL = HexFormat.of().parseHex("00110010800000AA00389B71");

  private Jumbf() {}

  static byte[] uuid(String fourCc) {
    byte[] u = new byte[16];
    System.arraycopy(fourCc.getBytes(StandardCharsets.US_ASCII), 0, u, 0, 4);
    System.arraycopy(UUID_TAIL, 0, u, 4, 12);
    return u;
  }

  /** The four-letter name of a C2PA content-type UUID, or its hex form for any other UUID. */
  static String typeName(byte[] uuid) {
    if (Arrays.equals(uuid, 4, 16, UUID_TAIL, 0, 12)) {
      return new String(uuid, 0, 4, StandardCharsets.ISO_8859_1);
    }
    return HexFormat.of().formatHex(uuid);
  }

  // ---- writing ----

  static byte[] box(String type, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + payload.length);
    int length = 8 + payload.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** A superbox of the C2PA content type, labelled, requestable, holding the given boxes. */
  static byte[] superbox(String contentType, String label, byte[]... children) {
    ByteArrayOutputStream description = new ByteArrayOutputStream();
    description.writeBytes(uuid(contentType));
    description.write(0x03); // requestable, label present
    description.writeBytes(label.getBytes(StandardCharsets.UTF_8));
    description.write(0);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(box("jumd", description.toByteArray()));
    for (byte[] c : children) {
      content.writeBytes(c);
    }
    return box("jumb", content.toByteArray());
  }

  // ---- parsing ----

  /** A box inside a buffer: its type and where it is. */
  record Box(String type, byte[] buffer, int start, int headerLength, int length) {
    int contentStart() {
      return start + headerLength;
    }

    int end() {
      return start + length;
    }

    byte[] content() {
      return Arrays.copyOfRange(buffer, contentStart(), end());
    }

    /** The bytes C2PA hashes for a hashed URI to this superbox: everything after its header. */
    byte[] hashedBytes() {
      return content();
    }
  }

  /** A superbox: its description and its children (superboxes and content boxes, in order). */
  record Superbox(
      Box box, String contentType, String label, List<Superbox> superboxes, List<Box> contents) {
    Optional<Superbox> child(String label) {
      for (Superbox s : superboxes) {
        if (s.label().equals(label)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }

    List<Superbox> childrenOfType(String contentType) {
      List<Superbox> found = new ArrayList<>();
      for (Superbox s : superboxes) {
        if (s.contentType().equals(contentType)) {
          found.add(s);
        }
      }
      return found;
    }

    Optional<Box> firstContent(String type) {
      return contents.stream().filter(b -> b.type().equals(type)).findFirst();
    }
  }

  /** Parses one superbox that spans the whole buffer. */
  static Superbox parseSuperbox(byte[] buffer) throws IOException {
    int[] count = {0};
    List<Box> top = boxes(buffer, 0, buffer.length, count);
    if (top.size() != 1 || !top.get(0).type().equals("jumb")) {
      throw new IOException("the manifest store is not one JUMBF superbox");
    }
    return superbox(top.get(0), 0, count);
  }

  private static Superbox superbox(Box box, int depth, int[] count) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("JUMBF boxes nest deeper than " + MAX_DEPTH);
    }
    List<Box> children = boxes(box.buffer(), box.contentStart(), box.end(), count);
    if (children.isEmpty() || !children.get(0).type().equals("jumd")) {
      throw new IOException(
          "a JUMBF superbox at offset " + box.start() + " has no description box");
    }
    Box d = children.get(0);
    byte[] buf = box.buffer();
    int p = d.contentStart();
    if (d.end() - p < 17) {
      throw new IOException("a JUMBF description box at offset " + d.start() + " is too short");
    }
    String type = typeName(Arrays.copyOfRange(buf, p, p + 16));
    int toggles = buf[p + 16] & 0xFF;
    String label = "";
    if ((toggles & 0x02) != 0) {
      int q = p + 17;
      int end = q;
      while (end < d.end() && buf[end] != 0) {
        end++;
      }
      if (end >= d.end() || end - q > MAX_LABEL_BYTES) {
        throw new IOException("a JUMBF label at offset " + q + " is not terminated");
      }
      label = new String(buf, q, end - q, StandardCharsets.UTF_8);
    }
    // The optional fields the toggles announce must fill the description box exactly, and C2PA
    // boxes are labelled and requestable: a changed toggle byte is malformed, not ignored.
    int q =
        p + 17 + ((toggles & 0x02) != 0 ? label.getBytes(StandardCharsets.UTF_8).length + 1 : 0);
    if ((toggles & 0x04) != 0) {
      q += 4;
    }
    if ((toggles & 0x08) != 0) {
      q += 32;
    }
    if ((toggles & 0x10) != 0) {
      if (d.end() - q < 8) {
        throw new IOException(
            "a JUMBF description box at offset " + d.start() + " lacks its private box");
      }
      q += (int) Math.min(Integer.MAX_VALUE, u32(buf, q));
    }
    if (q != d.end() || (toggles & 0xE0) != 0) {
      throw new IOException(
          "a JUMBF description box at offset " + d.start() + " does not match its toggles");
    }
    if (type.length() == 4 && (toggles & 0x03) != 0x03) {
      throw new IOException(
          "the C2PA box at offset " + box.start() + " is not labelled and requestable");
    }
    List<Superbox> subs = new ArrayList<>();
    List<Box> contents = new ArrayList<>();
    for (Box c : children.subList(1, children.size())) {
      if (c.type().equals("jumb")) {
        subs.add(superbox(c, depth + 1, count));
      } else {
        contents.add(c);
      }
    }
    return new Superbox(box, type, label, List.copyOf(subs), List.copyOf(contents));
  }

  private static List<Box> boxes(byte[] buf, int from, int to, int[] count) throws IOException {
    List<Box> out = new ArrayList<>();
    int p = from;
    while (p < to) {
      if (to - p < 8) {
        throw new IOException("a truncated JUMBF box header at offset " + p);
      }
      long length = u32(buf, p);
      String type = new String(buf, p + 4, 4, StandardCharsets.ISO_8859_1);
      int header = 8;
      if (length == 1) {
        if (to - p < 16) {
          throw new IOException("a truncated JUMBF extended length at offset " + p);
        }
        length = (u32(buf, p + 8) << 32) | u32(buf, p + 12);
        header = 16;
      } else if (length == 0) {
        length = to - p;
      }
      if (length < header || length > to - p) {
        throw new IOException(
            "a JUMBF box at offset "
                + p
                + " declares "
                + length
                + " bytes; "
                + (to - p)
                + " remain");
      }
      if (++count[0] > MAX_BOXES) {
        throw new IOException("more than " + MAX_BOXES + " JUMBF boxes");
      }
      out.add(new Box(type, buf, p, header, (int) length));
      p += (int) length;
    }
    return out;
  }

  static long u32(byte[] b, int p) {
    return ((b[p] & 0xFFL) << 24)
        | ((b[p + 1] & 0xFFL) << 16)
        | ((b[p + 2] & 0xFFL) << 8)
        | (b[p + 3] & 0xFFL);
  }
}
