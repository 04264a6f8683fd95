package dev.verisim.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The three kinds of media {@code verisim detect} handles, told apart by a file's first bytes,
 * never by its name: a renamed file goes to the pipeline that can read it.
 */
public enum MediaKind {
  IMAGE("image"),
  VIDEO("video"),
  AUDIO("audio");

  /** Leading bytes {@link #sniff} needs: enough for an ISO BMFF brand and a RIFF form type. */
  public static final int SNIFF_BYTES = 12;

  private final String id;

  MediaKind(String id) {
    this.id = id;
  }

  /** The verdict's {@code media} value. */
  public String id() {
    return id;
  }

  /**
   * The kind of media whose container these bytes begin, or empty when verisim reads none of it.
   * Containers that may hold either (Matroska/WebM, MP4) count as video; the video pipeline falls
   * back to audio when there is no video stream.
   */
  public static Optional<MediaKind> sniff(byte[] head) {
    if (MediaFormat.sniff(head).isPresent()) {
      return Optional.of(IMAGE);
    }
    if (head.length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      // Apple's audio-only brands; every other brand (isom, mp42, qt, M4V, 3gp...) may have video.
      return Optional.of(brand.equals("M4A ") || brand.equals("M4B ") ? AUDIO : VIDEO);
    }
    if (head.length >= 8
        && Arrays.asList("moov", "mdat", "wide", "free").contains(ascii(head, 4, 4))) {
      return Optional.of(VIDEO); // QuickTime files that do not begin with ftyp
    }
    if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
      return Optional.of(VIDEO); // EBML: Matroska and WebM
    }
    if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF")) {
      String form = ascii(head, 8, 4);
      if (form.equals("AVI ")) {
        return Optional.of(VIDEO);
      }
      if (form.equals("WAVE")) {
        return Optional.of(AUDIO);
      }
      return Optional.empty();
    }
    if (head.length >= 4) {
      String magic = ascii(head, 0, 4);
      if (magic.equals("fLaC") || magic.equals("OggS")) {
        return Optional.of(AUDIO);
      }
      if (magic.startsWith("ID3")) {
        return Optional.of(AUDIO);
      }
    }
    // An MPEG audio or ADTS frame: 11 sync bits set. JPEG's FF D8 is not one (checked above
    // anyway).
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
      return Optional.of(AUDIO);
    }
    return Optional.empty();
  }

  /**
   * A media type for the container these bytes begin (for an upload's record), or empty when {@link
   * #sniff} knows none. Matroska and WebM share a signature and are both {@code video/x-matroska}
   * here.
   */
  public static Optional<String> mimeType(byte[] head) {
    Optional<MediaFormat> image = MediaFormat.sniff(head);
    if (image.isPresent()) {
      return Optional.of(image.get().mimeType());
    }
    Optional<MediaKind> kind = sniff(head);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (head.length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      if (kind.get() == AUDIO) {
        return Optional.of("audio/mp4");
      }
      return Optional.of(brand.equals("qt  ") ? "video/quicktime" : "video/mp4");
    }
    if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
      return Optional.of("video/x-matroska");
    }
    String magic = ascii(head, 0, Math.min(4, head.length));
    if (magic.equals("RIFF")) {
      return Optional.of(kind.get() == VIDEO ? "video/x-msvideo" : "audio/wav");
    }
    if (magic.equals("fLaC")) {
      return Optional.of("audio/flac");
    }
    if (magic.equals("OggS")) {
      return Optional.of("audio/ogg");
    }
    if (kind.get() == VIDEO) {
      return Optional.of("video/quicktime"); // moov/mdat/wide/free first: old QuickTime
    }
    return Optional.of("audio/mpeg"); // ID3 or an MPEG audio frame
  }

  private static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  private static boolean startsWith(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
