package dev.verisim.provenance.watermark;

import java.util.Optional;

/**
 * Payload to code bits and back: 32 payload bits, then a CRC-16 of them, convolutionally encoded
 * ({@link ConvolutionalCode}) into {@value #CODE_BITS} code bits.
 *
 * <p>The CRC is what rejects a wrong alignment or an unmarked image: Viterbi always outputs some
 * codeword, and on noise that codeword's CRC matches with probability 2^-16. Because both codes are
 * linear and the key randomises every code bit's sign, that probability is exact, not a hope (see
 * {@link Watermarker}).
 */
final class PayloadCodec {
  static final int PAYLOAD_BITS = 32;
  static final int CRC_BITS = 16;
  static final int INFO_BITS = PAYLOAD_BITS + CRC_BITS;
  static final int CODE_BITS = 2 * (INFO_BITS + ConvolutionalCode.CONSTRAINT - 1);

  /** The probability that noise decodes to a word whose CRC matches. */
  static final double CRC_PASS_PROBABILITY = 1.0 / (1 << CRC_BITS);

  private PayloadCodec() {}

  static boolean[] encode(WatermarkPayload payload) {
    return ConvolutionalCode.encode(infoBits(payload.bits()));
  }

  /** The decoded payload when the CRC matches, and the codeword it re-encodes to. */
  record Decoded(Optional<WatermarkPayload> payload, boolean[] codeword) {}

  static Decoded decode(double[] soft) {
    boolean[] info = ConvolutionalCode.decode(soft, INFO_BITS);
    int word = 0;
    for (int i = 0; i < PAYLOAD_BITS; i++) {
      word = (word << 1) | (info[i] ? 1 : 0);
    }
    int crc = 0;
    for (int i = 0; i < CRC_BITS; i++) {
      crc = (crc << 1) | (info[PAYLOAD_BITS + i] ? 1 : 0);
    }
    Optional<WatermarkPayload> payload =
        crc == crc16(word) ? Optional.of(WatermarkPayload.fromBits(word)) : Optional.empty();
    return new Decoded(payload, ConvolutionalCode.encode(info));
  }

  private static boolean[] infoBits(int word) {
    boolean[] bits = new boolean[INFO_BITS];
    for (int i = 0; i < PAYLOAD_BITS; i++) {
      bits[i] = ((word >>> (PAYLOAD_BITS - 1 - i)) & 1) == 1;
    }
    int crc = crc16(word);
    for (int i = 0; i < CRC_BITS; i++) {
      bits[PAYLOAD_BITS + i] = ((crc >>> (CRC_BITS - 1 - i)) & 1) == 1;
    }
    return bits;
  }

  /** CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF) of the word's four bytes. */
  static int crc16(int word) {
    int crc = 0xFFFF;
    for (int b = 3; b >= 0; b--) {
      crc ^= ((word >>> (8 * b)) & 0xFF) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
      }
    }
    return crc;
  }
}
