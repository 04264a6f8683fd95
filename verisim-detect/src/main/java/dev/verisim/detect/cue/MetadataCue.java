package dev.verisim.detect.cue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.KeyValuePair;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import dev.verisim.core.media.MediaFormat;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a file says about its own origin: AI-generation labels (IPTC digital source type),
 * generator software names, camera EXIF and an embedded C2PA manifest. Metadata is a claim, not a
 * measurement: it is trivially stripped or forged, so a strong score comes only from a file that
 * labels itself generated, and its absence is neutral.
 *
 * <p>Scores: an explicit AI label 0.95 to 0.98, a generator's name or its settings 0.85, camera
 * EXIF 0.2 to 0.3, nothing telling 0.5.
 *
 * <pre>{@code
 * CueEvidence e = new MetadataCue().analyse(new CueInput(image));
 * boolean labelled = e.features().get(MetadataCue.AI_MARKER) == 1.0;
 * }</pre>
 */
public final class MetadataCue implements Cue {
  public static final String NAME = "metadata";

  /** 1 when the file declares itself AI-generated (IPTC digital source type). */
  public static final String AI_MARKER = "metadata.ai_marker";

  /** 1 when metadata names an image generator or carries its generation settings. */
  public static final String GENERATOR_SOFTWARE = "metadata.generator_software";

  /** 1 when EXIF (or XMP) names a camera make or model. */
  public static final String CAMERA_EXIF = "metadata.camera_exif";

  /** 1 when EXIF records exposure settings (exposure time, f-number or ISO). */
  public static final String EXPOSURE_EXIF = "metadata.exposure_exif";

  /** 1 when a C2PA manifest store is embedded (present, not verified). */
  public static final String C2PA_PRESENT = "metadata.c2pa_present";

  /** 1 when the file has any EXIF block. */
  public static final String HAS_EXIF = "metadata.has_exif";

  /** 1 when some metadata could not be parsed. */
  public static final String UNREADABLE = "metadata.unreadable";

  private static final List<String> FEATURES =
      List.of(
          AI_MARKER,
          GENERATOR_SOFTWARE,
          CAMERA_EXIF,
          EXPOSURE_EXIF,
          C2PA_PRESENT,
          HAS_EXIF,
          UNREADABLE);

  /*
   * Known generator fingerprints, kept here and only here. Each is matched case-insensitively.
   *
   * GENERATOR_NAMES: names generators write into Software / CreatorTool / softwareAgent / IPTC
   * originating program / PNG Software, Source and Comment text. Word boundaries keep short names
   * from matching inside ordinary words.
   *
   * GENERATOR_TEXT_KEYS: PNG tEXt/iTXt/zTXt keywords that only generator front-ends write:
   * "parameters" is AUTOMATIC1111's Stable Diffusion web UI (also Forge and Fooocus), "prompt"
   * and "workflow" are ComfyUI's node graph, "invokeai_metadata", "sd-metadata" and "Dream" are
   * InvokeAI's.
   *
   * SD_WEBUI_PARAMETERS: the settings line the Stable Diffusion web UI writes into the PNG text
   * or, for JPEG and WebP, into EXIF UserComment.
   */
  private static final Map<String, Pattern> GENERATOR_NAMES = generatorNames();

  private static final Map<String, String> GENERATOR_TEXT_KEYS =
      Map.of(
          "parameters", "Stable Diffusion web UI (AUTOMATIC1111)",
          "prompt", "ComfyUI",
          "workflow", "ComfyUI",
          "invokeai_metadata", "InvokeAI",
          "sd-metadata", "InvokeAI",
          "dream", "InvokeAI");

  private static final Pattern SD_WEBUI_PARAMETERS =
      Pattern.compile("Steps: \\d+, Sampler: ", Pattern.CASE_INSENSITIVE);

  /** PNG text keywords whose values name software rather than describe the picture. */
  private static final Set<String> SOFTWARE_TEXT_KEYS =
      Set.of("software", "source", "comment", "generator");

  /** The IPTC digital source type term; also matches compositeWithTrainedAlgorithmicMedia. */
  private static final String TRAINED_ALGORITHMIC_MEDIA = "trainedAlgorithmicMedia";

  private static final String COMPOSITE_TRAINED = "compositeWithTrainedAlgorithmicMedia";

  /**
   * Most compressed PNG metadata (zTXt, compressed iTXt, iCCP) handed to the parser; deflate
   * expands at most about 1000 times, so this bounds the inflated text near 64 MB.
   */
  static final int MAX_COMPRESSED_PNG_METADATA = 64 * 1024;

  /** Longest piece of untrusted metadata text quoted in an explanation. */
  private static final int MAX_QUOTE = 60;

