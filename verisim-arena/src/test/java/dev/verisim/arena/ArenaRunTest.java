package dev.verisim.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.Progress;
import dev.verisim.core.label.AiLabel;
import dev.verisim.gan.TrainingImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny arena end to end: the numbers in arena.json and report.html are the ones recomputed from
 * the per-image scores the run wrote; a continued run does not recompute finished rounds and gives
 * the numbers of an uninterrupted one.
 */
class ArenaRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void reportsTheNumbersTheScoresGiveAndContinuesWithoutRecomputing() throws Exception {
    Path realDir = TinyArena.reals(tmp.resolve("real"), 24);
    Arena arena = new Arena(TinyArena.config());
    TrainingImages reals = arena.loadReals(realDir, Progress.NONE);

    // One round, then the same arena asked for two: round 1 is kept, round 2 is played.
    Path resumed = tmp.resolve("resumed");
    Arena.Result first = arena.run(reals, 1, resumed, "test", Progress.NONE);
    assertEquals(1, first.roundsThisRun());
    Path round1 = resumed.resolve("round-01").resolve(Arena.ROUND_JSON);
    byte[] round1Bytes = Files.readAllBytes(round1);
    byte[] scores1 = Files.readAllBytes(resumed.resolve("round-01").resolve(Arena.SCORES));
    FileTime round1Time = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(round1, round1Time);
    Arena.Result second = arena.run(reals, 2, resumed, "test", Progress.NONE);
    assertEquals(1, second.roundsThisRun(), "only round 2 is played");
    assertEquals(2, second.rounds().size());
    assertEquals(round1Time, Files.getLastModifiedTime(round1), "round 1 was not rewritten");
    assertTrue(java.util.Arrays.equals(round1Bytes, Files.readAllBytes(round1)));
    assertTrue(
        java.util.Arrays.equals(
            scores1, Files.readAllBytes(resumed.resolve("round-01").resolve(Arena.SCORES))));

    // The same two rounds uninterrupted give the same numbers.
    Path straight = tmp.resolve("straight");
    Arena.Result whole =
        new Arena(TinyArena.config()).run(reals, 2, straight, "test", Progress.NONE);
    assertEquals(2, whole.roundsThisRun());
    JsonNode a = JSON.readTree(resumed.resolve(Arena.ARENA_JSON).toFile());
    JsonNode b = JSON.readTree(straight.resolve(Arena.ARENA_JSON).toFile());
    for (int i = 0; i < 2; i++) {
      JsonNode ra = withoutTimes(a.path("rounds").get(i));
      JsonNode rb = withoutTimes(b.path("rounds").get(i));
      assertEquals(rb, ra, "round " + (i + 1) + " continued vs uninterrupted");
    }

