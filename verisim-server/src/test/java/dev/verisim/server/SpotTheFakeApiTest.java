package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verisim.core.label.LabelReader;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.provenance.watermark.Watermarker;
import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quiz over HTTP: a pair, its two faces, one labelled generated; an answer names the fake. */
class SpotTheFakeApiTest {
  @TempDir Path dir;
  private VerisimServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Writes n drawn portraits as JPEG "photos" (tests have no real photos). */
  static Path faces(Path folder, int n, int seed) throws Exception {
    Files.createDirectories(folder);
    for (int i = 0; i < n; i++) {
      BufferedImage face = SyntheticFaces.portrait(160, 160, 90 + 5 * ((seed + i) % 6));
      Files.write(folder.resolve("face-" + i + ".jpg"), ImageFiles.jpeg(face, 0.9f));
    }
    return folder;
  }

  @BeforeEach
  void start() throws Exception {
    SpotTheFake quiz =
        new SpotTheFake(
            FolderFaces.of(faces(dir.resolve("real"), 3, 0)),
            FolderFaces.of(faces(dir.resolve("fake"), 3, 3)),
            ForensicDetector.createBaseline());
    server =
        VerisimServer.builder()
            .setDataDir(dir.resolve("data"))
            .optPort(0)
            .optDetector(ForensicDetector.createBaseline())
            .optQuiz(quiz)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> answer(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/quiz/answer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPairHasOneLabelledFakeAndTheAnswerNamesIt() throws Exception {
    HttpResponse<byte[]> p = get("/api/v1/quiz/pair");
    assertEquals(200, p.statusCode(), new String(p.body(), StandardCharsets.UTF_8));
    JsonNode pair = Api.MAPPER.readTree(p.body());
    String id = pair.get("id").asText();
    int labelled = 0;
    String labelledSide = null;
    for (String side : new String[] {"left", "right"}) {
      HttpResponse<byte[]> img = get(pair.get(side).asText());
      assertEquals(200, img.statusCode());
      assertEquals("image/png", img.headers().firstValue("Content-Type").orElse(""));
      BufferedImage face = ImageIO.read(new ByteArrayInputStream(img.body()));
      assertEquals(SpotTheFake.SIZE, face.getWidth());
      Path f = Files.write(dir.resolve(side + ".png"), img.body());
      if (LabelReader.read(f).isPresent()) {
        labelled++;
        labelledSide = side;
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(face, 0, 0, null);
        assertTrue(Watermarker.withDefaultKey().detect(rgb).present(), "the fake is watermarked");
      }
    }
    assertEquals(1, labelled, "exactly the generated face is labelled");

    HttpResponse<String> a = answer("{\"id\":\"" + id + "\",\"choice\":\"" + labelledSide + "\"}");
    assertEquals(200, a.statusCode(), a.body());
    JsonNode answer = Api.MAPPER.readTree(a.body());
    assertTrue(answer.get("correct").asBoolean());
    assertEquals(labelledSide, answer.get("fake").asText());
    assertTrue(answer.get("cues").size() >= 4, "the models' cues explain the fake");
    assertTrue(answer.at("/cues/0/explanation").asText().length() > 10);

    HttpResponse<String> again = answer("{\"id\":\"" + id + "\",\"choice\":\"left\"}");
    assertEquals(404, again.statusCode(), "a pair is answered once");
    assertTrue(
        again.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE));
  }

  @Test
  void badRequestsAreProblems() throws Exception {
    assertEquals(400, answer("not json").statusCode());
    assertEquals(400, answer("{\"id\":\"x\",\"choice\":\"middle\"}").statusCode());
    assertEquals(404, answer("{\"id\":\"../../etc\",\"choice\":\"left\"}").statusCode());
    assertEquals(
        404, get("/api/v1/quiz/images/00000000-0000-0000-0000-000000000000/left").statusCode());
    assertEquals(404, get("/api/v1/quiz/images/x/top").statusCode());
  }

  @Test
  void thePageIsServedAtTheRoot() throws Exception {
    HttpResponse<byte[]> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("Spot the fake"));
    assertEquals(200, get("/app.js").statusCode());
  }
}
