package dev.verisim.core.label;

import dev.verisim.core.media.ImageLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Finds the XMP packet in a PNG (iTXt "XML:com.adobe.xmp"), JPEG (APP1
 * "http://ns.adobe.com/xap/1.0/") or GIF ("XMP DataXMP" application extension) and reads the {@link
 * AiLabel} from it. The walks are bounds-checked, so truncated or hostile files give an empty
 * result, never an exception. Used by the tests to check what the writers embed and, later, by
 * {@code verisim detect} to report a file's own machine-readable AI-generation marking (IPTC
 * digital source type; EU AI Act Art. 50(2)).
 *
 * <pre>{@code
 * boolean declared = LabelReader.read(path).map(AiLabel::declaresAiGeneration).orElse(false);
 * }</pre>
 */
public final class LabelReader {
  private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  private static final String PNG_KEYWORD = "XML:com.adobe.xmp";
  private static final byte[] JPEG_XMP_ID =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);

  /** Largest compressed PNG XMP text inflated; more is treated as absent. */
  private static final int MAX_INFLATED = 4 << 20;

  private LabelReader() {}

  /**
   * Reads the label of an image file.
   *
   * @return the label, or empty when the file is not PNG/JPEG/GIF, has no XMP, or its XMP has no
   *     DigitalSourceType
   * @throws IOException when the file cannot be read or is larger than {@link
   *     ImageLimits#DEFAULT}'s byte limit
   */
  public static Optional<AiLabel> read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > ImageLimits.DEFAULT.maxBytes()) {
      throw new IOException(file + ": too large to read a label from (" + size + " bytes)");
    }
    return read(Files.readAllBytes(file));
  }

  /** The label in an encoded PNG, JPEG or GIF, as by {@link #read(Path)}. */
  public static Optional<AiLabel> read(byte[] encoded) {
    return findXmp(encoded).flatMap(LabelReader::parseXmp);
  }

  /** The first XMP packet of an encoded PNG, JPEG or GIF, or empty. */
  public static Optional<String> findXmp(byte[] b) {
    try {
      if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
        return png(b);
      }
      if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
        return jpeg(b);
      }
      if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
        return gif(b);
      }
    } catch (IndexOutOfBoundsException e) {
      // A structure running past the end of the data: treat as unlabelled.
    }
    return Optional.empty();
  }

  private static Optional<String> png(byte[] b) {
    int pos = 8;
    while (pos + 12 <= b.length) {
      long length = u32be(b, pos);
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      int data = pos + 8;
      if (length > b.length - data - 4L || type.equals("IEND")) {
        return Optional.empty();
      }
      int end = data + (int) length;
      if (type.equals("iTXt")) {
        int nul = indexOf(b, data, end, (byte) 0);
        if (nul > data
            && new String(b, data, nul - data, StandardCharsets.ISO_8859_1).equals(PNG_KEYWORD)
            && nul + 2 < end) {
          boolean compressed = b[nul + 1] != 0;
          int language = indexOf(b, nul + 3, end, (byte) 0);
          int translated = language < 0 ? -1 : indexOf(b, language + 1, end, (byte) 0);
          if (translated >= 0) {
            int text = translated + 1;
            if (!compressed) {
              return Optional.of(new String(b, text, end - text, StandardCharsets.UTF_8));
            }
            return inflate(b, text, end - text)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
          }
        }
      }
      pos = end + 4;
    }
    return Optional.empty();
  }

  private static Optional<String> jpeg(byte[] b) {
    int pos = 2;
    while (pos + 4 <= b.length) {
      if ((b[pos] & 0xFF) != 0xFF) {
        return Optional.empty();
      }
      int marker = b[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2; // no length
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return Optional.empty(); // scan data or end: metadata comes before
      }
      int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
      int data = pos + 4;
      int end = pos + 2 + length;
      if (length < 2 || end > b.length) {
        return Optional.empty();
      }
      if (marker == 0xE1 && startsWith(b, data, JPEG_XMP_ID) && end <= b.length) {
        int text = data + JPEG_XMP_ID.length;
        return Optional.of(new String(b, text, end - text, StandardCharsets.UTF_8));
      }
      pos = end;
    }
    return Optional.empty();
  }

  private static Optional<String> gif(byte[] b) {
    int pos = 13;
    int flags = b[10] & 0xFF;
    if ((flags & 0x80) != 0) {
      pos += 3 << ((flags & 7) + 1);
    }
    while (pos < b.length) {
      int intro = b[pos] & 0xFF;
      if (intro == 0x3B) {
        return Optional.empty();
      } else if (intro == 0x2C) {
        int imageFlags = b[pos + 9] & 0xFF;
        pos += 10;
        if ((imageFlags & 0x80) != 0) {
          pos += 3 << ((imageFlags & 7) + 1);
        }
        pos = skipSubBlocks(b, pos + 1); // after the LZW minimum code size
      } else if (intro == 0x21) {
        int label = b[pos + 1] & 0xFF;
        pos += 2;
        if (label == 0xFF
            && (b[pos] & 0xFF) == 11
            && startsWith(b, pos + 1, ascii("XMP DataXMP"))) {
          int start = pos + 12;
          // The packet is raw UTF-8 (no 0x01 byte in it) followed by the 258-byte magic trailer.
          int trailer = indexOf(b, start, b.length, (byte) 0x01);
          if (trailer < 0) {
            return Optional.empty();
          }
          return Optional.of(new String(b, start, trailer - start, StandardCharsets.UTF_8));
        }
        pos = skipSubBlocks(b, pos);
      } else {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Parses an XMP packet, as by {@link AiLabel#fromXmp(String)}. */
  static Optional<AiLabel> parseXmp(String xmp) {
    int first = xmp.indexOf('<');
    int last = xmp.lastIndexOf('>');
    if (first < 0 || last < first) {
      return Optional.empty();
    }
    Document doc;
    try {
      DocumentBuilder builder = secureFactory().newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler()); // no "[Fatal Error]" on stderr
      doc = builder.parse(new InputSource(new StringReader(xmp.substring(first, last + 1))));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return Optional.empty();
    }
    Map<String, String> props = new LinkedHashMap<>();
    NodeList descriptions = doc.getElementsByTagNameNS(RDF, "Description");
    for (int i = 0; i < descriptions.getLength(); i++) {
      Element d = (Element) descriptions.item(i);
      NamedNodeMap attributes = d.getAttributes();
      for (int a = 0; a < attributes.getLength(); a++) {
        Attr attr = (Attr) attributes.item(a);
        String ns = attr.getNamespaceURI();
        if (ns != null && !ns.equals(RDF) && !ns.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
          props.putIfAbsent(ns + attr.getLocalName(), attr.getValue());
        }
      }
      for (Node n = d.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element && n.getNamespaceURI() != null) {
          Element e = (Element) n;
          String value =
              e.hasAttributeNS(RDF, "resource")
                  ? e.getAttributeNS(RDF, "resource")
                  : hasElementChild(e) ? null : e.getTextContent();
          if (value != null) {
            props.putIfAbsent(e.getNamespaceURI() + e.getLocalName(), value);
          }
        }
      }
    }
    String type = props.get(AiLabel.IPTC_EXT_NAMESPACE + "DigitalSourceType");
    if (type == null || type.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> extras = new LinkedHashMap<>();
    props.forEach(
        (key, value) -> {
          if (key.startsWith(AiLabel.VERISIM_NAMESPACE)) {
            extras.put(key.substring(AiLabel.VERISIM_NAMESPACE.length()), value);
          }
        });
    String generator = extras.remove(AiLabel.GENERATOR);
    Long seed = parseSeed(extras.remove(AiLabel.SEED));
    extras.keySet().removeIf(k -> !isUsableKey(k));
    try {
      return Optional.of(
          new AiLabel(
              type,
              props.get(AiLabel.XMP_NAMESPACE + "CreatorTool"),
              generator,
              seed,
              parseDate(props.get(AiLabel.XMP_NAMESPACE + "CreateDate")),
              extras));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  private static boolean hasElementChild(Element e) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUsableKey(String key) {
    try {
      new AiLabel(AiLabel.TRAINED_ALGORITHMIC_MEDIA, null, null, null, null, Map.of(key, ""));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Long parseSeed(String s) {
    try {
      return s == null ? null : Long.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant parseDate(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null; // XMP also allows partial dates ("2024-06"); those are not kept
    }
  }

  private static Optional<byte[]> inflate(byte[] b, int offset, int length) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(b, offset, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return Optional.empty();
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_INFLATED) {
          return Optional.empty();
        }
      }
      return Optional.of(out.toByteArray());
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.end();
    }
  }

  private static int skipSubBlocks(byte[] b, int pos) {
    while (true) {
      int size = b[pos] & 0xFF;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
  }

  private static long u32be(byte[] b, int pos) {
    return ((long) (b[pos] & 0xFF) << 24)
        | ((b[pos + 1] & 0xFF) << 16)
        | ((b[pos + 2] & 0xFF) << 8)
        | (b[pos + 3] & 0xFF);
  }

  private static int indexOf(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (offset < 0 || b.length - offset < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
