package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.provenance.signing.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim consent create|verify}. */
class ConsentCommandTest {
  @TempDir Path dir;

  @Test
  void createThenVerifyWithAndWithoutTrust() throws Exception {
    Path keys = dir.resolve("keys");
    DevChain.generate(Instant.now(), Duration.ofDays(30), "Ada Example").writeTo(keys);
    Path record = dir.resolve("ada.jws");
    Run created =
        run(
            "consent",
            "create",
            "--subject",
            "Ada Example",
            "--uses",
            "generation,publication",
            "--expires",
            "2099-12-31",
            "--key",
            keys.resolve(DevChain.KEY_FILE).toString(),
            "--chain",
            keys.resolve(DevChain.CHAIN_FILE).toString(),
            "--out",
            record.toString());
    assertEquals(ExitCodes.OK, created.code(), created.err());
    assertTrue(Files.readString(record).startsWith("ey"), "a compact JWS");

    Run untrusted = run("consent", "verify", "--json", record.toString());
    assertEquals(ExitCodes.OK, untrusted.code(), untrusted.err());
    JsonNode j = new ObjectMapper().readTree(untrusted.out());
    assertEquals("valid-untrusted", j.get("status").asText());
    assertEquals("Ada Example", j.at("/record/subject").asText());
    assertEquals("[\"generation\",\"publication\"]", j.at("/record/uses").toString());
    assertEquals("2100-01-01T00:00:00Z", j.at("/record/expires").asText());

    Run trusted =
        run(
            "consent",
            "verify",
            "--trust-anchors",
            keys.resolve(DevChain.ROOT_FILE).toString(),
            record.toString());
    assertEquals(ExitCodes.OK, trusted.code(), trusted.err());
    assertTrue(
        trusted.out().startsWith(record + ": valid: Ada Example consents to"), trusted.out());

    Run late = run("consent", "verify", "--at", "2100-01-02", "--json", record.toString());
    assertEquals(ExitCodes.INPUT_ERRORS, late.code());
    assertTrue(late.out().contains("\"status\":\"expired\""), late.out());
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path junk = dir.resolve("junk.jws");
    Files.writeString(junk, "not a record");
    Run r = run("consent", "verify", "--json", junk.toString());
    assertEquals(ExitCodes.INPUT_ERRORS, r.code());
    assertTrue(r.out().contains("\"status\":\"invalid\""), r.out());

    Run usage =
        run(
            "consent",
            "create",
            "--subject",
            "A",
            "--uses",
            "selling",
            "--expires",
            "2099-01-01",
            "--key",
            "k",
            "--chain",
            "c",
            "--out",
            dir.resolve("x.jws").toString());
    assertEquals(ExitCodes.USAGE, usage.code());
    assertTrue(usage.err().contains("unknown consent use 'selling'"), usage.err());
  }
}
