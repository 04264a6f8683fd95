package dev.verisim.provenance.c2pa;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CBOR for C2PA: decoding of untrusted bytes through Jackson (with nesting and length limits) and a
 * small deterministic encoder (definite lengths, shortest integer forms), because hashes and
 * signatures are taken over the exact bytes written.
 */
final class Cbor {
  /** Deeper structures than this are refused: no C2PA structure nests more than a few levels. */
  static final int MAX_NESTING = 64;

  static final ObjectMapper MAPPER =
      new ObjectMapper(
          CBORFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_NESTING)
                      .maxStringLength(16 << 20)
                      .build())
              .build());

  private Cbor() {}

  /** Decodes one CBOR item, or throws IOException on malformed or over-limit input. */
  static JsonNode decode(byte[] bytes) throws IOException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty CBOR");
      }
      return node;
    } catch (RuntimeException e) {
      throw new IOException("malformed CBOR: " + e.getMessage(), e);
    }
  }

  /** The tag of the first item (for example 18 for COSE_Sign1), or -1 when it has none. */
  static int firstTag(byte[] bytes) throws IOException {
    try (CBORParser p = (CBORParser) MAPPER.getFactory().createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IOException("empty CBOR");
      }
      return p.getCurrentTag();
    } catch (RuntimeException e) {
      throw new IOException("malformed CBOR: " + e.getMessage(), e);
    }
  }

  /** The plain Java value of a decoded node: maps, lists, strings, numbers, byte[], null. */
  static Object toJava(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }

  /**
   * Encodes a value: Map (String or Integer/Long keys, in iteration order), List, byte[], String,
   * Integer, Long, BigInteger (64-bit range), Double, Float, Boolean, null, Instant (RFC 3339
   * text), {@link Tagged}. Anything else (records, POJOs) is first converted to a map by Jackson.
   */
  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value, 0);
    return out.toByteArray();
  }

  /** A tagged item, for example COSE_Sign1 (tag 18). */
  record Tagged(long tag, Object value) {}

  private static void write(ByteArrayOutputStream out, Object v, int depth) {
    if (depth > MAX_NESTING) {
      throw new IllegalArgumentException("CBOR value nests deeper than " + MAX_NESTING);
    }
    if (v == null) {
      out.write(0xF6);
    } else if (v instanceof Boolean b) {
      out.write(b ? 0xF5 : 0xF4);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      long n = ((Number) v).longValue();
      if (n >= 0) {
        head(out, 0, n);
      } else {
        head(out, 1, -1 - n);
      }
    } else if (v instanceof BigInteger big) {
      write(out, big.longValueExact(), depth);
    } else if (v instanceof Double || v instanceof Float) {
      out.write(0xFB);
      long bits = Double.doubleToLongBits(((Number) v).doubleValue());
      for (int i = 7; i >= 0; i--) {
        out.write((int) (bits >>> (8 * i)));
      }
    } else if (v instanceof byte[] bytes) {
      head(out, 2, bytes.length);
      out.writeBytes(bytes);
    } else if (v instanceof CharSequence s) {
      byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
      head(out, 3, utf8.length);
      out.writeBytes(utf8);
    } else if (v instanceof Instant t) {
      write(out, t.toString(), depth);
    } else if (v instanceof List<?> list) {
      head(out, 4, list.size());
      for (Object o : list) {
        write(out, o, depth + 1);
      }
    } else if (v instanceof Object[] array) {
      write(out, List.of(array), depth);
    } else if (v instanceof Map<?, ?> map) {
      head(out, 5, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object k = e.getKey();
        if (!(k instanceof String || k instanceof Integer || k instanceof Long)) {
          throw new IllegalArgumentException("CBOR map keys must be text or integers, got " + k);
        }
        write(out, k, depth + 1);
        write(out, e.getValue(), depth + 1);
      }
    } else if (v instanceof Tagged t) {
      head(out, 6, t.tag());
      write(out, t.value(), depth + 1);
    } else if (v instanceof JsonNode node) {
      write(out, toJava(node), depth);
    } else {
      Object converted = MAPPER.convertValue(v, Object.class);
      if (converted != null && converted.getClass() == v.getClass()) {
        throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as CBOR");
      }
      write(out, converted, depth);
    }
  }

  private static void head(ByteArrayOutputStream out, int major, long n) {
    int mt = major << 5;
    if (n < 24) {
      out.write(mt | (int) n);
    } else if (n < 0x100) {
      out.write(mt | 24);
      out.write((int) n);
    } else if (n < 0x10000) {
      out.write(mt | 25);
      out.write((int) (n >>> 8));
      out.write((int) n);
    } else if (n < 0x100000000L) {
      out.write(mt | 26);
      for (int i = 3; i >= 0; i--) {
        out.write((int) (n >>> (8 * i)));
      }
    } else {
      out.write(mt | 27);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (n >>> (8 * i)));
      }
    }
  }
}
