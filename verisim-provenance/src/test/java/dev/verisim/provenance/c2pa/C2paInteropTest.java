package dev.verisim.provenance.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.provenance.c2pa.CredentialsReport.Status;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with the reference implementation, proven both ways: c2pa-node 0.5.5 (c2pa-rs
 * 0.82 natively) and c2pa-wasm 0.15 read verisim's files, and verisim reads c2pa-node's. Needs
 * {@code npm ci --ignore-scripts --prefix src/test/node}; skipped without it, except when {@code
 * CI=true}, where a missing install fails.
 */
class C2paInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

  @TempDir Path dir;

  private DevChain chain;

  @BeforeAll
  static void requireNode() {
    boolean installed =
        Files.isDirectory(NODE_DIR.resolve("node_modules/@contentauth/c2pa-node"))
            && Files.isDirectory(NODE_DIR.resolve("node_modules/@contentauth/c2pa-wasm"));
    boolean nodeRuns = installed && runs("node", "--version");
    String why =
        !installed
            ? "c2pa-node is not installed: npm ci --ignore-scripts --prefix " + NODE_DIR
            : "node is not on the PATH";
    if ("true".equals(System.getenv("CI"))) {
      if (!installed || !nodeRuns) {
        fail("CI=true but the interop validators are unavailable: " + why);
      }
    }
    Assumptions.assumeTrue(installed && nodeRuns, why);
  }

  @BeforeEach
  void writeChain() throws IOException {
    // c2pa-node checks validity against the real clock, so the chain is made for now.
    chain = DevChain.generate(Instant.now(), Duration.ofDays(2));
    chain.writeTo(dir.resolve("dev"));
  }

  private static byte[] asset(String format) {
    return format.equals("png") ? TestAssets.labelledPng() : TestAssets.labelledJpeg();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private byte[] verisimSigned(String format, ManifestSpec spec) throws Exception {
    return ContentCredentials.sign(asset(format), spec, chain.identity(), Instant.now());
  }

  // ---- verisim -> c2pa-node / c2pa-wasm ----

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void c2paNodeAcceptsVerisimFilesWithOnlyTheUntrustedSignerFailure(String format)
      throws Exception {
    Path file = write("v." + format, verisimSigned(format, TestAssets.spec("interop")));
    JsonNode r = node("verify.mjs", file.toString());
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), codes(r, "failure"), r.toString());
    assertEquals("Valid", r.get("validation_state").asText(), r.toString());
    assertTrue(codes(r, "success").contains(Codes.ASSERTION_DATA_HASH_MATCH), r.toString());
    assertTrue(codes(r, "success").contains(Codes.CLAIM_SIGNATURE_VALIDATED), r.toString());
    assertEquals("verisim", r.get("claim_generator").asText());
    assertEquals("interop", r.get("title").asText());
    assertTrue(codes(r, "assertions").contains("dev.verisim.consent"), r.toString());

    JsonNode anchored =
        node(
            "verify.mjs",
            file.toString(),
            "--trust-anchors",
            dir.resolve("dev/root.pem").toString());
    assertEquals("Trusted", anchored.get("validation_state").asText(), anchored.toString());
    assertEquals(List.of(), codes(anchored, "failure"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void c2paWasmAcceptsVerisimFiles(String format) throws Exception {
    Path file = write("w." + format, verisimSigned(format, TestAssets.spec("wasm")));
    JsonNode r = node("verify.mjs", file.toString(), "--wasm");
    assertEquals("c2pa-wasm", r.get("tool").asText());
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), codes(r, "failure"), r.toString());
    assertEquals("Valid", r.get("validation_state").asText(), r.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void c2paNodeRejectsATamperedVerisimFile(String format) throws Exception {
    byte[] signed = verisimSigned(format, TestAssets.spec("tamper"));
    Path file = write("t." + format, TestAssets.flip(signed, TestAssets.pixelOffset(signed)));
    JsonNode r = node("verify.mjs", file.toString());
    assertEquals("Invalid", r.get("validation_state").asText(), r.toString());
    assertTrue(codes(r, "failure").contains(Codes.ASSERTION_DATA_HASH_MISMATCH), r.toString());
  }

  @Test
  void c2paNodeReadsAJpegWhoseManifestSpansManyApp11Segments() throws Exception {
    ManifestSpec big =
        ManifestSpec.builder()
            .setSoftwareAgent("verisim test")
            .optAssertion("dev.verisim.bulk", Map.of("data", new byte[200_000]))
            .build();
    byte[] signed = verisimSigned("jpeg", big);
    Path file = write("big.jpg", signed);
    JsonNode r = node("verify.mjs", file.toString());
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), codes(r, "failure"), r.toString());
    assertEquals("Valid", r.get("validation_state").asText(), r.toString());
    JsonNode wasm = node("verify.mjs", file.toString(), "--wasm");
    assertEquals(
        List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), codes(wasm, "failure"), wasm.toString());
  }

  @ParameterizedTest
  @CsvSource({
    "jpeg, pixel", "jpeg, assertion", "jpeg, consent", "jpeg, claim", "jpeg, signature",
    "png, pixel", "png, assertion", "png, consent", "png, claim", "png, signature"
  })
  void c2paNodeAndVerisimNameTheSameFailureForEachTamperKind(String format, String kind)
      throws Exception {
    byte[] s = verisimSigned(format, TestAssets.spec("unique-title-4711"));
    int at =
        switch (kind) {
          case "pixel" -> TestAssets.pixelOffset(s);
          case "assertion" -> TestAssets.indexInStore(s, "trainedAlgorithmicMedia");
          case "consent" -> TestAssets.indexInStore(s, "test subject");
          case "claim" -> TestAssets.indexInStore(s, "unique-title-4711");
          default -> TestAssets.lastStoreByte(s);
        };
    byte[] tampered = TestAssets.flip(s, at);
    JsonNode theirs = node("verify.mjs", write("tampered." + format, tampered).toString());
    CredentialsReport ours =
        ContentCredentials.verify(tampered, TrustAnchors.none(), Instant.now());
    assertEquals("Invalid", theirs.get("validation_state").asText(), theirs.toString());
    assertEquals(Status.INVALID, ours.status());
    assertEquals(
        withoutUntrusted(codes(theirs, "failure")),
        withoutUntrusted(ours.reasonCodes()),
        kind + " in " + format + ": c2pa-node " + theirs + " verisim " + ours);
  }

  @Test
  void c2paNodeAndVerisimBothCallAnExpiredSignerExpired() throws Exception {
    Instant longAgo = Instant.now().minus(Duration.ofDays(400));
    DevChain old = DevChain.generate(longAgo, Duration.ofDays(30));
    byte[] signed =
        ContentCredentials.sign(
            TestAssets.labelledPng(),
            TestAssets.spec("old"),
            old.identity(),
            longAgo.plus(Duration.ofDays(1)));
    JsonNode theirs = node("verify.mjs", write("expired.png", signed).toString());
    CredentialsReport ours = ContentCredentials.verify(signed, TrustAnchors.none(), Instant.now());
    assertEquals(
        List.of(Codes.SIGNING_CREDENTIAL_EXPIRED), withoutUntrusted(codes(theirs, "failure")));
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_EXPIRED), withoutUntrusted(ours.reasonCodes()));
  }

  private static List<String> withoutUntrusted(List<String> codes) {
    return codes.stream().filter(c -> !c.equals(Codes.SIGNING_CREDENTIAL_UNTRUSTED)).toList();
  }

  @Test
  void c2paNodeAndVerisimBothRejectASignerOutsideTheCertificateProfile() throws Exception {
    byte[] signed =
        ContentCredentials.sign(
            TestAssets.labelledPng(),
            TestAssets.spec("bad"),
            BadCertificates.selfSignedCa(Instant.now()),
            Instant.now());
    JsonNode r = node("verify.mjs", write("bad.png", signed).toString());
    assertEquals("Invalid", r.get("validation_state").asText(), r.toString());
    assertTrue(codes(r, "failure").contains(Codes.SIGNING_CREDENTIAL_INVALID), r.toString());
    CredentialsReport ours = ContentCredentials.verify(signed, TrustAnchors.none(), Instant.now());
    assertEquals(Status.INVALID, ours.status());
    assertTrue(ours.reasonCodes().contains(Codes.SIGNING_CREDENTIAL_INVALID));
  }

  // ---- c2pa-node -> verisim ----

  private byte[] c2paNodeSigned(String format) throws Exception {
    return c2paNodeSigned(format, 2);
  }

  private byte[] c2paNodeSigned(String format, int claimVersion) throws Exception {
    Path in = write("in." + format, asset(format));
    Path out = dir.resolve("c2pa-node." + format);
    JsonNode r =
        node(
            "sign.mjs",
            in.toString(),
            out.toString(),
            dir.resolve("dev/chain.pem").toString(),
            dir.resolve("dev/signer.key").toString(),
            "--title",
            "signed by c2pa-node",
            "--claim-version",
            String.valueOf(claimVersion));
    assertTrue(r.has("signed"), r.toString());
    return Files.readAllBytes(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void verisimAcceptsC2paNodeFiles(String format) throws Exception {
    byte[] theirs = c2paNodeSigned(format);
    CredentialsReport r = ContentCredentials.verify(theirs, TrustAnchors.none(), Instant.now());
    assertEquals(Status.VALID_UNTRUSTED, r.status(), r.toString());
    assertEquals(List.of(Codes.SIGNING_CREDENTIAL_UNTRUSTED), r.reasonCodes());
    assertEquals(
        Status.VALID, ContentCredentials.verify(theirs, chain.anchors(), Instant.now()).status());
    ManifestSummary s = r.summary().orElseThrow();
    assertEquals("c2pa-node-interop", s.claimGenerator());
    assertEquals("signed by c2pa-node", s.title());
    assertEquals("c2pa.created", s.actions().get(0).action());
    assertEquals(
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, s.actions().get(0).digitalSourceType());
    assertTrue(s.assertionLabels().contains("c2pa.hash.data"), s.assertionLabels().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void verisimReadsAClaimV1WrittenByC2paNode(String format) throws Exception {
    byte[] theirs = c2paNodeSigned(format, 1);
    CredentialsReport r = ContentCredentials.verify(theirs, chain.anchors(), Instant.now());
    assertEquals(Status.VALID, r.status(), r.toString());
    ManifestSummary s = r.summary().orElseThrow();
    assertEquals(1, s.claimVersion());
    assertEquals("signed by c2pa-node", s.title());
    assertEquals(
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, s.actions().get(0).digitalSourceType());
    byte[] tampered = TestAssets.flip(theirs, TestAssets.pixelOffset(theirs));
    assertEquals(
        List.of(Codes.ASSERTION_DATA_HASH_MISMATCH),
        ContentCredentials.verify(tampered, chain.anchors(), Instant.now()).reasonCodes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "png"})
  void verisimRejectsATamperedC2paNodeFile(String format) throws Exception {
    byte[] theirs = c2paNodeSigned(format);
    byte[] tampered = TestAssets.flip(theirs, TestAssets.pixelOffset(theirs));
    CredentialsReport r = ContentCredentials.verify(tampered, chain.anchors(), Instant.now());
    assertEquals(Status.INVALID, r.status(), r.toString());
    assertEquals(List.of(Codes.ASSERTION_DATA_HASH_MISMATCH), r.reasonCodes());
  }

  // ---- helpers ----

  private static List<String> codes(JsonNode r, String field) {
    List<String> out = new ArrayList<>();
    r.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode node(String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", NODE_DIR.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(script + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8).strip();
    String last = text.substring(text.lastIndexOf('\n') + 1);
    if (last.isEmpty()) {
      fail(script + " printed nothing (exit " + p.exitValue() + "): " + err);
    }
    JsonNode json = JSON.readTree(last);
    if (json.has("error")) {
      fail(script + " failed: " + json.get("error").asText() + " " + err);
    }
    return json;
  }

  private static boolean runs(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
