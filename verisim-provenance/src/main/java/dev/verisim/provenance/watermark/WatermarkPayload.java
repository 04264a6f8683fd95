package dev.verisim.provenance.watermark;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The 32 bits a watermark carries: which generator made the image (8 bits) and a serial number (24
 * bits). The hex form is 8 hex digits, generator first: {@code 2a00beef} is generator 42, serial
 * 0x00beef.
 *
 * @param generatorId in [0, 255]
 * @param serial in [0, 2^24 - 1]
 */
public record WatermarkPayload(int generatorId, int serial) {
  /** The largest serial that fits in 24 bits. */
  public static final int MAX_SERIAL = (1 << 24) - 1;

  public WatermarkPayload {
    if (generatorId < 0 || generatorId > 255) {
      throw new IllegalArgumentException("generatorId must be in [0, 255], got " + generatorId);
    }
    if (serial < 0 || serial > MAX_SERIAL) {
      throw new IllegalArgumentException(
          "serial must be in [0, " + MAX_SERIAL + "], got " + serial);
    }
  }

  /**
   * The payload verisim marks generated media with. The generator id is the first byte of the
   * SHA-256 of the generator's name, so one generator always marks alike (names can collide: the id
   * narrows the search, the record written beside the media decides); the serial is 24 bits of a
   * hash of the seed and the index of the image in what that seed made, so a mark found on a copy
   * points back to its record.
   *
   * @param index the image's index; negative for a composite (-1 a grid, -2 an animation)
   */
  public static WatermarkPayload forGenerated(String generatorName, long seed, long index) {
    byte[] h;
    try {
      h =
          MessageDigest.getInstance("SHA-256")
              .digest(generatorName.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long x = seed * 0x9E3779B97F4A7C15L + index;
    x ^= x >>> 31;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 29;
    return new WatermarkPayload(h[0] & 0xFF, (int) (x & MAX_SERIAL));
  }

  /** The payload of a 32-bit word, generator in the top byte. */
  public static WatermarkPayload fromBits(int bits) {
    return new WatermarkPayload(bits >>> 24, bits & MAX_SERIAL);
  }

  /**
   * Parses the 8-hex-digit form (an optional {@code 0x} prefix is accepted).
   *
   * @throws IllegalArgumentException naming the value when it is not 1 to 8 hex digits
   */
  public static WatermarkPayload parseHex(String hex) {
    String s = hex.strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if (s.isEmpty() || s.length() > 8 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "a payload is 1 to 8 hex digits (generator byte then 24-bit serial), got '" + hex + "'");
    }
    return fromBits((int) Long.parseLong(s, 16));
  }

  /** The 32-bit word, generator in the top byte. */
  public int bits() {
    return (generatorId << 24) | serial;
  }

  /** Eight lower-case hex digits, for example {@code 2a00beef}. */
  public String hex() {
    return String.format(Locale.ROOT, "%08x", bits());
  }

  @Override
  public String toString() {
    return hex();
  }
}
