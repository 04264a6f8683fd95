package dev.verisim.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.testkit.SyntheticImages;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Laundering specs parse with clear errors, and a laundered copy keeps the image's size. */
class LaunderingTest {
  @Test
  void parsesAppliesAndRefuses() {
    BufferedImage img = SyntheticImages.naturalTexture(32, 32, 1);
    for (Laundering l : Laundering.parseAll(Laundering.DEFAULTS)) {
      BufferedImage out = l.apply(img, 7);
      assertEquals(32, out.getWidth(), l.spec());
      assertEquals(32, out.getHeight(), l.spec());
      assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
    }
    assertEquals(Laundering.parse("JPEG:50"), Laundering.parse("jpeg:50"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Laundering.parse("sharpen:2"));
    assertTrue(e.getMessage().contains("jpeg:QUALITY"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Laundering.parse("jpeg:500"));
    assertTrue(e.getMessage().contains("[1,100]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Laundering.parse("resize:x"));
    assertThrows(
        IllegalArgumentException.class, () -> Laundering.parseAll(List.of("blur:1", "blur:1")));
  }
}
