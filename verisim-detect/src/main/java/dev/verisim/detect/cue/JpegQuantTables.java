package dev.verisim.detect.cue;

import java.util.Map;
import java.util.TreeMap;

/**
 * The quantization tables of a JPEG file, read from its DQT markers, and an estimate of the IJG
 * (libjpeg) quality that produced the luminance table.
 *
 * <p>The parser walks the marker segments from SOI and stops at the first SOS, where the entropy-
 * coded data begins; it reads 8-bit and 16-bit tables, several tables per segment, and notes which
 * table the first colour component (luminance) uses. It never throws on malformed bytes: it returns
 * what it could read.
 */
final class JpegQuantTables {
  /** Natural (row-major) index of the i-th coefficient in zigzag order, as DQT stores them. */
  static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  /** The IJG standard luminance table (JPEG standard, Annex K), natural order. */
  static final int[] IJG_LUMINANCE = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
  };

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int DQT = 0xDB;

  /**
   * What the markers held.
   *
   * @param tables quantization tables by id (0-3), 64 steps each in natural order
   * @param luminanceTable the id of the table the first frame component uses (0 when no SOF)
   */
  record Parsed(Map<Integer, int[]> tables, int luminanceTable) {
    /** The luminance table, or null when the file had none. */
    int[] luminance() {
      int[] table = tables.get(luminanceTable);
      return table != null ? table : tables.get(0);
    }
  }

  private JpegQuantTables() {}

  static Parsed parse(byte[] bytes) {
    Map<Integer, int[]> tables = new TreeMap<>();
    int luminanceTable = 0;
    if (bytes.length < 4 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != SOI) {
      return new Parsed(tables, luminanceTable);
    }
    int pos = 2;
    while (pos + 4 <= bytes.length) {
      if ((bytes[pos] & 0xFF) != 0xFF) {
        break; // not a marker where one must be: the file is corrupt from here on
      }
      int marker = bytes[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++; // fill byte before a marker
        continue;
      }
      if (marker == SOS || marker == EOI) {
        break;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // TEM and RSTn stand alone, without a length
        continue;
      }
      int length = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
      int start = pos + 4;
      int end = pos + 2 + length;
      if (length < 2 || end > bytes.length) {
        break;
      }
      if (marker == DQT) {
        readTables(bytes, start, end, tables);
      } else if (isStartOfFrame(marker) && end - start >= 9) {
        // SOF: precision(1) height(2) width(2) components(1), then id, sampling, Tq per component.
        luminanceTable = bytes[start + 8] & 0x03;
      }
      pos = end;
    }
    return new Parsed(tables, luminanceTable);
  }

  private static boolean isStartOfFrame(int marker) {
    // C0-CF are frame markers except C4 (DHT), C8 (JPG extension) and CC (DAC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static void readTables(byte[] bytes, int start, int end, Map<Integer, int[]> tables) {
    int pos = start;
    while (pos < end) {
      int precision = (bytes[pos] & 0xFF) >> 4;
      int id = bytes[pos] & 0x0F;
      int size = precision == 0 ? 64 : 128;
      if (id > 3 || precision > 1 || pos + 1 + size > end) {
        return;
      }
      int[] natural = new int[64];
      for (int i = 0; i < 64; i++) {
        int value =
            precision == 0
                ? bytes[pos + 1 + i] & 0xFF
                : ((bytes[pos + 1 + 2 * i] & 0xFF) << 8) | (bytes[pos + 2 + 2 * i] & 0xFF);
        natural[ZIGZAG[i]] = value;
      }
      tables.put(id, natural);
      pos += 1 + size;
    }
  }

  /** The IJG luminance table for a quality 1-100, as libjpeg builds it with baseline limits. */
  static int[] ijgLuminance(int quality) {
    int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    int[] table = new int[64];
    for (int i = 0; i < 64; i++) {
      table[i] = Math.max(1, Math.min(255, (IJG_LUMINANCE[i] * scale + 50) / 100));
    }
    return table;
  }

  /**
   * The IJG quality whose luminance table is closest to the given one (sum of absolute step
   * differences); ties go to the higher quality. Tables from cameras that do not use IJG scaling
   * get the nearest IJG quality, which is still a fair measure of how coarse they are.
   */
  static int estimateQuality(int[] luminance) {
    int best = 100;
    long bestError = Long.MAX_VALUE;
    for (int quality = 100; quality >= 1; quality--) {
      int[] candidate = ijgLuminance(quality);
      long error = 0;
      for (int i = 0; i < 64; i++) {
        error += Math.abs(candidate[i] - luminance[i]);
      }
      if (error < bestError) {
        bestError = error;
        best = quality;
      }
    }
    return best;
  }
}
