package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobQueue}: crash recovery, the per-job timeout, the bound. */
class JobQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final byte[] BYTES = "bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void jobsLeftQueuedOrRunningByACrashRunAfterARestart() throws Exception {
    UUID running;
    UUID queued;
    UUID hopeless;
    try (ServerData data = ServerData.open(dir)) {
      AnalysisStore store = data.analyses();
      running = store.create("k", "a.jpg", "image/jpeg", BYTES).id();
      queued = store.create("k", "b.jpg", "image/jpeg", BYTES).id();
      hopeless = store.create("k", "c.jpg", "image/jpeg", BYTES).id();
      store.markRunning(running); // what a kill -9 in the middle of a detection leaves behind
      for (int i = 0; i < JobQueue.MAX_ATTEMPTS; i++) {
        store.markRunning(hopeless); // it crashed the server every time it ran
      }
      // No queue ran, nothing finished: the process "died" here.
    }
    try (ServerData data = ServerData.open(dir);
        JobQueue queue =
            JobQueue.builder()
                .setStore(data.analyses())
                .setDetector(FakeDetector.immediate())
                .optWorkers(1)
                .build()) {
      assertEquals(2, queue.start());
      AnalysisStore store = data.analyses();
      Waits.until(
          "both finished",
          WAIT,
          () ->
              store.unfinished().isEmpty() && store.find(queued).orElseThrow().status().terminal());
      Analysis r = store.find(running).orElseThrow();
      assertEquals(AnalysisStatus.DONE, r.status());
      assertEquals(2, r.attempts(), "started once before the crash and once after");
      JsonNode v = new ObjectMapper().readTree(r.verdictJson().orElseThrow());
      assertEquals("a.jpg", v.get("path").asText());
      assertEquals("fake", v.get("verdict").asText());
      assertEquals(AnalysisStatus.DONE, store.find(queued).orElseThrow().status());
      Analysis h = store.find(hopeless).orElseThrow();
      assertEquals(AnalysisStatus.FAILED, h.status());
      assertTrue(h.problemJson().orElseThrow().contains("urn:verisim:problem:gave-up"));
    }
  }

  @Test
  void aJobThatTakesTooLongFails() throws Exception {
    FakeDetector slow = FakeDetector.held();
    try (ServerData data = ServerData.open(dir);
        JobQueue queue =
            JobQueue.builder()
                .setStore(data.analyses())
                .setDetector(slow)
                .optWorkers(1)
                .optJobTimeout(Duration.ofMillis(300))
                .build()) {
      queue.start();
      UUID id = data.analyses().create("k", "a.jpg", "image/jpeg", BYTES).id();
      assertTrue(queue.submit(id));
      Waits.until(
          "failed",
          WAIT,
          () -> data.analyses().find(id).orElseThrow().status() == AnalysisStatus.FAILED);
      JsonNode p =
          new ObjectMapper()
              .readTree(data.analyses().find(id).orElseThrow().problemJson().orElseThrow());
      assertEquals("urn:verisim:problem:job-timeout", p.get("type").asText());
      assertEquals("/api/v1/analyses/" + id, p.get("instance").asText());
      slow.release();
    }
  }

  @Test
  void aFullQueueRefusesAndThenDrains() throws Exception {
    FakeDetector held = FakeDetector.held();
    try (ServerData data = ServerData.open(dir);
        JobQueue queue =
            JobQueue.builder()
                .setStore(data.analyses())
                .setDetector(held)
                .optWorkers(1)
                .optCapacity(2)
                .build()) {
      queue.start();
      AnalysisStore store = data.analyses();
      assertTrue(queue.submit(store.create("k", "1.jpg", "image/jpeg", BYTES).id()));
      Waits.until("the worker took the first", WAIT, () -> held.started.get() == 1);
      assertTrue(queue.submit(store.create("k", "2.jpg", "image/jpeg", BYTES).id()));
      assertTrue(queue.submit(store.create("k", "3.jpg", "image/jpeg", BYTES).id()));
      assertTrue(queue.full());
      assertFalse(queue.submit(store.create("k", "4.jpg", "image/jpeg", BYTES).id()));
      assertTrue(queue.retryAfter().toSeconds() >= 1);
      held.release();
      Waits.until("drained", WAIT, () -> held.calls.get() == 3 && !queue.full());
    }
  }
}
