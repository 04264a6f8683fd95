package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/analyses/{id}/events}: status changes as server-sent events, then done. */
class EventsTest {
  @TempDir Path dir;

  @Test
  void eventsFollowTheJobToDone() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("alice").secret();
    }
    FakeDetector held = FakeDetector.held();
    try (VerisimServer server =
        VerisimServer.builder()
            .setDataDir(dir)
            .optPort(0)
            .optDetector(held)
            .optWorkers(1)
            .build()
            .start()) {
      Api api = new Api(server);
      String location = api.upload(key, "a.jpg", Api.jpeg()).headers().firstValue("Location").get();
      Waits.until("running", Api.WAIT, () -> held.started.get() == 1);
      Api.problem(api.get(location + "/events", key), 406, "not-acceptable");

      HttpRequest events =
          HttpRequest.newBuilder(URI.create(server.url() + location + "/events"))
              .header("Authorization", "Bearer " + key)
              .header("Accept", "text/event-stream")
              .build();
      CompletableFuture<HttpResponse<Stream<String>>> stream =
          HttpClient.newHttpClient().sendAsync(events, HttpResponse.BodyHandlers.ofLines());
      HttpResponse<Stream<String>> r = stream.get(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      // Release the detector only once the current status has arrived, so the stream must show
      // the change from running to done.
      List<String[]> parsed = new ArrayList<>();
      Iterator<String> lines = r.body().iterator();
      String[] event = {null};
      while (parsed.isEmpty() && lines.hasNext()) {
        collect(lines.next(), event, parsed);
      }
      held.release();
      // The stream ends after 'done', so reading every line terminates.
      lines.forEachRemaining(line -> collect(line, event, parsed));
      List<String> names = parsed.stream().map(e -> e[0]).toList();
      assertEquals(List.of("status", "status", "done"), names, "running, done, then the result");
      assertEquals("running", Api.MAPPER.readTree(parsed.get(0)[1]).get("status").asText());
      assertEquals("done", Api.MAPPER.readTree(parsed.get(1)[1]).get("status").asText());
      JsonNode done = Api.MAPPER.readTree(parsed.get(2)[1]);
      assertEquals("fake", done.at("/verdict/verdict").asText());
      assertEquals(location, done.at("/links/self").asText());
    }
  }

  /** One line of an event stream: remembers the event name, records (name, data) pairs. */
  private static void collect(String line, String[] event, List<String[]> parsed) {
    if (line.startsWith("event:")) {
      event[0] = line.substring(6).strip();
    } else if (line.startsWith("data:")) {
      parsed.add(new String[] {event[0], line.substring(5).strip()});
    }
  }
}
