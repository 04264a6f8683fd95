package dev.verisim.provenance.c2pa;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a verisim manifest says: the software agent that made the content, its digital source type
 * (default {@link DigitalSourceType#TRAINED_ALGORITHMIC_MEDIA}), an optional title and extra
 * assertions supplied by the caller (for example a signed consent record as {@code
 * dev.verisim.consent}).
 *
 * <pre>{@code
 * ManifestSpec spec = ManifestSpec.builder()
 *     .setSoftwareAgent("verisim gan sample", "0.1.0")
 *     .optTitle("face-0007.png")
 *     .optAssertion("dev.verisim.consent", Map.of("subject", "...", "signature", sig))
 *     .build();
 * }</pre>
 */
public final class ManifestSpec {
  /** Labels of caller assertions: lower-case dotted names, not in the reserved c2pa. namespace. */
  static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)+");

  private final String softwareAgentName;
  private final String softwareAgentVersion;
  private final String title;
  private final String digitalSourceType;
  private final String claimGeneratorName;
  private final String claimGeneratorVersion;
  private final Instant when;
  private final Map<String, Object> assertions;

  private ManifestSpec(Builder b) {
    this.softwareAgentName = b.softwareAgentName;
    this.softwareAgentVersion = b.softwareAgentVersion;
    this.title = b.title;
    this.digitalSourceType = b.digitalSourceType;
    this.claimGeneratorName = b.claimGeneratorName;
    this.claimGeneratorVersion = b.claimGeneratorVersion;
    this.when = b.when;
    this.assertions = Collections.unmodifiableMap(new LinkedHashMap<>(b.assertions));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String softwareAgentName() {
    return softwareAgentName;
  }

  public Optional<String> softwareAgentVersion() {
    return Optional.ofNullable(softwareAgentVersion);
  }

  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** The digital source type IRI of the c2pa.created action. */
  public String digitalSourceType() {
    return digitalSourceType;
  }

  public String claimGeneratorName() {
    return claimGeneratorName;
  }

  public String claimGeneratorVersion() {
    return claimGeneratorVersion;
  }

  /** The time of the c2pa.created action; empty means the time of signing. */
  public Optional<Instant> when() {
    return Optional.ofNullable(when);
  }

  /** The caller's assertions, label to CBOR-encodable content, in insertion order. */
  public Map<String, Object> assertions() {
    return assertions;
  }

  /** Builds a {@link ManifestSpec}; {@code setX} are required, {@code optX} optional. */
  public static final class Builder {
    private String softwareAgentName;
    private String softwareAgentVersion;
    private String title;
    private String digitalSourceType = DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
    private String claimGeneratorName = "verisim";
    private String claimGeneratorVersion = defaultVersion();
    private Instant when;
    private final Map<String, Object> assertions = new LinkedHashMap<>();

    private Builder() {}

    /** The software that made the content (required), without a version. */
    public Builder setSoftwareAgent(String name) {
      return setSoftwareAgent(name, null);
    }

    /** The software that made the content (required) and its version (may be null). */
    public Builder setSoftwareAgent(String name, String version) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("softwareAgent name must not be blank");
      }
      this.softwareAgentName = name.strip();
      this.softwareAgentVersion = version == null || version.isBlank() ? null : version.strip();
      return this;
    }

    public Builder optTitle(String title) {
      this.title = title == null || title.isBlank() ? null : title;
      return this;
    }

    /** An IPTC short name ({@code trainedAlgorithmicMedia}) or a full IRI. */
    public Builder optDigitalSourceType(String nameOrIri) {
      this.digitalSourceType = DigitalSourceType.iri(nameOrIri);
      return this;
    }

    /** The claim generator (default "verisim" and this library's version). */
    public Builder optClaimGenerator(String name, String version) {
      if (name == null || name.isBlank() || version == null || version.isBlank()) {
        throw new IllegalArgumentException("claim generator name and version must not be blank");
      }
      this.claimGeneratorName = name;
      this.claimGeneratorVersion = version;
      return this;
    }

    /** The time of the c2pa.created action (default: when signed). */
    public Builder optWhen(Instant when) {
      this.when = when;
      return this;
    }

    /**
     * An extra assertion stored as CBOR: a map of text keys to text, numbers, booleans, byte
     * arrays, lists and maps (records and beans are converted by Jackson).
     *
     * @throws IllegalArgumentException when the label is malformed, reserved (c2pa.*) or repeated
     */
    public Builder optAssertion(String label, Map<String, ?> content) {
      Objects.requireNonNull(content, "content");
      if (label == null || !LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "assertion label '" + label + "' must be a lower-case dotted name like dev.verisim.x");
      }
      if (label.startsWith("c2pa.")) {
        throw new IllegalArgumentException(
            "assertion label '" + label + "' is in the reserved c2pa. namespace");
      }
      if (assertions.containsKey(label)) {
        throw new IllegalArgumentException("assertion label '" + label + "' given twice");
      }
      Cbor.encode(content); // fail now, naming the label, rather than when signing
      assertions.put(label, content);
      return this;
    }

    /**
     * @throws IllegalStateException naming the missing field
     */
    public ManifestSpec build() {
      if (softwareAgentName == null) {
        throw new IllegalStateException("ManifestSpec: softwareAgent is required");
      }
      return new ManifestSpec(this);
    }

    private static String defaultVersion() {
      String v = ManifestSpec.class.getPackage().getImplementationVersion();
      return v == null ? "0.1.0-SNAPSHOT" : v;
    }
  }
}
