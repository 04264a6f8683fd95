package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.server.Analysis;
import dev.verisim.server.ServerData;
import dev.verisim.testkit.ImageFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real crash: {@code verisim serve} runs as a child process with the default detector, takes
 * uploads, and is killed with {@code kill -9} (SIGKILL: no shutdown hook, no flush) while they are
 * queued or running. A new {@code verisim serve} on the same data directory finishes every one of
 * them. This is the test of the "an accepted job is never lost".
 */
class ServeKillTest {
  private static final Pattern URL = Pattern.compile("listening on (http://\\S+)");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int UPLOADS = 4;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void jobsAcceptedBeforeKillNineFinishAfterARestart() throws Exception {
    Path data = dir.resolve("server");
    GanFixtures.Run created =
        GanFixtures.run("keys", "create", "--name", "t", "--data-dir", data.toString());
    assertEquals(ExitCodes.OK, created.code(), created.err());
    String[] words = created.out().strip().split("\\s+");
    String key = words[words.length - 1];

    // Large enough that one worker cannot finish all of them before the kill.
    byte[] image = ImageFiles.jpeg(ImageFiles.pattern(1024, 768, 11), 0.92f);
    List<String> locations = new ArrayList<>();
    Process first = serve(data);
    try {
      String url = awaitUrl(first);
      for (int i = 0; i < UPLOADS; i++) {
        HttpResponse<String> r = upload(url, key, "photo" + i + ".jpg", image);
        assertEquals(202, r.statusCode(), r.body());
        locations.add(r.headers().firstValue("Location").orElseThrow());
      }
    } finally {
      first.destroyForcibly(); // SIGKILL on Linux: the JVM gets no chance to clean up
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(137, first.exitValue(), "killed by SIGKILL (128 + 9)");
    int unfinished;
    try (ServerData d = ServerData.open(data)) {
      unfinished = d.analyses().unfinished().size();
      List<Analysis> all = d.analyses().list(d.keys().list().get(0).id(), 0, 100);
      assertEquals(UPLOADS, all.size(), "every accepted upload is in the database");
    }
    assertTrue(unfinished > 0, "the kill came too late to test anything: all jobs had finished");

    Process second = serve(data);
    try {
      String url = awaitUrl(second);
      for (String location : locations) {
        JsonNode a = awaitFinished(url + location, key);
        assertEquals("done", a.get("status").asText(), a.toString());
        assertTrue(a.at("/verdict/p_fake").isNumber(), a.toString());
        assertEquals(location.substring(location.lastIndexOf('/') + 1), a.get("id").asText());
      }
    } finally {
      second.destroy(); // SIGTERM: the shutdown hook stops it cleanly
      assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    }
  }

  private static Process serve(Path data) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx1g",
            "-Djava.awt.headless=true",
            "-Dai.djl.offline=true",
            "-Dverisim.home=" + System.getProperty("verisim.home", data.resolve("home").toString()),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--port",
            "0",
            "--workers",
            "1",
            "--data-dir",
            data.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  /** Reads the child's output until it prints its URL; the rest is drained on a thread. */
  private static String awaitUrl(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = URL.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (r.readLine() != null) {
                      // keep the pipe from filling up
                    }
                  } catch (IOException e) {
                    // the process ended
                  }
                },
                "serve-output-drain");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("verisim serve ended without listening:\n" + seen);
  }

  private HttpResponse<String> upload(String url, String key, String name, byte[] bytes)
      throws Exception {
    String boundary = "kill-test";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(bytes);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/analyses"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitFinished(String url, String key) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode a = MAPPER.readTree(r.body());
      String status = a.get("status").asText();
      if (status.equals("done") || status.equals("failed")) {
        return a;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + status + ": " + url);
      }
      Thread.sleep(100);
    }
  }
}
