package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import dev.verisim.provenance.signing.DevChain;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done": a face from {@code gan sample} carries a watermark and Content Credentials
 * that verisim (and, where installed, the independent c2pa-node validator) accept; after JPEG q50
 * re-encoding, which strips the manifest, {@code detect} still finds the watermark; and a consent
 * record is checked before generation and carried in the credentials.
 */
class GanProvenanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NODE_DIR =
      Path.of("../verisim-provenance/src/test/node").toAbsolutePath();

  @TempDir Path dir;

  private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(null, new IIOImage(image, null, null), p);
    } finally {
      w.dispose();
    }
    return bytes.toByteArray();
  }

  @Test
  void aSampledFaceIsMarkedSignedAndStillFoundAfterJpegQ50() throws Exception {
    Path out = dir.resolve("samples");
    Run sampled = run("gan", "sample", "--count", "2", "--seed", "5", "--out", out.toString());
    assertEquals(ExitCodes.OK, sampled.code(), sampled.err());
    JsonNode record = JSON.readTree(out.resolve("samples.json").toFile());
    Path face = out.resolve(record.at("/watermarks/0/file").asText());
    String payload = record.at("/watermarks/0/watermark").asText();
    assertEquals(8, payload.length());

    // Content Credentials: verisim's own verifier.
    Run verified = run("credentials", "verify", "--json", face.toString());
    assertEquals(ExitCodes.OK, verified.code(), verified.out() + verified.err());
    JsonNode v = JSON.readTree(verified.out());
    assertEquals("valid-untrusted", v.get("status").asText());
    assertTrue(v.get("digital_source_type").asText().endsWith("/trainedAlgorithmicMedia"));
    assertTrue(v.get("assertions").toString().contains("dev.verisim.watermark"));

    // The watermark, read back by the watermark command.
    Run marked = run("watermark", "detect", "--json", face.toString());
    JsonNode m = JSON.readTree(marked.out());
    assertTrue(m.get("present").asBoolean(), marked.out());
    assertEquals(payload, m.get("payload").asText());

    // Re-encoded as JPEG q50 (ImageIO's quality 0.5 is libjpeg's q50): the manifest is gone...
    Path q50 = dir.resolve("reposted.jpg");
    Files.write(q50, jpeg(ImageIO.read(face.toFile()), 0.5f));
    Run gone = run("credentials", "verify", "--json", q50.toString());
    assertEquals("absent", JSON.readTree(gone.out()).get("status").asText());
    // ...and detect still says fake, on the watermark, and says the credentials were stripped.
    Run detected = run("detect", "--json", "--no-progress", q50.toString());
    JsonNode d = JSON.readTree(detected.out());
    assertEquals("fake", d.get("verdict").asText(), detected.out());
    assertEquals("absent", d.at("/provenance/c2pa").asText());
    assertEquals(payload, d.at("/provenance/watermark").asText());
    assertTrue(d.at("/provenance/explanation").asText().contains("stripped"));

    // The independent validator, when installed (CI installs it; see C2paInteropTest).
    if (Files.isDirectory(NODE_DIR.resolve("node_modules/@contentauth/c2pa-node"))) {
      JsonNode c2paNode = node(face);
      assertEquals("Valid", c2paNode.get("validation_state").asText(), c2paNode.toString());
      assertEquals("[\"signingCredential.untrusted\"]", c2paNode.get("failure").toString());
    } else {
      assertFalse("true".equals(System.getenv("CI")), "CI=true but c2pa-node is not installed");
    }
  }

  private static JsonNode node(Path file) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of("node", NODE_DIR.resolve("verify.mjs").toString(), file.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return JSON.readTree(new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void consentIsCheckedFirstAndCarriedInTheCredentials() throws Exception {
    Path keys = dir.resolve("keys");
    DevChain.generate(Instant.now(), Duration.ofDays(30), "Ada Example").writeTo(keys);
    String key = keys.resolve(DevChain.KEY_FILE).toString();
    String chain = keys.resolve(DevChain.CHAIN_FILE).toString();
    Path good = dir.resolve("ada.jws");
    Path expired = dir.resolve("ada-2020.jws");
    Path notForGeneration = dir.resolve("ada-training.jws");
    assertEquals(
        ExitCodes.OK, consent(good, "generation,publication", null, "2099-01-01", key, chain));
    assertEquals(
        ExitCodes.OK, consent(expired, "generation", "2020-01-01", "2020-12-31", key, chain));
    assertEquals(
        ExitCodes.OK, consent(notForGeneration, "training", null, "2099-01-01", key, chain));

    Path refused = dir.resolve("refused");
    Run r1 =
        run(
            "gan",
            "sample",
            "--count",
            "1",
            "--out",
            refused.toString(),
            "--consent",
            expired.toString());
    assertEquals(ExitCodes.USAGE, r1.code());
    assertTrue(r1.err().contains("expired"), r1.err());
    Run r2 =
        run(
            "gan",
            "sample",
            "--count",
            "1",
            "--out",
            refused.toString(),
            "--consent",
            notForGeneration.toString());
    assertEquals(ExitCodes.USAGE, r2.code());
    assertTrue(r2.err().contains("does not grant 'generation'"), r2.err());
    assertFalse(Files.exists(refused), "nothing generated when consent is refused");

    // A trusted consent signer required, and given.
    Path out = dir.resolve("ada");
    Run ok =
        run(
            "gan",
            "sample",
            "--count",
            "1",
            "--out",
            out.toString(),
            "--consent",
            good.toString(),
            "--consent-anchors",
            keys.resolve(DevChain.ROOT_FILE).toString(),
            "--key",
            key,
            "--chain",
            chain);
    assertEquals(ExitCodes.OK, ok.code(), ok.err());
    JsonNode record = JSON.readTree(out.resolve("samples.json").toFile());
    assertEquals("valid", record.at("/consent/status").asText());
    Path face = out.resolve(record.at("/files/0").asText());
    Run verified =
        run(
            "credentials",
            "verify",
            "--json",
            "--trust-anchors",
            keys.resolve(DevChain.ROOT_FILE).toString(),
            face.toString());
    JsonNode v = JSON.readTree(verified.out());
    assertEquals("valid", v.get("status").asText(), verified.out());
    assertEquals("valid", v.at("/consent/status").asText());
    assertEquals("Ada Example", v.at("/consent/record/subject").asText());
    Run shown = run("credentials", "show", face.toString());
    assertTrue(
        shown
            .out()
            .contains(
                "consent:         valid-untrusted: Ada Example consents to generation, publication"),
        shown.out());
  }

  private int consent(
      Path out, String uses, String from, String expires, String key, String chain) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "consent",
                "create",
                "--subject",
                "Ada Example",
                "--uses",
                uses,
                "--expires",
                expires,
                "--key",
                key,
                "--chain",
                chain,
                "--out",
                out.toString()));
    if (from != null) {
      args.add("--valid-from");
      args.add(from);
    }
    Run r = run(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    return r.code();
  }
}