    // Killed in the middle of round 2's generator training (after its checkpoint at step 8), then
    // run again: the same numbers again.
    Path crashed = tmp.resolve("crashed");
    Progress crash =
        new Progress() {
          private String task = "";

          @Override
          public void start(String t, long total) {
            task = t;
          }

          @Override
          public void step(long done) {
            if (task.equals("train") && done == 9) {
              throw new IllegalStateException("simulated crash");
            }
          }

          @Override
          public void end() {}
        };
    IllegalStateException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> new Arena(TinyArena.config()).run(reals, 2, crashed, "test", crash));
    assertEquals("simulated crash", thrown.getMessage());
    assertTrue(Files.exists(crashed.resolve("gan/checkpoints/step-000008.json")));
    assertEquals(
        1, JSON.readTree(crashed.resolve(Arena.ARENA_JSON).toFile()).path("rounds").size());
    Arena.Result again =
        new Arena(TinyArena.config()).run(reals, 2, crashed, "test", Progress.NONE);
    assertEquals(1, again.roundsThisRun());
    JsonNode c = JSON.readTree(crashed.resolve(Arena.ARENA_JSON).toFile());
    for (int i = 0; i < 2; i++) {
      assertEquals(
          withoutTimes(b.path("rounds").get(i)),
          withoutTimes(c.path("rounds").get(i)),
          "round " + (i + 1) + " after a crash vs uninterrupted");
    }

    checkNumbersAgainstScores(resumed, a);
    checkLabels(resumed);
  }

  private static JsonNode withoutTimes(JsonNode round) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = round.deepCopy();
    copy.remove("seconds");
    return copy;
  }

  /** Recomputes every AUC of arena.json from the rounds' scores.csv, and finds it in the page. */
  private static void checkNumbersAgainstScores(Path out, JsonNode arena) throws Exception {
    Document page =
        Jsoup.parse(Files.readString(out.resolve(ArenaReport.FILE), StandardCharsets.UTF_8));
    assertEquals(2, arena.path("rounds").size());
    assertFalse(arena.path("data").path("sha256").asText().isEmpty());
    assertFalse(arena.path("versions").path("pytorch").asText().isEmpty());
    assertEquals(5, arena.path("seed").asLong());
    for (JsonNode round : arena.path("rounds")) {
      int r = round.path("round").asInt();
      List<String[]> rows = new ArrayList<>();
      List<String> lines =
          Files.readAllLines(
              out.resolve(Arena.roundDir(r)).resolve(Arena.SCORES), StandardCharsets.UTF_8);
      assertEquals("detector_round,images_round,laundering,label,index,logit", lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        rows.add(line.split(","));
      }
      double after = auc(rows, r, r, "none");
      assertEquals(round.path("auc_after").asDouble(), after, 0.0, "round " + r + " after");
      assertPrinted(page, r, "auc_after", after);
      if (r == 1) {
        assertTrue(round.path("auc_before").isNull());
        assertEquals("-", cell(page, r, "auc_before").text());
      } else {
        double before = auc(rows, r - 1, r, "none");
        assertEquals(round.path("auc_before").asDouble(), before, 0.0, "round " + r + " before");
        assertPrinted(page, r, "auc_before", before);
        double older = auc(rows, r, 1, "none");
        assertEquals(round.path("auc_older_rounds").path("1").asDouble(), older, 0.0);
        assertPrinted(page, r, "auc_older_min", older);
        // The forgetting matrix holds the same numbers.
        assertEquals(older, arena.path("forgetting").get(r - 1).get(0).asDouble(), 0.0);
        assertEquals(before, arena.path("forgetting").get(r - 2).get(r - 1).asDouble(), 0.0);
      }
      for (Map.Entry<String, JsonNode> e : round.path("auc_laundered").properties()) {
        double laundered = auc(rows, r, r, e.getKey());
        assertEquals(e.getValue().asDouble(), laundered, 0.0, e.getKey());
        assertPrinted(page, r, "auc_laundered:" + e.getKey(), laundered);
      }
      assertEquals(2, round.path("auc_laundered").size());
      double swd = round.path("swd").asDouble();
      assertTrue(swd > 0, "SWD " + swd);
      assertEquals(ArenaReport.fixed(swd, 2), cell(page, r, "swd").text());
    }
    // The summary on the page is the one in arena.json, and it names the last round's AUC.
    List<String> summary = new ArrayList<>();
    arena.path("summary").forEach(s -> summary.add(s.asText()));
    assertEquals(summary, page.select("#summary li").eachText());
    assertTrue(page.select("svg").size() >= 3, "charts");
  }

  private static void assertPrinted(Document page, int round, String metric, double value) {
    assertEquals(ArenaReport.auc(value), cell(page, round, metric).text(), metric + " " + round);
  }

  private static Element cell(Document page, int round, String metric) {
    Element e = page.selectFirst("td[data-round=" + round + "][data-metric=\"" + metric + "\"]");
    if (e == null) {
      throw new AssertionError("no cell for " + metric + " of round " + round);
    }
    return e;
  }

  /** AUC of detector {@code d} on round {@code k}'s fakes (laundered) against the reals. */
  private static double auc(List<String[]> rows, int d, int k, String laundering) {
    List<Double> fake = new ArrayList<>();
    List<Double> real = new ArrayList<>();
    for (String[] row : rows) {
      if (Integer.parseInt(row[0]) != d) {
        continue;
      }
      double score = Double.parseDouble(row[5]);
      if (row[1].equals("0") && row[3].equals("0")) {
        real.add(score);
      } else if (Integer.parseInt(row[1]) == k && row[2].equals(laundering) && row[3].equals("1")) {
        fake.add(score);
      }
    }
    assertFalse(fake.isEmpty() || real.isEmpty(), "scores of detector " + d + " on round " + k);
    // Mann-Whitney by counting pairs: independent of the implementation under test.
    double wins = 0;
    for (double f : fake) {
      for (double r : real) {
        wins += f > r ? 1 : f == r ? 0.5 : 0;
      }
    }
    return wins / ((double) fake.size() * real.size());
  }

  /** Every image the arena generated declares itself AI-generated. */
  private static void checkLabels(Path out) throws Exception {
    for (int r = 1; r <= 2; r++) {
      Path dir = out.resolve(Arena.roundDir(r));
      assertTrue(AiLabel.read(dir.resolve(Arena.SAMPLES)).orElseThrow().declaresAiGeneration());
      try (dev.verisim.gan.Generator g = dev.verisim.gan.Generator.load(dir.resolve("generator"))) {
        assertEquals(32, g.resolution());
      }
      assertTrue(
          AiLabel.read(dir.resolve("fakes").resolve(Arena.fakeName("eval", 0)))
              .orElseThrow()
              .declaresAiGeneration());
      assertTrue(
          AiLabel.read(dir.resolve("fakes").resolve(Arena.fakeName("train", 3)))
              .orElseThrow()
              .declaresAiGeneration());
    }
  }
}
