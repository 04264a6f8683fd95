package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --robustness}: one row per degradation, in JSON and in the table. */
class EvalRobustnessCommandTest {
  private static final List<String> CONDITIONS =
      List.of(
          "social-256px-q75",
          "jpeg-q30",
          "jpeg-q50",
          "jpeg-q70",
          "jpeg-q90",
          "downscale-0.5",
          "downscale-0.25",
          "blur-r2",
          "noise-s5");

  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    assertEquals(ExitCodes.OK, code);
    return out.toString();
  }

  @Test
  void oneRowPerCondition() throws IOException {
    EvalData.write(dir, "s", 2);
    JsonNode r =
        new ObjectMapper()
            .readTree(
                run("eval", "--data", dir.toString(), "--json", "--no-progress", "--robustness"));
    List<String> conditions = new ArrayList<>();
    for (JsonNode row : r.get("robustness")) {
      conditions.add(row.get("condition").asText());
      assertEquals(4, row.get("n").asInt());
      assertEquals(0, row.get("n_errors").asInt());
      double accuracy = row.get("accuracy").asDouble();
      assertTrue(accuracy >= 0 && accuracy <= 1, row.toString());
    }
    assertEquals(CONDITIONS, conditions);

    String table = run("eval", "--data", dir.toString(), "--no-progress", "--robustness");
    for (String c : CONDITIONS) {
      assertEquals(
          1, table.lines().filter(l -> l.startsWith(c + " ")).count(), c + " in\n" + table);
    }
    assertTrue(table.lines().anyMatch(l -> l.startsWith("original ")), table);
  }
}
