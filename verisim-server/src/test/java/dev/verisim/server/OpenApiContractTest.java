package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the server agree: every operation it lists is a route the server has
 * (asked for real, it is not answered "no such route"), and every route the server registered is in
 * the document.
 */
class OpenApiContractTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @TempDir Path dir;

  @Test
  void documentAndRoutesAgree() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("contract").secret();
    }
    try (VerisimServer server =
        VerisimServer.builder()
            .setDataDir(dir)
            .optPort(0)
            .optDetector(FakeDetector.immediate())
            .build()
            .start()) {
      Api api = new Api(server);
      HttpResponse<String> r = api.get("/api/v1/openapi.json", null);
      assertEquals(200, r.statusCode(), "the document needs no key");
      JsonNode doc = Api.json(r);
      assertEquals("3.1.0", doc.get("openapi").asText());

      Set<String> documented = new TreeSet<>();
      for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
        for (Map.Entry<String, JsonNode> op : p.getValue().properties()) {
          if (METHODS.contains(op.getKey())) {
            documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
          }
        }
      }
      assertTrue(documented.size() >= 6, documented.toString());

      List<String> missing = new ArrayList<>();
      for (String op : documented) {
        String method = op.substring(0, op.indexOf(' '));
        String path =
            op.substring(op.indexOf(' ') + 1)
                .replace("{id}", UUID.randomUUID().toString())
                .replace("{side}", "left");
        HttpResponse<String> answer = api.send(method, path, key);
        assertNotEquals(405, answer.statusCode(), op);
        if (answer.statusCode() == 404
            && Api.json(answer).get("type").asText().endsWith(":route-not-found")) {
          missing.add(op);
        }
      }
      assertTrue(missing.isEmpty(), "documented but not served: " + missing);

      Set<String> served = new TreeSet<>(server.routes());
      assertFalse(served.isEmpty());
      Set<String> undocumented = new TreeSet<>(served);
      undocumented.removeAll(documented);
      assertTrue(undocumented.isEmpty(), "served but not documented: " + undocumented);
      assertEquals(documented, served);
    }
  }
}
