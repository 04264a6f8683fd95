package dev.verisim.provenance.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A person's consent to the use of their likeness: whose likeness, for which uses, granted to whom,
 * from when until when. Who signed it is not a field: it is the subject of the signing certificate
 * ({@link SignedConsent#signer()}), so it cannot be claimed without the key.
 *
 * <pre>{@code
 * ConsentRecord record = ConsentRecord.builder()
 *     .setSubject("Ada Example")
 *     .setUses(Set.of(ConsentUse.GENERATION, ConsentUse.PUBLICATION))
 *     .setExpires(Instant.parse("2027-12-31T23:59:59Z"))
 *     .optGrantedTo("Example Studio")
 *     .build();
 * }</pre>
 *
 * @param id a unique identifier ({@code urn:uuid:...}), what a manifest refers to
 * @param subject the person whose likeness this is, as they agreed to be named
 * @param subjectId an optional reference to the person (for example a hash of an identity
 *     document), or null
 * @param uses what the likeness may be used for; never empty
 * @param grantedTo who may use it, or null for anyone holding the record
 * @param issued when the record was made
 * @param validFrom when the consent starts
 * @param expires when the consent ends; after this, generation refuses the record
 * @param note free text (conditions, context), or null
 */
public record ConsentRecord(
    String id,
    String subject,
    String subjectId,
    Set<ConsentUse> uses,
    String grantedTo,
    Instant issued,
    Instant validFrom,
    Instant expires,
    String note) {

  /** The value of the record's {@code type} field; a reader refuses other types. */
  public static final String TYPE = "verisim.consent/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ConsentRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issued, "issued");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(expires, "expires");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("consent record: subject is blank");
    }
    if (uses == null || uses.isEmpty()) {
      throw new IllegalArgumentException("consent record: no uses granted");
    }
    if (!expires.isAfter(validFrom)) {
      throw new IllegalArgumentException(
          "consent record: expires " + expires + " is not after valid_from " + validFrom);
    }
    uses = Set.copyOf(uses);
  }

  /** Whether the consent covers {@code use} at time {@code at}. */
  public boolean permits(ConsentUse use, Instant at) {
    return uses.contains(use) && !at.isBefore(validFrom) && at.isBefore(expires);
  }

  /** The record as JSON (snake_case keys, uses in declaration order): what gets signed. */
  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", TYPE);
    o.put("id", id);
    o.put("subject", subject);
    if (subjectId != null) {
      o.put("subject_id", subjectId);
    }
    ArrayNode u = o.putArray("uses");
    EnumSet.copyOf(uses).forEach(x -> u.add(x.id()));
    if (grantedTo != null) {
      o.put("granted_to", grantedTo);
    }
    o.put("issued", issued.toString());
    o.put("valid_from", validFrom.toString());
    o.put("expires", expires.toString());
    if (note != null) {
      o.put("note", note);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a record from its JSON.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static ConsentRecord fromJson(byte[] json) {
    JsonNode o;
    try {
      o = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("consent record is not JSON: " + e.getMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("consent record is not a JSON object");
    }
    if (!TYPE.equals(o.path("type").asText())) {
      throw new IllegalArgumentException(
          "consent record has type '" + o.path("type").asText() + "', expected " + TYPE);
    }
    List<ConsentUse> uses = new ArrayList<>();
    JsonNode u = o.path("uses");
    if (!u.isArray()) {
      throw new IllegalArgumentException("consent record: 'uses' is not an array");
    }
    u.forEach(x -> uses.add(ConsentUse.of(x.asText())));
    return new ConsentRecord(
        text(o, "id", true),
        text(o, "subject", true),
        text(o, "subject_id", false),
        uses.isEmpty() ? Set.of() : EnumSet.copyOf(uses),
        text(o, "granted_to", false),
        time(o, "issued"),
        time(o, "valid_from"),
        time(o, "expires"),
        text(o, "note", false));
  }

  private static String text(JsonNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("consent record: '" + field + "' is missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("consent record: '" + field + "' is not a string");
    }
    return v.asText();
  }

  private static Instant time(JsonNode o, String field) {
    String s = text(o, field, true);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "consent record: '" + field + "' is not an ISO-8601 instant: " + s, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConsentRecord}: subject, uses and expiry required; the rest optional. */
  public static final class Builder {
    private String subject;
    private Set<ConsentUse> uses;
    private Instant expires;
    private String id;
    private String subjectId;
    private String grantedTo;
    private Instant issued;
    private Instant validFrom;
    private String note;

    private Builder() {}

    public Builder setSubject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    public Builder setUses(Set<ConsentUse> uses) {
      this.uses = Set.copyOf(uses);
      return this;
    }

    public Builder setExpires(Instant expires) {
      this.expires = Objects.requireNonNull(expires, "expires");
      return this;
    }

    /** Defaults to a random {@code urn:uuid:}. */
    public Builder optId(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder optSubjectId(String subjectId) {
      this.subjectId = subjectId;
      return this;
    }

    public Builder optGrantedTo(String grantedTo) {
      this.grantedTo = grantedTo;
      return this;
    }

    /** Defaults to now. */
    public Builder optIssued(Instant issued) {
      this.issued = Objects.requireNonNull(issued, "issued");
      return this;
    }

    /** Defaults to the issue time. */
    public Builder optValidFrom(Instant validFrom) {
      this.validFrom = Objects.requireNonNull(validFrom, "validFrom");
      return this;
    }

    public Builder optNote(String note) {
      this.note = note;
      return this;
    }

    public ConsentRecord build() {
      if (subject == null) {
        throw new IllegalStateException("ConsentRecord.Builder: setSubject(...) is required");
      }
      if (uses == null) {
        throw new IllegalStateException("ConsentRecord.Builder: setUses(...) is required");
      }
      if (expires == null) {
        throw new IllegalStateException("ConsentRecord.Builder: setExpires(...) is required");
      }
      Instant now = issued != null ? issued : Instant.now().truncatedTo(ChronoUnit.SECONDS);
      return new ConsentRecord(
          id != null ? id : "urn:uuid:" + UUID.randomUUID(),
          subject,
          subjectId,
          uses,
          grantedTo,
          now,
          validFrom != null ? validFrom : now,
          expires,
          note);
    }
  }
}
