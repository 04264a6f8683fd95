package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.core.verdict.VerdictJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis routes end to end on a real server: upload, poll, list, delete, keys. */
class AnalysisApiTest {
  @TempDir Path dir;

  private final FakeDetector detector = FakeDetector.immediate();
  private String key;
  private String otherKey;
  private VerisimServer server;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("alice").secret();
      otherKey = data.keys().create("bob").secret();
    }
    server =
        VerisimServer.builder()
            .setDataDir(dir)
            .optPort(0)
            .optDetector(detector)
            .optWorkers(1)
            .build()
            .start();
    api = new Api(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void uploadThenPollGivesTheCliVerdict() throws Exception {
    byte[] jpeg = Api.jpeg();
    HttpResponse<String> created = api.upload(key, "holiday/beach.jpg", jpeg);
    assertEquals(202, created.statusCode(), created.body());
    JsonNode body = Api.json(created);
    String id = body.get("id").asText();
    String location = created.headers().firstValue("Location").orElseThrow();
    assertEquals("/api/v1/analyses/" + id, location);
    assertEquals("image/jpeg", body.get("media_type").asText());
    assertEquals(jpeg.length, body.get("size_bytes").asLong());
    assertEquals("beach.jpg", body.get("filename").asText(), "only the name's last segment");

    JsonNode done = api.awaitFinished(location, key);
    assertEquals("done", done.get("status").asText());
    // Exactly the object `verisim detect --json --heatmaps` prints for the same verdict.
    String expected = VerdictJson.toLine(detector.detect(jpeg, "beach.jpg"), true);
    assertEquals(expected, done.get("verdict").toString());
    assertEquals("fake", done.at("/verdict/verdict").asText());
    assertTrue(done.get("problem").isNull());
  }

  @Test
  void keysGuardEverything() throws Exception {
    Api.problem(api.upload(null, "a.jpg", Api.jpeg()), 401, "unauthorized");
    HttpResponse<String> wrong = api.upload("vsk_not-a-key", "a.jpg", Api.jpeg());
    Api.problem(wrong, 401, "unauthorized");
    assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElseThrow());

    String location = api.upload(key, "a.jpg", Api.jpeg()).headers().firstValue("Location").get();
    Api.problem(api.get(location, null), 401, "unauthorized");
    Api.problem(api.get("/api/v1/analyses", null), 401, "unauthorized");
    // Another key learns nothing: the same 404 as for an id that does not exist.
    JsonNode hidden = Api.problem(api.get(location, otherKey), 404, "analysis-not-found");
    JsonNode missing =
        Api.problem(
            api.get("/api/v1/analyses/" + UUID.randomUUID(), otherKey), 404, "analysis-not-found");
    assertEquals(hidden.get("title"), missing.get("title"));
    Api.problem(api.send("DELETE", location, otherKey), 404, "analysis-not-found");
    Api.problem(api.get(location + "/events", otherKey), 404, "analysis-not-found");
    Api.problem(
        api.get("/api/v1/analyses/..%2F..%2Fverisim.mv.db", key), 404, "analysis-not-found");
    assertEquals(0, Api.json(api.get("/api/v1/analyses", otherKey)).get("total").asInt());
    assertEquals(200, api.get(location, key).statusCode(), "the owner still reads it");
  }

  @Test
  void listIsPagedNewestFirstAndDeleteRemovesTheBlob() throws Exception {
    String first = Api.json(api.upload(key, "1.jpg", Api.jpeg())).get("id").asText();
    String second = Api.json(api.upload(key, "2.jpg", Api.jpeg())).get("id").asText();
    api.upload(otherKey, "3.jpg", Api.jpeg());
    JsonNode page0 = Api.json(api.get("/api/v1/analyses?page=0&size=1", key));
    assertEquals(2, page0.get("total").asInt());
    assertEquals(second, page0.at("/items/0/id").asText());
    JsonNode page1 = Api.json(api.get("/api/v1/analyses?page=1&size=1", key));
    assertEquals(first, page1.at("/items/0/id").asText());
    Api.problem(api.get("/api/v1/analyses?size=1000", key), 400, "bad-request");
    Api.problem(api.get("/api/v1/analyses?page=-1", key), 400, "bad-request");

    api.awaitFinished("/api/v1/analyses/" + first, key);
    Path blob = dir.resolve("blobs").resolve(first);
    assertTrue(Files.exists(blob));
    assertEquals(204, api.send("DELETE", "/api/v1/analyses/" + first, key).statusCode());
    assertFalse(Files.exists(blob), "the upload is gone");
    Api.problem(api.get("/api/v1/analyses/" + first, key), 404, "analysis-not-found");
  }

  @Test
  void noCorsAndUnknownRoutesAreProblems() throws Exception {
    HttpResponse<String> r = api.send("OPTIONS", "/api/v1/analyses", key);
    assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off");
    Api.problem(api.get("/api/v1/nothing-here", key), 404, "route-not-found");
    Api.problem(
        api.get("/api/v1/analyses/%2e%2e/%2e%2e/verisim.mv.db", key), 404, "route-not-found");
    // Jetty itself refuses a path that climbs out of the root, before any route: still a problem.
    Api.problem(api.get("/../../etc/passwd", key), 400, "bad-request");
  }

  @Test
  void aFailedAnalysisCarriesItsProblem() throws Exception {
    server.close();
    FakeDetector slow = FakeDetector.held();
    server =
        VerisimServer.builder()
            .setDataDir(dir)
            .optPort(0)
            .optDetector(slow)
            .optJobTimeout(Duration.ofMillis(200))
            .build()
            .start();
    api = new Api(server);
    String location = api.upload(key, "a.jpg", Api.jpeg()).headers().firstValue("Location").get();
    JsonNode failed = api.awaitFinished(location, key);
    slow.release();
    assertEquals("failed", failed.get("status").asText());
    assertTrue(failed.get("verdict").isNull());
    assertEquals("urn:verisim:problem:job-timeout", failed.at("/problem/type").asText());
  }
}
