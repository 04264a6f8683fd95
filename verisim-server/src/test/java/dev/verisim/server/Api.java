package dev.verisim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.testkit.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small client of the API for the tests: real HTTP through {@link HttpClient}. */
final class Api {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Api(VerisimServer server) {
    this.base = server.url();
  }

  /** A small real JPEG. */
  static byte[] jpeg() {
    return ImageFiles.jpeg(ImageFiles.pattern(64, 48, 7), 0.9f);
  }

  HttpResponse<String> upload(String key, String filename, byte[] bytes) throws Exception {
    String boundary = "verisim-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(bytes);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String key) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    return send("GET", path, key);
  }

  /** Polls the analysis until it is done or failed. */
  JsonNode awaitFinished(String location, String key) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> r = get(location, key);
      if (r.statusCode() != 200) {
        throw new AssertionError(r.statusCode() + " " + r.body());
      }
      JsonNode a = json(r);
      String status = a.get("status").asText();
      if (status.equals("done") || status.equals("failed")) {
        return a;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + status + " after " + WAIT);
      }
      Thread.sleep(25);
    }
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return MAPPER.readTree(r.body());
  }

  /** Asserts the response is a problem of this status and type name; returns it. */
  static JsonNode problem(HttpResponse<String> r, int status, String name) throws IOException {
    if (r.statusCode() != status) {
      throw new AssertionError("expected " + status + ", got " + r.statusCode() + ": " + r.body());
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith(Problem.MEDIA_TYPE)) {
      throw new AssertionError("not problem+json: " + type + " " + r.body());
    }
    JsonNode p = json(r);
    if (!p.get("type").asText().equals("urn:verisim:problem:" + name)
        || p.get("status").asInt() != status
        || !p.hasNonNull("title")
        || !p.hasNonNull("detail")
        || !p.hasNonNull("instance")) {
      throw new AssertionError("unexpected problem: " + r.body());
    }
    return p;
  }
}
