package dev.verisim.provenance.c2pa;

import java.util.List;
import java.util.Locale;

/**
 * IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/), which C2PA actions
 * use to say how content was made. verisim's generated media is {@link #TRAINED_ALGORITHMIC_MEDIA}.
 */
public final class DigitalSourceType {
  /** The IRI prefix of every IPTC digital source type. */
  public static final String PREFIX = "http://cv.iptc.org/newscodes/digitalsourcetype/";

  /** Made by a model trained on sampled content (generative AI): verisim's default. */
  public static final String TRAINED_ALGORITHMIC_MEDIA = PREFIX + "trainedAlgorithmicMedia";

  /** The short names {@link #iri(String)} accepts, the IPTC codes most relevant to verisim. */
  public static final List<String> KNOWN =
      List.of(
          "trainedAlgorithmicMedia",
          "compositeWithTrainedAlgorithmicMedia",
          "algorithmicallyEnhanced",
          "algorithmicMedia",
          "compositeSynthetic",
          "composite",
          "digitalCapture",
          "computationalCapture",
          "humanEdits",
          "digitalCreation",
          "screenCapture",
          "virtualRecording");

  private DigitalSourceType() {}

  /**
   * The full IRI for a short IPTC name (for example {@code trainedAlgorithmicMedia}), or the value
   * itself when it already is an http(s) IRI.
   *
   * @throws IllegalArgumentException naming the known short names when it is neither
   */
  public static String iri(String nameOrIri) {
    if (nameOrIri == null || nameOrIri.isBlank()) {
      throw new IllegalArgumentException("a digital source type is required");
    }
    String v = nameOrIri.strip();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return v;
    }
    for (String k : KNOWN) {
      if (k.equalsIgnoreCase(v)) {
        return PREFIX + k;
      }
    }
    throw new IllegalArgumentException(
        "unknown digital source type '" + nameOrIri + "'; use an IRI or one of " + KNOWN);
  }
}
