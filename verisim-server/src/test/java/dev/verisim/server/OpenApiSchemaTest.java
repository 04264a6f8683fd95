package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.verisim.detect.ForensicDetector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document describes what the server really answers: each response of a real session
 * (successes and problems, on every route) has a status the document lists for its operation, and
 * its JSON body validates against the schema the document gives (JSON Schema 2020-12, formats
 * asserted). {@link OpenApiContractTest} checks the routes themselves.
 */
class OpenApiSchemaTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> checked = new TreeSet<>();
  private JsonNode doc;
  private String base;

  @Test
  void everyAnswerMatchesItsDocumentedSchema() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir.resolve("data"))) {
      key = data.keys().create("schema").secret();
    }
    SpotTheFake quiz =
        new SpotTheFake(
            FolderFaces.of(SpotTheFakeApiTest.faces(dir.resolve("real"), 2, 0)),
            FolderFaces.of(SpotTheFakeApiTest.faces(dir.resolve("fake"), 2, 3)),
            ForensicDetector.createBaseline());
    try (VerisimServer server =
        VerisimServer.builder()
            .setDataDir(dir.resolve("data"))
            .optPort(0)
            .optDetector(ForensicDetector.createBaseline())
            .optQuiz(quiz)
            .optMaxUploadBytes(100_000)
            .optAnonymousPerMinute(1)
            .build()
            .start()) {
      base = server.url();
      Api api = new Api(server);
      doc = Api.json(api.get("/api/v1/openapi.json", null));

      check("GET", "/api/v1/info", api.get("/api/v1/info", null), 200);
      HttpResponse<String> created = api.upload(key, "a.jpg", Api.jpeg());
      check("POST", "/api/v1/analyses", created, 202);
      String location = created.headers().firstValue("Location").orElseThrow();
      api.awaitFinished(location, key);
      check("GET", "/api/v1/analyses/{id}", api.get(location, key), 200);
      check("GET", "/api/v1/analyses", api.get("/api/v1/analyses?page=0&size=5", key), 200);
      check("GET", "/api/v1/analyses", api.get("/api/v1/analyses", null), 401);
      check("GET", "/api/v1/analyses", api.get("/api/v1/analyses?size=0", key), 400);
      String missing = "/api/v1/analyses/" + UUID.randomUUID();
      check("GET", "/api/v1/analyses/{id}", api.get(missing, key), 404);
      check("DELETE", "/api/v1/analyses/{id}", api.send("DELETE", missing, key), 404);
      check("GET", "/api/v1/analyses/{id}/events", api.get(location + "/events", key), 406);
      check("GET", "/api/v1/analyses/{id}/events", api.get(missing + "/events", key), 404);
      check(
          "POST",
          "/api/v1/analyses",
          api.upload(key, "a.txt", "plain text".getBytes(StandardCharsets.UTF_8)),
          415);
      check("POST", "/api/v1/analyses", api.upload(key, "big.jpg", new byte[200_000]), 413);
      check("POST", "/api/v1/analyses", api.upload(null, "anon.jpg", Api.jpeg()), 202);
      check("POST", "/api/v1/analyses", api.upload(null, "anon.jpg", Api.jpeg()), 429);
      check("DELETE", "/api/v1/analyses/{id}", api.send("DELETE", location, key), 204);

      HttpResponse<String> pair = api.get("/api/v1/quiz/pair", null);
      check("GET", "/api/v1/quiz/pair", pair, 200);
      JsonNode p = Api.json(pair);
      HttpResponse<String> image = api.get(p.get("left").asText(), null);
      check("GET", "/api/v1/quiz/images/{id}/{side}", image, 200);
      check(
          "GET",
          "/api/v1/quiz/images/{id}/{side}",
          api.get("/api/v1/quiz/images/" + UUID.randomUUID() + "/left", null),
          404);
      String answer = "{\"id\":\"" + p.get("id").asText() + "\",\"choice\":\"left\"}";
      check("POST", "/api/v1/quiz/answer", post("/api/v1/quiz/answer", answer), 200);
      check("POST", "/api/v1/quiz/answer", post("/api/v1/quiz/answer", answer), 404);
      check("POST", "/api/v1/quiz/answer", post("/api/v1/quiz/answer", "{\"id\":1}"), 400);
    }
    assertTrue(checked.size() >= 10, "schemas checked: " + checked);
  }

  @Test
  void theValidatorRejectsABodyThatBreaksTheSchema() throws Exception {
    doc = Api.MAPPER.readTree(VerisimServer.class.getResourceAsStream("openapi.json"));
    ObjectNode root = Api.MAPPER.createObjectNode().put("$ref", "#/components/schemas/Analysis");
    root.set("components", doc.get("components"));
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                root, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    JsonNode wrong =
        Api.MAPPER.readTree("{\"id\": \"not-a-uuid\", \"status\": \"bogus\", \"verdict\": 3}");
    Set<String> paths = new TreeSet<>();
    validator.validate(wrong).forEach(m -> paths.add(m.getMessage()));
    assertTrue(paths.size() >= 4, "format, enum, type and required all caught: " + paths);
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Asserts the response has the expected status, that the document lists it for the operation, and
   * that a JSON body validates against the documented schema of its content type.
   */
  private void check(String method, String template, HttpResponse<String> r, int status)
      throws Exception {
    String op = method + " " + template + " " + status;
    assertEquals(status, r.statusCode(), op + ": " + r.body());
    JsonNode operation = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    assertTrue(operation.isObject(), "undocumented operation " + op);
    JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
    assertTrue(response.isObject(), "status not documented: " + op);
    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (status == 204) {
      assertTrue(r.body().isEmpty(), op);
      return;
    }
    JsonNode content = response.path("content");
    assertTrue(content.has(type), op + ": content type " + type + " not documented: " + content);
    JsonNode schema = content.path(type).path("schema");
    if (schema.isMissingNode() || !type.endsWith("json")) {
      return;
    }
    ObjectNode root = schema.deepCopy();
    // Refs point into the document ("#/components/schemas/..."): give the schema that root.
    root.set("components", doc.get("components"));
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                root, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    Set<ValidationMessage> errors = validator.validate(Api.json(r));
    assertTrue(errors.isEmpty(), op + " does not match its schema: " + errors + "\n" + r.body());
    checked.add(op);
  }

  private JsonNode resolve(JsonNode node) {
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      assertTrue(ref.startsWith("#/"), ref);
      JsonNode target = doc.at(ref.substring(1));
      assertNotNull(target, ref);
      return target;
    }
    return node;
  }
}
