package dev.verisim.provenance.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The payload's fields, bounds and hex form. */
class WatermarkPayloadTest {
  @Test
  void hexRoundTrip() {
    WatermarkPayload p = new WatermarkPayload(42, 0xbeef);
    assertEquals("2a00beef", p.hex());
    assertEquals(p, WatermarkPayload.parseHex("2a00beef"));
    assertEquals(p, WatermarkPayload.parseHex("0x2A00BEEF"));
    assertEquals(new WatermarkPayload(0, 1), WatermarkPayload.parseHex("1"));
    assertEquals(
        new WatermarkPayload(255, WatermarkPayload.MAX_SERIAL), WatermarkPayload.fromBits(-1));
  }

  @Test
  void rejectsOutOfRangeAndBadHex() {
    assertThrows(IllegalArgumentException.class, () -> new WatermarkPayload(256, 0));
    assertThrows(IllegalArgumentException.class, () -> new WatermarkPayload(0, 1 << 24));
    assertThrows(IllegalArgumentException.class, () -> new WatermarkPayload(-1, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WatermarkPayload.parseHex("12345678a"));
    assertTrue(e.getMessage().contains("12345678a"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WatermarkPayload.parseHex("xyz"));
    assertThrows(IllegalArgumentException.class, () -> WatermarkPayload.parseHex(""));
  }
}
