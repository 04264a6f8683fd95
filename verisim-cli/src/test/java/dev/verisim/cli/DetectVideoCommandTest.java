package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verisim.testkit.SyntheticFaces;
import dev.verisim.testkit.SyntheticVideos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim detect} on a folder mixing images and video: one verdict each, in order. */
class DetectVideoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path mixedFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("mixed"));
    ImageIO.write(
        SyntheticFaces.portrait(240, 240, 110), "png", folder.resolve("a-face.png").toFile());
    SyntheticVideos.write(
        folder.resolve("b-clip.mp4"), SyntheticVideos.Kind.MP4, SyntheticVideos.Spec.small(20));
    // A video under a name that says nothing: found by its bytes.
    SyntheticVideos.write(
        folder.resolve("c-clip.bin"), SyntheticVideos.Kind.WEBM, SyntheticVideos.Spec.small(10));
    Files.writeString(folder.resolve("d-notes.txt"), "not media", StandardCharsets.UTF_8);
    return folder;
  }

  @Test
  void jsonHasOneLinePerInputInOrderWithItsMedia() throws IOException {
    Path folder = mixedFolder();
    assertEquals(
        ExitCodes.OK, run("detect", "--json", "--no-progress", folder.toString()), err.toString());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    assertEquals(3, lines.size(), out.toString());
    assertEquals(folder + "/a-face.png", lines.get(0).get("path").asText());
    assertEquals("image", lines.get(0).get("media").asText());
    assertEquals(folder + "/b-clip.mp4", lines.get(1).get("path").asText());
    assertEquals("video", lines.get(1).get("media").asText());
    assertEquals("video", lines.get(2).get("media").asText());
    JsonNode video = lines.get(1);
    assertTrue(video.get("error").isNull(), video.toString());
    assertEquals(2, video.get("timeline").size(), video.toString());
    assertEquals(4, video.get("frames_sampled").asInt());
    assertTrue(lines.get(0).get("timeline") == null, "images have no timeline");
  }

  @Test
  void tableAndReportShowTheVideoWithItsTimeline() throws IOException {
    Path folder = mixedFolder();
    Path report = dir.resolve("report.html");
    assertEquals(
        ExitCodes.OK,
        run(
            "detect",
            "--no-progress",
            "--fps",
            "1",
            "--report",
            report.toString(),
            folder.toString()),
        err.toString());
    String table = out.toString();
    assertTrue(table.contains(folder + "/b-clip.mp4"), table);
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(html.contains("<svg class=\"timeline\""), "timeline plot");
    assertTrue(html.contains("<polyline"), "timeline line");
    assertTrue(html.contains("the most suspicious sampled frame"), "video thumbnail");
  }

  @Test
  void aTooLongVideoIsRefusedByTheLimitAndExitsOne() throws IOException {
    Path clip =
        SyntheticVideos.write(
            dir.resolve("long.mkv"), SyntheticVideos.Kind.MKV, SyntheticVideos.Spec.small(30));
    assertEquals(
        ExitCodes.INPUT_ERRORS,
        run("detect", "--json", "--no-progress", "--max-duration", "1", clip.toString()));
    JsonNode v = JSON.readTree(out.toString().trim());
    assertEquals("error", v.get("verdict").asText());
    assertEquals("too-long", v.get("error").get("code").asText());
    assertTrue(v.get("error").get("message").asText().startsWith(clip + ": "));
  }

  @Test
  void badVideoOptionsAreUsageErrors() {
    assertEquals(ExitCodes.USAGE, run("detect", "--max-frame-size", "big", "x.mp4"));
    assertEquals(ExitCodes.USAGE, run("detect", "--fps", "0", "x.mp4"));
  }
}
