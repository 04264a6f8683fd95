package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images that cannot be analysed make exit code 1, are listed, and the rest is still measured. */
class EvalUnanalysedImagesTest {
  @TempDir Path dir;

  @Test
  void brokenFilesAreListedAndLeftOut() throws IOException {
    EvalData.write(dir, "s", 2);
    Files.write(dir.resolve("s/fake/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new String[] {"eval", "--data", dir.toString(), "--json", "--no-progress"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertEquals(ExitCodes.INPUT_ERRORS, code);
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertEquals(5, r.get("n").asInt());
    assertEquals(1, r.get("n_errors").asInt());
    assertEquals("s/fake/broken.jpg", r.get("errors").get(0).get("path").asText());
    assertEquals(2, r.get("metrics").get("n_fake").asInt(), "the broken fake is not measured");
  }
}
