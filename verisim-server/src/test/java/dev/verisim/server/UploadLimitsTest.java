package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads the server refuses: too large (413), not an image (415), queue full (429). */
class UploadLimitsTest {
  @TempDir Path dir;

  private final FakeDetector held = FakeDetector.held();
  private String key;
  private VerisimServer server;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    try (ServerData data = ServerData.open(dir)) {
      key = data.keys().create("alice").secret();
    }
    server =
        VerisimServer.builder()
            .setDataDir(dir)
            .optPort(0)
            .optDetector(held)
            .optWorkers(1)
            .optQueueCapacity(1)
            .optMaxUploadBytes(100_000)
            .build()
            .start();
    api = new Api(server);
  }

  @AfterEach
  void stop() {
    held.release();
    server.close();
  }

  @Test
  void tooLargeIs413() throws Exception {
    byte[] big = new byte[150_000];
    byte[] jpeg = Api.jpeg();
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    Api.problem(api.upload(key, "big.jpg", big), 413, "payload-too-large");
    // Just over the limit but within the multipart allowance: the file's own size decides.
    Api.problem(api.upload(key, "big.jpg", new byte[100_001]), 413, "payload-too-large");
    assertEquals(0, blobs(), "nothing stored");
  }

  @Test
  void theDefaultLimitTakesUploadsOfSeveralMegabytes() throws Exception {
    server.close();
    FakeDetector immediate = FakeDetector.immediate();
    server =
        VerisimServer.builder().setDataDir(dir).optPort(0).optDetector(immediate).build().start();
    api = new Api(server);
    // A JPEG's magic and then 5 MB: well past any 1 MB default of the HTTP stack.
    byte[] big = new byte[5_000_000];
    byte[] jpeg = Api.jpeg();
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    HttpResponse<String> r = api.upload(key, "big.jpg", big);
    assertEquals(202, r.statusCode(), r.body());
    assertEquals(big.length, Api.json(r).get("size_bytes").asLong());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertEquals("done", api.awaitFinished(location, key).get("status").asText());
  }

  @Test
  void notAnImageIs415WhateverItsName() throws Exception {
    byte[] text = "GIF? no, plain text pretending".getBytes(StandardCharsets.UTF_8);
    Api.problem(api.upload(key, "photo.jpg", text), 415, "unsupported-media-type");
    Api.problem(api.upload(key, "empty.png", new byte[0]), 415, "unsupported-media-type");
    HttpResponse<String> json =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/analyses"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Api.problem(json, 415, "unsupported-media-type");
    assertEquals(0, blobs(), "nothing stored");
  }

  @Test
  void aFullQueueIs429WithRetryAfter() throws Exception {
    assertEquals(202, api.upload(key, "1.jpg", Api.jpeg()).statusCode());
    Waits.until("the worker took the first", Api.WAIT, () -> held.started.get() == 1);
    assertEquals(202, api.upload(key, "2.jpg", Api.jpeg()).statusCode(), "one may wait");
    HttpResponse<String> refused = api.upload(key, "3.jpg", Api.jpeg());
    Api.problem(refused, 429, "queue-full");
    long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 600, "Retry-After " + retry);
    assertEquals(2, blobs(), "the refused upload is not kept");
    held.release();
    Waits.until("drained", Api.WAIT, () -> held.calls.get() == 2);
    Waits.until("room again", Api.WAIT, () -> !server.busy());
    assertEquals(202, api.upload(key, "4.jpg", Api.jpeg()).statusCode(), "accepted again");
  }

  private long blobs() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("blobs"))) {
      return files.count();
    }
  }
}
