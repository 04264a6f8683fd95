package dev.verisim.provenance.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The error-correcting code: corrects injected bit errors, and its CRC rejects noise. */
class WatermarkCodecTest {
  private static double[] soft(boolean[] code) {
    double[] s = new double[code.length];
    for (int i = 0; i < code.length; i++) {
      s[i] = code[i] ? 1 : -1;
    }
    return s;
  }

  @Test
  void cleanRoundTrip() {
    WatermarkPayload p = new WatermarkPayload(7, 123456);
    boolean[] code = PayloadCodec.encode(p);
    assertEquals(PayloadCodec.CODE_BITS, code.length);
    assertEquals(Optional.of(p), PayloadCodec.decode(soft(code)).payload());
  }

  @Test
  void correctsScatteredHardErrors() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      WatermarkPayload p = WatermarkPayload.fromBits(random.nextInt());
      double[] s = soft(PayloadCodec.encode(p));
      // Five flipped code bits, at least 12 apart: well within the code's free distance of 10
      // per constraint span.
      int start = random.nextInt(12);
      for (int k = 0; k < 5; k++) {
        int i = start + k * 20 + random.nextInt(4);
        s[i] = -s[i];
      }
      assertEquals(Optional.of(p), PayloadCodec.decode(s).payload(), "trial " + trial);
    }
  }

  @Test
  void correctsNoisySoftValues() {
    SplittableRandom random = new SplittableRandom(12);
    int ok = 0;
    int rawErrors = 0;
    for (int trial = 0; trial < 200; trial++) {
      WatermarkPayload p = WatermarkPayload.fromBits(random.nextInt());
      double[] s = soft(PayloadCodec.encode(p));
      for (int i = 0; i < s.length; i++) {
        double noisy = s[i] + 0.8 * random.nextGaussian();
        rawErrors += (noisy > 0) != (s[i] > 0) ? 1 : 0;
        s[i] = noisy;
      }
      ok += PayloadCodec.decode(s).payload().equals(Optional.of(p)) ? 1 : 0;
    }
    // About 11% of the raw bits are wrong; soft Viterbi still gets nearly every payload.
    assertTrue(rawErrors > 0.08 * 200 * PayloadCodec.CODE_BITS, "raw errors " + rawErrors);
    assertTrue(ok >= 190, "decoded " + ok + " of 200");
  }

  @Test
  void crcRejectsNoise() {
    SplittableRandom random = new SplittableRandom(13);
    int accepted = 0;
    for (int trial = 0; trial < 2000; trial++) {
      double[] s = new double[PayloadCodec.CODE_BITS];
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextGaussian();
      }
      accepted += PayloadCodec.decode(s).payload().isPresent() ? 1 : 0;
    }
    // Expected 2000 / 65536 = 0.03.
    assertTrue(accepted <= 1, "CRC accepted " + accepted + " noise words");
  }
}
