// The load side of bench/serve.sh: N clients post 512x512 JPEGs to a running `verisim serve` for a
// while, each waiting for its analysis before posting the next, and report what happened. A
// single-file program (java ServeLoad.java ...), JDK only. Not a test.
//
//   java bench/ServeLoad.java URL KEY CLIENTS SECONDS SERVER_PID
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

public class ServeLoad {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    int clients = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    long pid = Long.parseLong(args[4]);
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      images.add(jpeg(i));
    }
    HttpClient http = HttpClient.newHttpClient();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    List<Double> acceptMs = Collections.synchronizedList(new ArrayList<>());
    List<Double> doneMs = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failedJobs = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long[] rss = new long[2];
    Thread sampler =
        new Thread(
            () -> {
              try {
                Thread.sleep(seconds * 500L);
                rss[0] = rssKb(pid);
                Thread.sleep(seconds * 500L - 1000);
                rss[1] = rssKb(pid);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    sampler.start();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t =
          new Thread(
              () -> {
                int n = 0;
                while (System.nanoTime() < end) {
                  try {
                    byte[] img = images.get((client + n++) % images.size());
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(post(base, key, img), HttpResponse.BodyHandlers.ofString());
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    acceptMs.add((System.nanoTime() - t0) / 1e6);
                    if (r.statusCode() == 429) {
                      long wait = Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"));
                      Thread.sleep(Math.min(wait, 5) * 1000L);
                      continue;
                    }
                    if (r.statusCode() != 202) {
                      continue;
                    }
                    String location = r.headers().firstValue("Location").orElseThrow();
                    while (true) {
                      HttpResponse<String> g =
                          http.send(
                              HttpRequest.newBuilder(URI.create(base + location))
                                  .header("Authorization", "Bearer " + key)
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (g.statusCode() != 200) {
                        statuses.computeIfAbsent(g.statusCode(), s -> new AtomicLong()).incrementAndGet();
                        break;
                      }
                      if (g.body().contains("\"status\":\"done\"")) {
                        doneMs.add((System.nanoTime() - t0) / 1e6);
                        break;
                      }
                      if (g.body().contains("\"status\":\"failed\"")) {
                        failedJobs.incrementAndGet();
                        break;
                      }
                      Thread.sleep(100);
                    }
                  } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                    System.err.println("connection error: " + e);
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    sampler.join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "clients %d, %.0f s, posts by status %s (-1 = connection error)%n", clients, elapsed, statuses);
    System.out.printf(Locale.ROOT, "jobs done %d (%.2f per second), jobs failed %d%n", doneMs.size(), doneMs.size() / elapsed, failedJobs.get());
    System.out.printf(Locale.ROOT, "POST latency ms: p50 %.1f, p99 %.1f%n", pct(acceptMs, 50), pct(acceptMs, 99));
    System.out.printf(Locale.ROOT, "upload-to-verdict latency ms: p50 %.0f, p99 %.0f%n", pct(doneMs, 50), pct(doneMs, 99));
    System.out.printf(Locale.ROOT, "server RSS: %d MB at %ds, %d MB at %ds: growth %.1f%%%n",
        rss[0] / 1024, seconds / 2, rss[1] / 1024, seconds - 1, 100.0 * (rss[1] - rss[0]) / rss[0]);
  }

  static HttpRequest post(String base, String key, byte[] jpeg) {
    String boundary = "verisim-load";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + jpeg.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(jpeg, 0, body, head.length, jpeg.length);
    System.arraycopy(tail, 0, body, head.length + jpeg.length, tail.length);
    return HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** A 512x512 JPEG of smooth gradients and seeded noise: photo-like bytes, about 50-100 KB. */
  static byte[] jpeg(int seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 512; x++) {
        int v = (int) (128 + 60 * Math.sin((x + seed * 13) / 40.0) * Math.cos(y / 55.0)) + r.nextInt(-12, 13);
        v = Math.max(0, Math.min(255, v));
        img.setRGB(x, y, (v << 16) | (Math.max(0, v - 30) << 8) | Math.min(255, v + 20));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  static double pct(List<Double> values, int p) {
    List<Double> v = new ArrayList<>(values);
    if (v.isEmpty()) return Double.NaN;
    Collections.sort(v);
    return v.get(Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - 1));
  }

  static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
