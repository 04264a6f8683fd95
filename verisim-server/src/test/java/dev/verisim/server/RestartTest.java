package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped with work in hand: a new server on the same data directory still has every
 * analysis, and runs the ones left queued or running. (The real {@code kill -9} of a server process
 * is {@code ServeKillTest} in verisim-cli.)
 */
class RestartTest {
  @TempDir Path dir;

  @Test
  void analysesSurviveAndUnfinishedOnesRunAfterARestart() throws Exception {
    String key;
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("alice").secret();
    }
    String finished;
    String running;
    String queued;
    FakeDetector first = FakeDetector.held();
    try (VerisimServer server = server(first)) {
      Api api = new Api(server);
      finished = location(api.upload(key, "done.jpg", Api.jpeg()));
      first.release();
      api.awaitFinished(finished, key);
    }
    FakeDetector stuck = FakeDetector.held();
    try (VerisimServer server = server(stuck)) {
      Api api = new Api(server);
      running = location(api.upload(key, "running.jpg", Api.jpeg()));
      Waits.until("running", Api.WAIT, () -> stuck.started.get() == 1);
      queued = location(api.upload(key, "queued.jpg", Api.jpeg()));
      assertEquals("running", Api.json(api.get(running, key)).get("status").asText());
      assertEquals("queued", Api.json(api.get(queued, key)).get("status").asText());
    } // stopped with one job running and one queued
    java.nio.file.Files.writeString(dir.resolve("tmp").resolve("MultiPart123"), "spilled upload");
    try (VerisimServer server = server(FakeDetector.immediate())) {
      try (var spilled = java.nio.file.Files.list(dir.resolve("tmp"))) {
        assertEquals(0, spilled.count(), "an interrupted upload's spill file is removed");
      }
      Api api = new Api(server);
      JsonNode a = api.awaitFinished(running, key);
      assertEquals("done", a.get("status").asText());
      assertEquals(2, a.get("attempts").asInt(), "run again after the restart");
      assertEquals("done", api.awaitFinished(queued, key).get("status").asText());
      JsonNode old = Api.json(api.get(finished, key));
      assertEquals("done.jpg", old.at("/verdict/path").asText(), "the old verdict is still there");
      assertEquals(1, old.get("attempts").asInt());
      assertEquals(3, Api.json(api.get("/api/v1/analyses", key)).get("total").asInt());
    } finally {
      stuck.release();
    }
  }

  private VerisimServer server(FakeDetector detector) throws Exception {
    return VerisimServer.builder()
        .setDataDir(dir)
        .optPort(0)
        .optDetector(detector)
        .optWorkers(1)
        .build()
        .start();
  }

  private static String location(java.net.http.HttpResponse<String> r) {
    assertEquals(202, r.statusCode(), r.body());
    return r.headers().firstValue("Location").orElseThrow();
  }
}
