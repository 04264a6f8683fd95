package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaKindTest {
  private static byte[] bytes(String ascii, int... prefix) {
    byte[] text = ascii.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[prefix.length + text.length];
    for (int i = 0; i < prefix.length; i++) {
      out[i] = (byte) prefix[i];
    }
    System.arraycopy(text, 0, out, prefix.length, text.length);
    return out;
  }

  @Test
  void containersAreToldApartByTheirFirstBytes() {
    assertEquals(
        Optional.of(MediaKind.VIDEO), MediaKind.sniff(bytes("ftypisom\0\0\0\0", 0, 0, 0, 0x20)));
    assertEquals(
        Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("ftypM4A \0\0\0\0", 0, 0, 0, 0x20)));
    assertEquals(
        Optional.of(MediaKind.VIDEO),
        MediaKind.sniff(bytes("\u00df\u00a3\0\0\0\0\0\0\0\0", 0x1A, 0x45)));
    assertEquals(Optional.of(MediaKind.VIDEO), MediaKind.sniff(bytes("RIFF\0\0\0\0AVI LIST")));
    assertEquals(Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("RIFF\0\0\0\0WAVEfmt ")));
    assertEquals(Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("fLaC\0\0\0\"\0\0\0\0")));
    assertEquals(Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("OggS\0\2\0\0\0\0\0\0")));
    assertEquals(Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("ID3\4\0\0\0\0\0\0\0\0")));
    assertEquals(
        Optional.of(MediaKind.AUDIO), MediaKind.sniff(bytes("\0\0\0\0\0\0\0\0\0\0", 0xFF, 0xFB)));
    assertEquals(
        Optional.of(MediaKind.IMAGE),
        MediaKind.sniff(bytes("\0\0\0\0\0\0\0\0\0", 0xFF, 0xD8, 0xFF)));
    assertEquals(Optional.empty(), MediaKind.sniff(bytes("RIFF\0\0\0\0CDXAfmt ")));
    assertEquals(Optional.empty(), MediaKind.sniff(bytes("hello, world")));
    assertEquals(Optional.empty(), MediaKind.sniff(new byte[0]));
  }

  @Test
  void uploadsGetAMediaTypeFromTheirBytes() {
    assertEquals(
        Optional.of("video/mp4"), MediaKind.mimeType(bytes("ftypisom\0\0\0\0", 0, 0, 0, 0x20)));
    assertEquals(
        Optional.of("audio/mp4"), MediaKind.mimeType(bytes("ftypM4A \0\0\0\0", 0, 0, 0, 0x20)));
    assertEquals(Optional.of("audio/wav"), MediaKind.mimeType(bytes("RIFF\0\0\0\0WAVEfmt ")));
    assertEquals(Optional.of("video/x-msvideo"), MediaKind.mimeType(bytes("RIFF\0\0\0\0AVI LIST")));
    assertEquals(Optional.of("audio/flac"), MediaKind.mimeType(bytes("fLaC\0\0\0\"\0\0\0\0")));
    assertEquals(
        Optional.of("audio/mpeg"), MediaKind.mimeType(bytes("\0\0\0\0\0\0\0\0\0\0", 0xFF, 0xFB)));
    assertEquals(
        Optional.of("image/jpeg"),
        MediaKind.mimeType(bytes("\0\0\0\0\0\0\0\0\0", 0xFF, 0xD8, 0xFF)));
    assertEquals(Optional.empty(), MediaKind.mimeType(bytes("hello, world")));
  }
}
