package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The DQT parser on hand-built marker streams. */
class JpegQuantTablesParsingTest {
  @Test
  void readsEightAndSixteenBitTablesFromOneSegmentAndFollowsTheFrame() {
    int[] table0 = JpegQuantTables.ijgLuminance(80);
    int[] table1 = new int[64];
    for (int i = 0; i < 64; i++) {
      table1[i] = 300 + 7 * i; // needs 16 bits
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    byte[] dqt = concat(tablePayload(0, 0, table0), tablePayload(1, 1, table1));
    segment(out, 0xDB, dqt);
    // SOF0 with one component whose quantization table is 1.
    segment(out, 0xC0, new byte[] {8, 0, 16, 0, 16, 1, 1, 0x11, 1});
    segment(out, 0xDA, new byte[] {1, 1, 0, 0, 63, 0});
    // Entropy-coded data that looks like a DQT must not be read.
    segment(out, 0xDB, tablePayload(2, 0, table0));

    JpegQuantTables.Parsed parsed = JpegQuantTables.parse(out.toByteArray());
    assertEquals(2, parsed.tables().size());
    assertArrayEquals(table0, parsed.tables().get(0));
    assertArrayEquals(table1, parsed.tables().get(1));
    assertEquals(1, parsed.luminanceTable());
    assertArrayEquals(table1, parsed.luminance());
  }

  @Test
  void readsTablesFromSeparateSegmentsAndEstimatesQuality() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xDB, tablePayload(0, 0, JpegQuantTables.ijgLuminance(62)));
    segment(out, 0xDB, tablePayload(1, 0, JpegQuantTables.ijgLuminance(20)));
    marker(out, 0xD9);
    JpegQuantTables.Parsed parsed = JpegQuantTables.parse(out.toByteArray());
    assertEquals(2, parsed.tables().size());
    assertEquals(62, JpegQuantTables.estimateQuality(parsed.luminance()));
    assertEquals(20, JpegQuantTables.estimateQuality(parsed.tables().get(1)));
  }

  @Test
  void truncatedOrForeignBytesGiveNoTablesInsteadOfThrowing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xDB, tablePayload(0, 0, JpegQuantTables.ijgLuminance(75)));
    byte[] whole = out.toByteArray();
    for (int cut = 0; cut < whole.length - 1; cut++) {
      assertNull(JpegQuantTables.parse(Arrays.copyOf(whole, cut)).luminance(), "cut " + cut);
    }
    assertNull(JpegQuantTables.parse(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).luminance());
    assertNull(JpegQuantTables.parse(new byte[0]).luminance());
  }

  /** One DQT table: Pq/Tq byte then 64 steps in zigzag order. */
  private static byte[] tablePayload(int id, int precision, int[] natural) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((precision << 4) | id);
    for (int i = 0; i < 64; i++) {
      int v = natural[JpegQuantTables.ZIGZAG[i]];
      if (precision == 1) {
        out.write(v >> 8);
      }
      out.write(v & 0xFF);
    }
    return out.toByteArray();
  }

  private static void marker(ByteArrayOutputStream out, int marker) {
    out.write(0xFF);
    out.write(marker);
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
    marker(out, marker);
    int length = payload.length + 2;
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(payload, 0, payload.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
