package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads without a key, where the operator allowed them, and only there. */
class AnonymousUseTest {
  @TempDir Path dir;

  private VerisimServer server(int perMinute) throws Exception {
    return VerisimServer.builder()
        .setDataDir(dir)
        .optPort(0)
        .optDetector(FakeDetector.immediate())
        .optWorkers(1)
        .optAnonymousPerMinute(perMinute)
        .build()
        .start();
  }

  @Test
  void offByDefault() throws Exception {
    try (VerisimServer server = server(0)) {
      Api api = new Api(server);
      Api.problem(api.upload(null, "a.jpg", Api.jpeg()), 401, "unauthorized");
      JsonNode info = Api.json(api.get("/api/v1/info", null));
      assertFalse(info.get("anonymous").asBoolean());
      assertFalse(info.has("anonymous_per_minute"));
    }
  }

  @Test
  void anonymousUploadsAreRateLimitedAndReadableByIdOnly() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("alice").secret();
    }
    try (VerisimServer server = server(2)) {
      Api api = new Api(server);
      JsonNode info = Api.json(api.get("/api/v1/info", null));
      assertTrue(info.get("anonymous").asBoolean());
      assertEquals(2, info.get("anonymous_per_minute").asInt());

      HttpResponse<String> first = api.upload(null, "a.jpg", Api.jpeg());
      assertEquals(202, first.statusCode(), first.body());
      String location = first.headers().firstValue("Location").orElseThrow();
      assertEquals(202, api.upload(null, "b.jpg", Api.jpeg()).statusCode());
      HttpResponse<String> third = api.upload(null, "c.jpg", Api.jpeg());
      Api.problem(third, 429, "rate-limited");
      long retry = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retry >= 1 && retry <= 30, "2 a minute: the next in at most 30 s, got " + retry);
      // A key is not rate-limited by the anonymous bucket.
      assertEquals(202, api.upload(key, "d.jpg", Api.jpeg()).statusCode());

      JsonNode done = api.awaitFinished(location, null);
      assertEquals("done", done.get("status").asText(), "read by its id, without a key");
      Api.problem(api.get(location, key), 404, "analysis-not-found");
      Api.problem(api.get("/api/v1/analyses", null), 401, "unauthorized");
      assertEquals(1, Api.json(api.get("/api/v1/analyses", key)).get("total").asInt());
      String keyed = Api.json(api.get("/api/v1/analyses", key)).at("/items/0/links/self").asText();
      Api.problem(api.get(keyed, null), 404, "analysis-not-found");
      assertEquals(204, api.send("DELETE", location, null).statusCode());
      Api.problem(api.get(location, null), 404, "analysis-not-found");
    }
  }
}
