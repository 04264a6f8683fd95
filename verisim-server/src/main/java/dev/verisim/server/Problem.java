package dev.verisim.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An RFC 9457 problem: what every error response of the API is, as {@code
 * application/problem+json}, and what a failed analysis carries.
 *
 * <p>The {@code type} is a {@code urn:verisim:problem:NAME} URI: stable, meant for code to switch
 * on, and not pretending to be a page one can open.
 *
 * @param type what kind of problem, stable
 * @param title a short summary of the type, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what happened this time
 * @param instance the request path it happened on, or the analysis it happened to
 */
public record Problem(String type, String title, int status, String detail, String instance) {
  /** The media type of a problem document. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
  }

  /** A problem of type {@code urn:verisim:problem:NAME}. */
  public static Problem of(String name, String title, int status, String detail) {
    return new Problem("urn:verisim:problem:" + name, title, status, detail, null);
  }

  /** The same problem, happened at {@code instance}. */
  public Problem at(String instance) {
    return new Problem(type, title, status, detail, instance);
  }

  /** The JSON object, with {@code instance} only when known. */
  public ObjectNode toTree() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", type);
    o.put("title", title);
    o.put("status", status);
    o.put("detail", detail);
    if (instance != null) {
      o.put("instance", instance);
    }
    return o;
  }

  /** The JSON text. */
  public String toJson() {
    return toTree().toString();
  }
}