  private static Map<String, Pattern> generatorNames() {
    Map<String, Pattern> names = new LinkedHashMap<>();
    names.put("Stable Diffusion", Pattern.compile("stable[ _-]?diffusion|\\bsdxl\\b"));
    names.put("AUTOMATIC1111", Pattern.compile("automatic1111"));
    names.put("ComfyUI", Pattern.compile("comfyui"));
    names.put("InvokeAI", Pattern.compile("invokeai"));
    names.put("Fooocus", Pattern.compile("fooocus"));
    names.put("NovelAI", Pattern.compile("novelai"));
    names.put("Midjourney", Pattern.compile("midjourney"));
    names.put("DALL-E", Pattern.compile("\\bdall[-\\u00b7 ]?e\\b"));
    names.put("Adobe Firefly", Pattern.compile("adobe firefly"));
    names.put("Google Imagen", Pattern.compile("google imagen|\\bimagen ?[1-9]\\b"));
    names.put("Ideogram", Pattern.compile("\\bideogram\\b"));
    names.put("Leonardo.Ai", Pattern.compile("leonardo\\.ai"));
    names.put("Craiyon", Pattern.compile("craiyon"));
    names.put("Bing Image Creator", Pattern.compile("bing image creator"));
    names.put("StyleGAN", Pattern.compile("stylegan"));
    names.put("verisim", Pattern.compile("\\bverisim\\b"));
    return Map.copyOf(names);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> featureNames() {
    return FEATURES;
  }

  @Override
  public CueEvidence analyse(CueInput input) {
    StillImage image = input.image();
    byte[] bytes = image.bytes();
    Findings found = new Findings();

    Optional<C2paLocator.ManifestStore> c2pa = C2paLocator.find(bytes, image.format());
    c2pa.ifPresent(
        store -> {
          found.c2pa = true;
          found.anyMetadata = true;
          if (store.containsAscii(TRAINED_ALGORITHMIC_MEDIA)) {
            found.aiMarker(
                "the embedded C2PA manifest (not verified) names a trainedAlgorithmicMedia source",
                store.containsAscii(COMPOSITE_TRAINED));
          }
        });

    if (image.format() == MediaFormat.PNG
        && compressedPngMetadataBytes(bytes) > MAX_COMPRESSED_PNG_METADATA) {
      // metadata-extractor inflates zTXt/iTXt/iCCP without a size limit: a decompression bomb
      // would exhaust the heap, so such files are not handed to it.
      found.unreadable = true;
    } else {
      try {
        Metadata metadata =
            ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
        readDirectories(metadata, found);
      } catch (ImageProcessingException | IOException | RuntimeException e) {
        // A parser bug or hostile metadata must not cost the verdict: report it and go on.
        found.unreadable = true;
      }
    }
    scanXmpPackets(bytes, found);

    return new CueEvidence(NAME, score(found), explain(found), features(found));
  }

  private static void readDirectories(Metadata metadata, Findings found) {
    for (Directory dir : metadata.getDirectories()) {
      if (dir.hasErrors()) {
        found.unreadable = true;
      }
      if (dir instanceof ExifIFD0Directory) {
        readExifIfd0(dir, found);
      } else if (dir instanceof ExifSubIFDDirectory) {
        readExifSubIfd(dir, found);
      } else if (dir instanceof XmpDirectory) {
        readXmp((XmpDirectory) dir, found);
      } else if (dir instanceof IptcDirectory) {
        found.anyMetadata = true;
        checkSoftware(
            "IPTC originating program",
            dir.getString(IptcDirectory.TAG_ORIGINATING_PROGRAM),
            found);
      } else if (dir instanceof PngDirectory && dir.containsTag(PngDirectory.TAG_TEXTUAL_DATA)) {
        readPngText(dir, found);
      }
    }
  }

  private static void readExifIfd0(Directory dir, Findings found) {
    found.exif = true;
    found.anyMetadata = true;
    String make = trimmed(dir.getString(ExifIFD0Directory.TAG_MAKE));
    String model = trimmed(dir.getString(ExifIFD0Directory.TAG_MODEL));
    // Many makers repeat the make in the model ("Canon" / "Canon EOS 5D").
    boolean modelNamesMake =
        !make.isEmpty() && model.toLowerCase(Locale.ROOT).startsWith(make.toLowerCase(Locale.ROOT));
    found.camera(modelNamesMake ? model : (make + " " + model).trim());
    checkSoftware("EXIF Software", dir.getString(ExifIFD0Directory.TAG_SOFTWARE), found);
  }

  private static void readExifSubIfd(Directory dir, Findings found) {
    found.exif = true;
    found.anyMetadata = true;
    if (dir.containsTag(ExifSubIFDDirectory.TAG_EXPOSURE_TIME)
        || dir.containsTag(ExifSubIFDDirectory.TAG_FNUMBER)
        || dir.containsTag(ExifSubIFDDirectory.TAG_ISO_EQUIVALENT)) {
      found.exposure = true;
    }
    String comment = dir.getDescription(ExifSubIFDDirectory.TAG_USER_COMMENT);
    if (comment != null && SD_WEBUI_PARAMETERS.matcher(comment).find()) {
      found.generators.add("Stable Diffusion web UI settings in EXIF UserComment");
    }
  }

  private static void readXmp(XmpDirectory dir, Findings found) {
    found.anyMetadata = true;
    for (Map.Entry<String, String> property : dir.getXmpProperties().entrySet()) {
      String path = property.getKey();
      String value = property.getValue();
      if (value == null) {
        continue;
      }
      if (path.endsWith("DigitalSourceType") && contains(value, TRAINED_ALGORITHMIC_MEDIA)) {
        boolean composite = contains(value, COMPOSITE_TRAINED);
        found.aiMarker(
            "XMP DigitalSourceType is "
                + (composite ? COMPOSITE_TRAINED : TRAINED_ALGORITHMIC_MEDIA),
            composite);
      } else if (path.endsWith("CreatorTool")
          || path.endsWith("softwareAgent")
          || path.endsWith(":Software")) {
        checkSoftware("XMP " + localName(path), value, found);
      } else if (path.equals("tiff:Make") || path.equals("tiff:Model")) {
        found.camera(trimmed(value));
      }
    }
  }

  private static void readPngText(Directory dir, Findings found) {
    Object pairs = dir.getObject(PngDirectory.TAG_TEXTUAL_DATA);
    if (!(pairs instanceof List<?>)) {
      return;
    }
    for (Object item : (List<?>) pairs) {
      if (!(item instanceof KeyValuePair)) {
        continue;
      }
      KeyValuePair pair = (KeyValuePair) item;
      String key = pair.getKey() == null ? "" : pair.getKey();
      String value = pair.getValue() == null ? "" : pair.getValue().toString();
      found.anyMetadata = true;
      String generator = GENERATOR_TEXT_KEYS.get(key.toLowerCase(Locale.ROOT));
      if (generator != null) {
        found.generators.add("PNG text key '" + quote(key) + "' (" + generator + ")");
      } else if (SD_WEBUI_PARAMETERS.matcher(value).find()) {
        found.generators.add("Stable Diffusion web UI settings in PNG text '" + quote(key) + "'");
      }
      if (SOFTWARE_TEXT_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
        checkSoftware("PNG text '" + quote(key) + "'", value, found);
      }
      if (contains(value, TRAINED_ALGORITHMIC_MEDIA)) {
        found.aiMarker(
            "PNG text '" + quote(key) + "' names trainedAlgorithmicMedia",
            contains(value, COMPOSITE_TRAINED));
      }
    }
  }

  /**
   * Searches the raw XMP packets for the IPTC term, so a label is found even when the XMP does not
   * parse or the term sits in a property this cue does not read.
   */
  private static void scanXmpPackets(byte[] bytes, Findings found) {
    int from = 0;
    while (true) {
      int start = ByteSearch.indexOfIgnoreCase(bytes, from, bytes.length, "<x:xmpmeta");
      if (start < 0) {
        return;
      }
      int close = ByteSearch.indexOfIgnoreCase(bytes, start, bytes.length, "</x:xmpmeta>");
      int end = close < 0 ? bytes.length : close;
      found.anyMetadata = true;
      if (found.aiMarkers.isEmpty()
          && ByteSearch.indexOfIgnoreCase(bytes, start, end, TRAINED_ALGORITHMIC_MEDIA) >= 0) {
        found.aiMarker(
            "the XMP packet names trainedAlgorithmicMedia",
            ByteSearch.indexOfIgnoreCase(bytes, start, end, COMPOSITE_TRAINED) >= 0);
      }
      from = end;
      if (close < 0) {
        return;
      }
    }
  }

  /** Total data bytes of the PNG chunks the parser would inflate; bounds-checked walk. */
  static long compressedPngMetadataBytes(byte[] b) {
    long total = 0;
    int pos = 8;
    while (pos + 12 <= b.length) {
      long length =
          ((long) (b[pos] & 0xFF) << 24)
              | ((b[pos + 1] & 0xFF) << 16)
              | ((b[pos + 2] & 0xFF) << 8)
              | (b[pos + 3] & 0xFF);
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      long next = pos + 12L + length;
      if (next > b.length) {
        // A chunk past the end: count what is there, the parser may still try to inflate it.
        length = b.length - pos - 8L;
        next = b.length;
      }
      if (type.equals("zTXt") || type.equals("iCCP") || isCompressedItxt(b, pos + 8, length)) {
        total += length;
      }
      pos = (int) next;
    }
    return total;
  }

  /** True for an iTXt chunk's data whose compression flag (after the keyword's NUL) is set. */
  private static boolean isCompressedItxt(byte[] b, int data, long length) {
    if (!new String(b, data - 4, 4, StandardCharsets.ISO_8859_1).equals("iTXt")) {
      return false;
    }
    int end = (int) Math.min(b.length, data + length);
    for (int i = data; i + 1 < end; i++) {
      if (b[i] == 0) {
        return b[i + 1] != 0;
      }
    }
    return false;
  }

  private static void checkSoftware(String field, String value, Findings found) {
    if (value == null || value.isBlank()) {
      return;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Pattern> generator : GENERATOR_NAMES.entrySet()) {
      if (generator.getValue().matcher(lower).find()) {
        found.generators.add(field + " '" + quote(value) + "' names " + generator.getKey());
        return;
      }
    }
  }

  private static double score(Findings found) {
    if (!found.aiMarkers.isEmpty()) {
      // A composite is only partly generated, so slightly less than a fully generated label.
      return found.onlyComposite ? 0.95 : 0.98;
    }
    if (!found.generators.isEmpty()) {
      return 0.85;
    }
    if (!found.cameras.isEmpty()) {
      return found.exposure ? 0.2 : 0.3;
    }
    return 0.5;
  }

  private static String explain(Findings found) {
    List<String> sentences = new ArrayList<>();
    if (!found.aiMarkers.isEmpty()) {
      sentences.add(
          "The file labels itself AI-generated"
              + (found.onlyComposite ? " (partly, as a composite)" : "")
              + ": "
              + String.join("; ", found.aiMarkers)
              + ".");
    }
    if (!found.generators.isEmpty()) {
      sentences.add(
          "Metadata points to an image generator: " + String.join("; ", found.generators) + ".");
    }
    if (!found.cameras.isEmpty()) {
      String camera = "Metadata names a camera (" + String.join(", ", found.cameras) + ")";
      camera += found.exposure ? " with exposure settings" : "";
      sentences.add(
          camera + ": weak evidence of a real photo, since EXIF is easy to copy or forge.");
    } else if (found.exposure) {
      sentences.add("EXIF records exposure settings but no camera.");
    }
    if (found.c2pa) {
      sentences.add("A C2PA content-credentials manifest is embedded; it was not verified here.");
    }
    if (found.unreadable) {
      sentences.add("Some metadata could not be read (metadata unreadable).");
    }
    if (!found.anyMetadata && !found.unreadable) {
      sentences.add("No metadata: most social networks strip it, so its absence proves nothing.");
    } else if (found.aiMarkers.isEmpty()
        && found.generators.isEmpty()
        && found.cameras.isEmpty()
        && !found.exposure) {
      sentences.add("The metadata names neither a camera nor a generator, which proves nothing.");
    }
    return String.join(" ", sentences);
  }

  private static Map<String, Double> features(Findings found) {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put(AI_MARKER, bit(!found.aiMarkers.isEmpty()));
    f.put(GENERATOR_SOFTWARE, bit(!found.generators.isEmpty()));
    f.put(CAMERA_EXIF, bit(!found.cameras.isEmpty()));
    f.put(EXPOSURE_EXIF, bit(found.exposure));
    f.put(C2PA_PRESENT, bit(found.c2pa));
    f.put(HAS_EXIF, bit(found.exif));
    f.put(UNREADABLE, bit(found.unreadable));
    return f;
  }

  private static double bit(boolean b) {
    return b ? 1.0 : 0.0;
  }

  private static boolean contains(String text, String term) {
    return text.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
  }

  private static String trimmed(String s) {
    return s == null ? "" : s.trim();
  }

  private static String localName(String xmpPath) {
    int slash = xmpPath.lastIndexOf('/');
    return slash < 0 ? xmpPath : xmpPath.substring(slash + 1);
  }

  /** Untrusted text made safe to quote: no control characters, bounded length. */
  private static String quote(String s) {
    String clean = s.replaceAll("\\p{Cntrl}+", " ").trim();
    return clean.length() <= MAX_QUOTE ? clean : clean.substring(0, MAX_QUOTE) + "...";
  }

  /** What one analysis found; local to one call, so the cue stays stateless. */
  private static final class Findings {
    final Set<String> aiMarkers = new LinkedHashSet<>();
    final Set<String> generators = new LinkedHashSet<>();
    final Set<String> cameras = new LinkedHashSet<>();
    boolean onlyComposite = true;
    boolean exposure;
    boolean exif;
    boolean c2pa;
    boolean unreadable;
    boolean anyMetadata;

    void aiMarker(String description, boolean composite) {
      aiMarkers.add(description);
      onlyComposite &= composite;
    }

    void camera(String name) {
      if (!name.isEmpty()) {
        cameras.add(quote(name));
      }
    }
  }
}
