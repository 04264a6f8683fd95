package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.testkit.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim credentials} end to end through picocli's execute(). */
class CredentialsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private StringWriter out;
  private StringWriter err;
  private Path dev;
  private Path image;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @BeforeEach
  void chainAndImage() throws IOException {
    dev = dir.resolve("dev");
    assertEquals(
        ExitCodes.OK, run("credentials", "dev-chain", "--out", dev.toString()), err.toString());
    assertTrue(err.toString().contains("development only"), err.toString());
    image = dir.resolve("a.jpg");
    Files.write(
        image,
        LabelledImageWriter.jpeg(ImageFiles.pattern(96, 64, 3), AiLabel.generated("test"), 0.9f));
  }

  private Path sign(String name) {
    Path signed = dir.resolve(name);
    assertEquals(
        ExitCodes.OK,
        run(
            "credentials",
            "sign",
            image.toString(),
            "--out",
            signed.toString(),
            "--key",
            dev.resolve("signer.key").toString(),
            "--chain",
            dev.resolve("chain.pem").toString(),
            "--title",
            "cli test"),
        err.toString());
    return signed;
  }

  @Test
  void devChainWritesAnOwnerOnlyKeyAndRefusesToOverwriteIt() throws IOException {
    assertTrue(Files.exists(dev.resolve("root.pem")) && Files.exists(dev.resolve("chain.pem")));
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(dev.resolve("signer.key")));
    assertEquals(ExitCodes.INPUT_ERRORS, run("credentials", "dev-chain", "--out", dev.toString()));
    assertTrue(err.toString().contains("exists"), err.toString());
  }

  @Test
  void aSignedFileVerifiesUntrustedWithoutAnchorsAndValidWithTheRoot() throws IOException {
    Path signed = sign("s.jpg");
    assertTrue(out.toString().contains("trainedAlgorithmicMedia"), out.toString());

    assertEquals(ExitCodes.OK, run("credentials", "verify", "--json", signed.toString()));
    JsonNode v = lines().get(0);
    assertEquals(signed.toString(), v.get("path").asText());
    assertEquals("valid-untrusted", v.get("status").asText(), v.toString());
    assertEquals("signingCredential.untrusted", v.get("reasons").get(0).get("code").asText());
    assertEquals(
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        v.get("digital_source_type").asText());
    assertTrue(v.get("signer").get("subject").asText().contains("verisim development signer"));
    assertEquals("cli test", v.get("title").asText());
    assertTrue(v.get("error").isNull());

    assertEquals(
        ExitCodes.OK,
        run(
            "credentials",
            "verify",
            "--json",
            "--trust-anchors",
            dev.resolve("root.pem").toString(),
            signed.toString()));
    JsonNode trusted = lines().get(0);
    assertEquals("valid", trusted.get("status").asText(), trusted.toString());
    assertEquals(0, trusted.get("reasons").size());
  }

  @Test
  void verifyReportsEveryFileInOrderAndExitsOneWhenAnyIsNotValid() throws IOException {
    Path signed = sign("s.jpg");
    byte[] bytes = Files.readAllBytes(signed);
    bytes[bytes.length - 10] ^= 1; // entropy-coded data: a pixel change
    Path tampered = dir.resolve("t.jpg");
    Files.write(tampered, bytes);
    Path missing = dir.resolve("missing.jpg");
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run(
            "credentials",
            "verify",
            "--json",
            signed.toString(),
            image.toString(),
            tampered.toString(),
            missing.toString()));
    List<JsonNode> r = lines();
    assertEquals(4, r.size(), out.toString());
    assertEquals("valid-untrusted", r.get(0).get("status").asText());
    assertEquals("absent", r.get(1).get("status").asText());
    assertEquals("invalid", r.get(2).get("status").asText());
    List<String> codes = new ArrayList<>();
    r.get(2).get("reasons").forEach(n -> codes.add(n.get("code").asText()));
    assertEquals(List.of("signingCredential.untrusted", "assertion.dataHash.mismatch"), codes);
    assertEquals("error", r.get(3).get("status").asText());
    assertEquals("not-found", r.get(3).get("error").get("code").asText());

    assertEquals(ExitCodes.INPUT_ERRORS, run("credentials", "verify", tampered.toString()));
    assertTrue(out.toString().startsWith("invalid"), out.toString());
    assertTrue(out.toString().contains("assertion.dataHash.mismatch"), out.toString());
  }

  @Test
  void showPrintsTheManifestSummary() throws IOException {
    Path signed = sign("s.jpg");
    assertEquals(ExitCodes.OK, run("credentials", "show", signed.toString()));
    String text = out.toString();
    for (String expected :
        List.of(
            "valid-untrusted",
            "c2pa.created",
            "trainedAlgorithmicMedia",
            "cli test",
            "verisim development signer",
            "c2pa.hash.data")) {
      assertTrue(text.contains(expected), expected + " in " + text);
    }
    assertEquals(ExitCodes.OK, run("credentials", "show", "--json", signed.toString()));
    JsonNode j = JSON.readTree(out.toString());
    assertEquals("c2pa.created", j.get("actions").get(0).get("action").asText());
    assertEquals(ExitCodes.INPUT_ERRORS, run("credentials", "show", image.toString()));
    assertTrue(out.toString().contains("absent"), out.toString());
  }

  @Test
  void usageErrorsExitTwoAndAlreadySignedInputsExitOne() throws IOException {
    String key = dev.resolve("signer.key").toString();
    String chain = dev.resolve("chain.pem").toString();
    String o = dir.resolve("o.jpg").toString();
    assertEquals(ExitCodes.USAGE, run("credentials"));
    assertEquals(
        ExitCodes.USAGE,
        run("credentials", "sign", image.toString(), "--out", o, "--chain", chain));
    assertEquals(
        ExitCodes.USAGE,
        run(
            "credentials",
            "sign",
            image.toString(),
            "--out",
            o,
            "--key",
            key,
            "--chain",
            chain,
            "--source-type",
            "madeUp"));
    assertTrue(err.toString().contains("madeUp"), err.toString());
    Path notPem = dir.resolve("anchors.pem");
    Files.writeString(notPem, "nothing");
    assertEquals(
        ExitCodes.USAGE,
        run("credentials", "verify", "--trust-anchors", notPem.toString(), image.toString()));
    Path signed = sign("s.jpg");
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run("credentials", "sign", signed.toString(), "--out", o, "--key", key, "--chain", chain));
    assertTrue(err.toString().contains("already carries"), err.toString());
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run("credentials", "sign", image.toString(), "--out", o, "--key", chain, "--chain", chain));
  }
}
