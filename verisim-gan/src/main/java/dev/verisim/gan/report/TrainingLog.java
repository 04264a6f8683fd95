package dev.verisim.gan.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer's {@code training-log.jsonl}: one JSON object per logged step, with a numeric {@code
 * step} and any other numeric fields.
 *
 * <p>Rules: blank lines are skipped; a value that is {@code null} or not a number is ignored,
 * except the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (what Jackson writes
 * for non-finite doubles), which are kept as non-finite values. A line that is not a JSON object or
 * has no whole-number {@code step} is an error naming the file and line, except a last line without
 * a line break: the trainer may be writing it right now, so it is left out. When the step goes back
 * (a run resumed from an earlier checkpoint), the rows from that step on are superseded by the new
 * ones.
 */
final class TrainingLog {
  static final String FILE = "training-log.jsonl";

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** One logged step; a field absent from the line is absent from {@code values}. */
  record Row(long step, Map<String, Double> values) {}

  private final List<Row> rows;
  private final List<String> fields;
  private final int superseded;

  private TrainingLog(List<Row> rows, List<String> fields, int superseded) {
    this.rows = rows;
    this.fields = fields;
    this.superseded = superseded;
  }

  /** The log of a run folder; empty when the trainer has not written one yet. */
  static TrainingLog read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new TrainingLog(List.of(), List.of(), 0);
    }
    List<Row> rows = new ArrayList<>();
    Set<String> fields = new LinkedHashSet<>();
    int superseded = 0;
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      boolean terminated = end >= 0;
      if (!terminated) {
        end = text.length();
      }
      lineNo++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      Row row;
      try {
        row = parse(line, fields);
      } catch (IOException e) {
        if (!terminated) {
          break; // a line being written
        }
        throw new IOException(file + " line " + lineNo + ": " + message(e), e);
      }
      while (!rows.isEmpty() && rows.get(rows.size() - 1).step() >= row.step()) {
        rows.remove(rows.size() - 1);
        superseded++;
      }
      rows.add(row);
    }
    return new TrainingLog(Collections.unmodifiableList(rows), List.copyOf(fields), superseded);
  }

  private static Row parse(String line, Set<String> fields) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new IOException("not a JSON object");
    }
    JsonNode step = node.get("step");
    if (step == null
        || !step.isNumber()
        || !(step.canConvertToExactIntegral() && step.canConvertToLong())) {
      throw new IOException("no whole-number \"step\"");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals("step")) {
        continue;
      }
      double v = number(e.getValue());
      if (v == v || isNonFinite(e.getValue())) {
        values.put(e.getKey(), v);
        fields.add(e.getKey());
      }
    }
    return new Row(step.asLong(), Collections.unmodifiableMap(values));
  }

  private static boolean isNonFinite(JsonNode v) {
    return (v.isNumber() && !Double.isFinite(v.doubleValue()))
        || (v.isTextual()
            && Arrays.asList("NaN", "Infinity", "-Infinity", "+Infinity").contains(v.textValue()));
  }

  /** The value as a double; NaN when it is not a number (see {@link #isNonFinite}). */
  private static double number(JsonNode v) {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      switch (v.textValue()) {
        case "Infinity":
        case "+Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static String message(IOException e) {
    if (e instanceof JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return e.getMessage();
  }

  /** The rows in step order, each step once. */
  List<Row> rows() {
    return rows;
  }

  /**
   * Every field other than {@code step} that has a numeric value somewhere, in order of first use.
   */
  List<String> fields() {
    return fields;
  }

  /** Rows dropped because a resumed run logged their steps again. */
  int superseded() {
    return superseded;
  }

  /** The steps of the rows that have the field, and its values there (possibly non-finite). */
  double[][] series(String field) {
    int n = 0;
    for (Row r : rows) {
      if (r.values().containsKey(field)) {
        n++;
      }
    }
    double[] xs = new double[n];
    double[] ys = new double[n];
    int i = 0;
    for (Row r : rows) {
      Double v = r.values().get(field);
      if (v != null) {
        xs[i] = r.step();
        ys[i++] = v;
      }
    }
    return new double[][] {xs, ys};
  }

  /** The median of the field's finite values; NaN if it has none. */
  double median(String field) {
    double[] ys = Arrays.stream(series(field)[1]).filter(Double::isFinite).sorted().toArray();
    if (ys.length == 0) {
      return Double.NaN;
    }
    int mid = ys.length / 2;
    return ys.length % 2 == 1 ? ys[mid] : (ys[mid - 1] + ys[mid]) / 2;
  }

  /** The field's value in the last row that has a finite one; NaN if none. */
  double last(String field) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      Double v = rows.get(i).values().get(field);
      if (v != null && Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }
}
