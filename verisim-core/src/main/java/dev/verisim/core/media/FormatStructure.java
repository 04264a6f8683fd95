package dev.verisim.core.media;

import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What a walk over a file's container structure (JPEG segments, PNG chunks, GIF blocks, RIFF and
 * BMP headers) finds, without decoding pixels: whether the file ends before its image data does,
 * and the facts the colour conversion needs (JPEG components, Adobe transform, embedded ICC
 * profile).
 *
 * <p>This exists because ImageIO does not report every truncation: its JPEG readers fill a cut-off
 * scan with grey, and the PNG and GIF readers may return a partly decoded image.
 *
 * @param truncation why the file is truncated, in plain words, or null when it is complete (or the
 *     format has no cheap completeness check: TIFF)
 * @param jpegComponents the component count of a JPEG's frame header (1 grey, 3 YCbCr or RGB, 4
 *     CMYK or YCCK), 0 when unknown or not JPEG
 * @param jpegPrecision bits per sample of a JPEG frame, 0 when unknown
 * @param adobeTransform a JPEG's Adobe APP14 colour transform (0 none, 1 YCbCr, 2 YCCK), -1 absent
 * @param iccProfile the embedded ICC profile (JPEG APP2, PNG iCCP), or null when there is none or
 *     it cannot be parsed
 */
