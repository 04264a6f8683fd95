package dev.verisim.provenance.c2pa;

import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Images, chains and byte surgery shared by the C2PA tests; every chain is made fresh. */
final class TestAssets {
  static final Instant NOW = Instant.parse("2026-11-26T16:00:00Z");

  private TestAssets() {}

  static BufferedImage image() {
    return ImageFiles.pattern(96, 64, 7);
  }

  /** A JPEG with verisim's XMP label in APP1, as verisim writes generated images. */
  static byte[] labelledJpeg() {
    try {
      return LabelledImageWriter.jpeg(image(), AiLabel.generated("verisim test"), 0.9f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG with verisim's XMP label in an iTXt chunk. */
  static byte[] labelledPng() {
    try {
      return LabelledImageWriter.png(image(), AiLabel.generated("verisim test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DevChain chain() {
    return DevChain.generate(NOW, Duration.ofDays(30));
  }

  static ManifestSpec spec(String title) {
    return ManifestSpec.builder()
        .setSoftwareAgent("verisim gan sample", "0.1.0")
        .optTitle(title)
        .optAssertion(
            "dev.verisim.consent",
            Map.of("subject", "test subject", "scope", List.of("likeness"), "granted", true))
        .build();
  }

  static byte[] sign(byte[] asset, DevChain chain) {
    try {
      return ContentCredentials.sign(asset, spec("unique-title-4711"), chain.identity(), NOW);
    } catch (dev.verisim.core.MediaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first offset of the text in the bytes, or -1. */
  static int indexOf(byte[] bytes, String text) {
    return indexOf(bytes, text, 0);
  }

  /** The first offset of the text in the bytes at or after {@code from}, or -1. */
  static int indexOf(byte[] bytes, String text, int from) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = from; i + t.length <= bytes.length; i++) {
      for (int j = 0; j < t.length; j++) {
        if (bytes[i + j] != t[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x01;
    return copy;
  }

  /** An offset inside the image data: JPEG entropy-coded data after SOS, PNG inside IDAT. */
  static int pixelOffset(byte[] asset) throws IOException {
    if ((asset[0] & 0xFF) == 0x89) {
      for (Containers.Chunk c : Containers.pngChunks(asset)) {
        if (c.type().equals("IDAT")) {
          return c.dataStart() + c.length() / 2;
        }
      }
      throw new IllegalStateException("no IDAT");
    }
    // The last bytes before EOI are entropy-coded data.
    return asset.length - 10;
  }

  /** The file offset of the text inside the embedded store (not, say, in the XMP label). */
  static int indexInStore(byte[] asset, String text) throws IOException {
    Containers.Format f = Containers.Format.sniff(asset).orElseThrow();
    int start = (int) Containers.find(f, asset).orElseThrow().ranges().get(0)[0];
    int at = indexOf(asset, text, start);
    if (at < 0) {
      throw new IllegalStateException(text + " is not in the store");
    }
    return at;
  }

  /** The file offset of the last byte of the embedded store (the end of the COSE signature). */
  static int lastStoreByte(byte[] asset) throws IOException {
    Containers.Format f = Containers.Format.sniff(asset).orElseThrow();
    List<long[]> ranges = Containers.find(f, asset).orElseThrow().ranges();
    long[] last = ranges.get(ranges.size() - 1);
    int end = (int) (last[0] + last[1]);
    return f == Containers.Format.PNG ? end - 5 : end - 1; // PNG: before the CRC
  }
}
