package dev.verisim.cli;

import static dev.verisim.cli.GanFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.cli.GanFixtures.Run;
import org.junit.jupiter.api.Test;

/** What examples/README.md says of the two committed GAN faces. */
class ExampleGanFacesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode detect(String file) throws Exception {
    Run r = run("detect", "--json", "--no-progress", "../examples/" + file);
    assertEquals(ExitCodes.OK, r.code(), r.err());
    return JSON.readTree(r.out());
  }

  @Test
  void theSignedFaceIsFakeOnItsCredentialsAndWatermark() throws Exception {
    JsonNode v = detect("gan-face.png");
    assertEquals("fake", v.get("verdict").asText());
    assertEquals("valid-untrusted", v.at("/provenance/c2pa").asText());
    assertEquals(8, v.at("/provenance/watermark").asText().length());
    Run trusted =
        run(
            "credentials",
            "verify",
            "--trust-anchors",
            "../examples/gan-face-root.pem",
            "../examples/gan-face.png");
    assertEquals(ExitCodes.OK, trusted.code(), trusted.out() + trusted.err());
    assertTrue(trusted.out().startsWith("valid "), trusted.out());
  }

  @Test
  void theRepostIsFakeOnTheWatermarkAlone() throws Exception {
    JsonNode v = detect("gan-face-reposted.jpg");
    assertEquals("fake", v.get("verdict").asText());
    assertEquals("absent", v.at("/provenance/c2pa").asText());
    assertEquals(
        detect("gan-face.png").at("/provenance/watermark").asText(),
        v.at("/provenance/watermark").asText());
  }
}
