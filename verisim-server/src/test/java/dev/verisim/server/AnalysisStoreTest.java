package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnalysisStore}: what is stored is there again after the data directory is reopened. */
class AnalysisStoreTest {
  @TempDir Path dir;

  @Test
  void analysesSurviveReopening() throws Exception {
    byte[] bytes = "not really an image".getBytes(StandardCharsets.UTF_8);
    UUID done;
    UUID queued;
    UUID other;
    try (ServerData data = ServerData.open(dir)) {
      AnalysisStore store = data.analyses();
      done = store.create("key-a", "a.jpg", "image/jpeg", bytes).id();
      queued = store.create("key-a", "b.png", "image/png", bytes).id();
      other = store.create("key-b", "c.png", "image/png", bytes).id();
      assertEquals(1, store.markRunning(done).orElseThrow().attempts());
      assertTrue(store.markDone(done, "{\"verdict\":\"real\"}"));
    }
    assertTrue(Files.isRegularFile(dir.resolve("verisim.mv.db")), "a real database file");
    assertTrue(Files.isRegularFile(dir.resolve("blobs").resolve(done.toString())));

    try (ServerData data = ServerData.open(dir)) {
      AnalysisStore store = data.analyses();
      Analysis a = store.find(done).orElseThrow();
      assertEquals(AnalysisStatus.DONE, a.status());
      assertEquals("{\"verdict\":\"real\"}", a.verdictJson().orElseThrow());
      assertEquals("a.jpg", a.filename());
      assertEquals(bytes.length, a.sizeBytes());
      assertArrayEquals(bytes, store.readBlob(done));

      assertEquals(List.of(queued, other), store.unfinished().stream().map(Analysis::id).toList());
      assertTrue(store.find(done, "key-b").isEmpty(), "another key does not see it");
      assertEquals(2, store.count("key-a"));
      assertEquals(1, store.list("key-a", 0, 1).size());
      assertEquals(1, store.list("key-a", 1, 1).size());
      assertEquals(0, store.list("key-a", 2, 1).size());

      assertTrue(store.delete(done));
      assertFalse(Files.exists(dir.resolve("blobs").resolve(done.toString())), "blob deleted");
      assertTrue(store.find(done).isEmpty());
      assertFalse(store.markDone(done, "{}"), "a deleted analysis is not resurrected");
    }
  }

  @Test
  void whatACrashLeavesInTheBlobFolderIsRemoved() throws Exception {
    try (ServerData data = ServerData.open(dir)) {
      AnalysisStore store = data.analyses();
      UUID kept =
          store.create("k", "a.jpg", "image/jpeg", "x".getBytes(StandardCharsets.UTF_8)).id();
      Path blobs = dir.resolve("blobs");
      Files.writeString(blobs.resolve(UUID.randomUUID().toString()), "no row");
      Files.writeString(blobs.resolve("upload-123.tmp"), "half written");
      assertEquals(2, store.removeOrphans());
      try (var left = Files.list(blobs)) {
        assertEquals(List.of(blobs.resolve(kept.toString())), left.toList());
      }
    }
  }

  @Test
  void onlyCanonicalUuidsAreIds() {
    UUID id = UUID.randomUUID();
    assertEquals(id, AnalysisStore.parseId(id.toString()).orElseThrow());
    assertTrue(AnalysisStore.parseId("../../etc/passwd").isEmpty());
    assertTrue(AnalysisStore.parseId(id.toString().toUpperCase(java.util.Locale.ROOT)).isEmpty());
    assertTrue(AnalysisStore.parseId(id + "/x").isEmpty());
    assertTrue(AnalysisStore.parseId(null).isEmpty());
  }
}