record FormatStructure(
    String truncation,
    int jpegComponents,
    int jpegPrecision,
    int adobeTransform,
    ICC_Profile iccProfile) {

  /** ICC profiles are rarely over 1 MB; a compressed one inflating past this is hostile. */
  private static final int MAX_ICC_BYTES = 4 << 20;

  private static final FormatStructure COMPLETE = new FormatStructure(null, 0, 0, -1, null);

  static FormatStructure scan(MediaFormat format, byte[] bytes) {
    return switch (format) {
      case JPEG -> scanJpeg(bytes);
      case PNG -> scanPng(bytes);
      case GIF -> scanGif(bytes);
      case WEBP -> scanWebp(bytes);
      case BMP -> scanBmp(bytes);
      case TIFF -> COMPLETE; // strips live anywhere; the TIFF reader reports EOF itself
    };
  }

  private static FormatStructure truncated(String why) {
    return new FormatStructure(why, 0, 0, -1, null);
  }

  // ---- JPEG: segments up to SOS, entropy-coded data, more segments (progressive), then EOI.

  private static FormatStructure scanJpeg(byte[] b) {
    int components = 0;
    int precision = 0;
    int adobeTransform = -1;
    ByteArrayOutputStream icc = new ByteArrayOutputStream();
    int pos = 2; // after SOI
    while (true) {
      while (pos < b.length && (b[pos] & 0xFF) != 0xFF) {
        pos++; // junk between segments: readers skip it, so do we
      }
      while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
        pos++; // fill bytes before a marker
      }
      if (pos >= b.length) {
        return truncated("the file ends before the end-of-image marker");
      }
      int marker = b[pos] & 0xFF;
      pos++;
      if (marker == 0xD9) {
        return new FormatStructure(null, components, precision, adobeTransform, profile(icc));
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // markers without a length
      }
      if (pos + 2 > b.length) {
        return truncated("the file ends inside a segment header");
      }
      int length = u16(b, pos);
      if (pos + length > b.length) {
        return truncated(
            String.format(Locale.ROOT, "the file ends inside a segment (marker FF%02X)", marker));
      }
      int data = pos + 2;
      int dataLength = length - 2;
      if (isStartOfFrame(marker) && dataLength >= 6) {
        precision = b[data] & 0xFF;
        components = b[data + 5] & 0xFF;
      } else if (marker == 0xEE && dataLength >= 12 && startsWith(b, data, "Adobe")) {
        adobeTransform = b[data + 11] & 0xFF;
      } else if (marker == 0xE2 && dataLength > 14 && startsWith(b, data, "ICC_PROFILE\0")) {
        // Chunks come in order in practice; the sequence numbers at data+12 are not checked.
        if (icc.size() + dataLength <= MAX_ICC_BYTES) {
          icc.write(b, data + 14, dataLength - 14);
        }
      }
      pos += length;
      if (marker == 0xDA) {
        pos = skipEntropyCodedData(b, pos);
        if (pos < 0) {
          return truncated(
              "the file ends in the middle of the compressed image data (no end-of-image marker)");
        }
      }
    }
  }

  /** Returns the offset of the marker that ends the scan, or -1 when the data runs out first. */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    while (pos < b.length) {
      if ((b[pos] & 0xFF) != 0xFF) {
        pos++;
        continue;
      }
      if (pos + 1 >= b.length) {
        return -1;
      }
      int next = b[pos + 1] & 0xFF;
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        pos += 2; // stuffed zero or restart marker: still scan data
      } else if (next == 0xFF) {
        pos++; // fill byte
      } else {
        return pos;
      }
    }
    return -1;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0
        && marker <= 0xCF
        && marker != 0xC4 // DHT
        && marker != 0xC8 // JPG extension
        && marker != 0xCC; // DAC
  }

  // ---- PNG: signature, chunks, IEND.

  private static FormatStructure scanPng(byte[] b) {
    ICC_Profile profile = null;
    int pos = 8;
    while (true) {
      if (pos + 8 > b.length) {
        return truncated("the file ends before the IEND chunk");
      }
      long length = u32(b, pos);
      String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > b.length) {
        return truncated("the file ends inside the '" + type + "' chunk");
      }
      int data = pos + 8;
      if (type.equals("IEND")) {
        return new FormatStructure(null, 0, 0, -1, profile);
      }
      if (type.equals("iCCP")) {
        profile = pngProfile(b, data, (int) length);
      }
      pos = data + (int) length + 4;
    }
  }

  private static ICC_Profile pngProfile(byte[] b, int data, int length) {
    int nameEnd = data;
    while (nameEnd < data + length && b[nameEnd] != 0) {
      nameEnd++;
    }
    int compressed = nameEnd + 2; // skip the terminator and the compression method byte
    if (compressed >= data + length) {
      return null;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(b, compressed, data + length - compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished() && out.size() <= MAX_ICC_BYTES) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        out.write(buffer, 0, n);
      }
      return inflater.finished() ? profile(out) : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static ICC_Profile profile(ByteArrayOutputStream bytes) {
    if (bytes.size() == 0) {
      return null;
    }
    try {
      return ICC_Profile.getInstance(bytes.toByteArray());
    } catch (IllegalArgumentException e) {
      return null; // a broken profile: decode as if untagged rather than refuse the image
    }
  }

  // ---- GIF: header, colour table, blocks, trailer (0x3B).

  private static FormatStructure scanGif(byte[] b) {
    if (b.length < 13) {
      return truncated("the file ends inside the header");
    }
    int pos = 13 + colourTableSize(b[10]);
    while (true) {
      if (pos >= b.length) {
        return truncated("the file ends before the GIF trailer");
      }
      int block = b[pos] & 0xFF;
      if (block == 0x3B) {
        return COMPLETE;
      } else if (block == 0x21) {
        pos = skipSubBlocks(b, pos + 2);
      } else if (block == 0x2C) {
        if (pos + 10 > b.length) {
          return truncated("the file ends inside an image descriptor");
        }
        pos = skipSubBlocks(b, pos + 10 + colourTableSize(b[pos + 9]) + 1);
      } else {
        return COMPLETE; // an unknown block: let the reader judge it
      }
      if (pos < 0) {
        return truncated("the file ends inside the image data");
      }
    }
  }

  private static int colourTableSize(byte flags) {
    return (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;
  }

  /** Returns the offset after the block terminator, or -1 when the data runs out first. */
  private static int skipSubBlocks(byte[] b, int pos) {
    while (pos < b.length) {
      int size = b[pos] & 0xFF;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
    return -1;
  }

  // ---- WebP: the RIFF header says how long the file is.

  private static FormatStructure scanWebp(byte[] b) {
    long riffSize = u32le(b, 4);
    if (8 + riffSize > b.length) {
      return truncated(
          "the RIFF header declares " + (8 + riffSize) + " bytes, the file has " + b.length);
    }
    return COMPLETE;
  }

  // ---- BMP: header sizes and, for uncompressed pixels, the rows the header promises.

  private static FormatStructure scanBmp(byte[] b) {
    if (b.length < 30) {
      return truncated("the file ends inside the header");
    }
    long pixelOffset = u32le(b, 10);
    long headerSize = u32le(b, 14);
    if (headerSize < 40 || b.length < 14 + headerSize) {
      return 14 + headerSize > b.length
          ? truncated("the file ends inside the header")
          : COMPLETE; // old OS/2 headers: leave them to the reader
    }
    long width = (int) u32le(b, 18);
    long height = Math.abs((long) (int) u32le(b, 22)); // negative height: rows top-down
    int bitsPerPixel = u16le(b, 28);
    long compression = u32le(b, 30);
    long needed;
    if (compression == 0 || compression == 3) { // BI_RGB, BI_BITFIELDS
      long rowBytes = (bitsPerPixel * width + 31) / 32 * 4;
      needed = pixelOffset + rowBytes * height;
    } else {
      needed = pixelOffset + u32le(b, 34); // compressed: the header's image size
    }
    if (needed > b.length) {
      return truncated("the header promises " + needed + " bytes, the file has " + b.length);
    }
    return COMPLETE;
  }

  // ---- helpers

  private static boolean startsWith(byte[] b, int pos, String ascii) {
    if (pos + ascii.length() > b.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[pos + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  private static long u32(byte[] b, int pos) {
    return ((long) (b[pos] & 0xFF) << 24)
        | ((b[pos + 1] & 0xFF) << 16)
        | ((b[pos + 2] & 0xFF) << 8)
        | (b[pos + 3] & 0xFF);
  }

  private static int u16le(byte[] b, int pos) {
    return (b[pos] & 0xFF) | ((b[pos + 1] & 0xFF) << 8);
  }

  private static long u32le(byte[] b, int pos) {
    if (pos + 4 > b.length) {
      return 0;
    }
    return (b[pos] & 0xFF)
        | ((b[pos + 1] & 0xFF) << 8)
        | ((b[pos + 2] & 0xFF) << 16)
        | ((long) (b[pos + 3] & 0xFF) << 24);
  }
}
