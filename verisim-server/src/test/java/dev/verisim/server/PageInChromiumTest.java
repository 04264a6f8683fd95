package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verisim.detect.ForensicDetector;
import dev.verisim.testkit.ImageFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): upload an image, read the verdict and its evidence from the page; play
 * a round of the quiz. Skipped where the browser is missing, except under {@code CI=true}.
 */
class PageInChromiumTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File DRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path dir;
  private VerisimServer server;
  private ChromeDriver browser;
  private String key;

  @BeforeAll
  static void requireBrowser() {
    boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(
          "CI=true but chromium or chromedriver is missing: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
  }

  @BeforeEach
  void start() throws Exception {
    try (ServerData data = ServerData.open(dir.resolve("data"))) {
      key = data.keys().create("page").secret();
    }
    SpotTheFake quiz =
        new SpotTheFake(
            FolderFaces.of(SpotTheFakeApiTest.faces(dir.resolve("real"), 2, 0)),
            FolderFaces.of(SpotTheFakeApiTest.faces(dir.resolve("fake"), 2, 3)),
            ForensicDetector.createBaseline());
    server =
        VerisimServer.builder()
            .setDataDir(dir.resolve("data"))
            .optPort(0)
            .optDetector(
                dev.verisim.detect.MediaRouter.builder()
                    .setImage(ForensicDetector.createBaseline())
                    .optAudio(dev.verisim.detect.audio.AudioDetector.loadDefault())
                    .build())
            .optQuiz(quiz)
            .optAnonymousPerMinute(5)
            .build()
            .start();
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    server.close();
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(60));
  }

  /** Opens the page, types the key as a user would, and chooses the file. */
  private void uploadWithKey(Path file) {
    browser.get(server.url() + "/");
    WebElement keyField = browser.findElement(By.id("key"));
    keyField.sendKeys(key);
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].dispatchEvent(new Event('change'));"
                + "document.getElementById('file').hidden = false;",
            keyField);
    browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
  }

  @Test
  void anUploadedImageGetsItsVerdictAndEvidenceOnThePage() throws Exception {
    Path photo = dir.resolve("photo.jpg");
    Files.write(photo, ImageFiles.jpeg(ImageFiles.pattern(200, 150, 5), 0.9f));
    uploadWithKey(photo);

    waiting().until(b -> !b.findElement(By.id("verdict")).getText().isEmpty());
    String verdict = browser.findElement(By.id("verdict")).getText().toLowerCase(Locale.ROOT);
    assertTrue(Set.of("real", "fake", "uncertain").contains(verdict), verdict);
    assertTrue(browser.findElement(By.id("pfake")).getText().startsWith("p_fake 0."));
    List<WebElement> cues = browser.findElements(By.cssSelector("#cues li"));
    assertEquals(4, cues.size(), "spectrum, jpeg, noise and metadata, each explained");
    assertTrue(cues.get(0).getText().startsWith("spectrum: "), cues.get(0).getText());
    assertTrue(
        browser
            .findElement(By.id("provenance"))
            .getText()
            .contains("Content Credentials (C2PA): absent"));
    assertEquals(
        "events",
        browser.findElement(By.id("status")).getDomAttribute("data-via"),
        "the verdict arrived as a server-sent event");
    // The noise cue's heatmap is drawn over the image.
    waiting()
        .until(
            b ->
                (Boolean)
                    ((JavascriptExecutor) b)
                        .executeScript(
                            "const c = document.getElementById('heatmap');"
                                + " return !c.hidden && c.width > 1;"));
  }

  @Test
  void withoutAKeyThePageWorksWhereTheOperatorAllowsIt() throws Exception {
    Path photo = dir.resolve("anonymous.png");
    Files.write(photo, ImageFiles.encode(ImageFiles.pattern(120, 90, 9), "png"));
    browser.get(server.url() + "/");
    waiting()
        .until(
            b ->
                "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-anonymous")));
    assertTrue(
        browser.findElement(By.id("key")).getDomAttribute("placeholder").contains("optional"));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('file').hidden = false;");
    browser.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
    waiting().until(b -> !b.findElement(By.id("verdict")).getText().isEmpty());
    String verdict = browser.findElement(By.id("verdict")).getText().toLowerCase(Locale.ROOT);
    assertTrue(Set.of("real", "fake", "uncertain").contains(verdict), verdict);
    assertEquals("events", browser.findElement(By.id("status")).getDomAttribute("data-via"));
  }

  @Test
  void aVoiceRecordingGetsItsVerdictAndSegments() throws Exception {
    Path voice = dir.resolve("voice.wav");
    Files.write(voice, MediaUploadsTest.wav());
    uploadWithKey(voice);
    waiting().until(b -> !b.findElement(By.id("verdict")).getText().isEmpty());
    String verdict = browser.findElement(By.id("verdict")).getText().toLowerCase(Locale.ROOT);
    assertTrue(Set.of("real", "fake", "uncertain").contains(verdict), verdict);
    List<String> cues =
        browser.findElements(By.cssSelector("#cues li")).stream().map(WebElement::getText).toList();
    assertTrue(cues.stream().anyMatch(c -> c.startsWith("cnn: ")), cues.toString());
    assertTrue(cues.stream().anyMatch(c -> c.startsWith("gmm: ")), cues.toString());
    assertTrue(browser.findElement(By.id("preview")).getDomProperty("hidden").equals("true"));
    assertTrue(browser.findElement(By.id("preview-audio")).isDisplayed(), "an audio player");
    List<WebElement> segments = browser.findElements(By.cssSelector("#timeline-items li"));
    assertEquals(1, segments.size(), "3 s of sound is one segment");
    assertTrue(
        segments.get(0).getText().startsWith("0.0-3.0 s: p_fake 0."), segments.get(0).getText());
  }

  @Test
  void aQuizRoundScoresAndNamesTheFake() {
    browser.get(server.url() + "/");
    waiting()
        .until(
            b ->
                (Boolean)
                    ((JavascriptExecutor) b)
                        .executeScript(
                            "const i = document.querySelector('#left img');"
                                + " return i.complete && i.naturalWidth === 64;"));
    browser.findElement(By.id("left")).click();
    waiting().until(b -> b.findElement(By.id("feedback")).getText().contains("face is the fake"));
    assertEquals("1", browser.findElement(By.id("rounds")).getText());
    String score = browser.findElement(By.id("score")).getText();
    assertTrue(score.equals("0") || score.equals("1"), score);
    assertTrue(browser.findElements(By.cssSelector("#quiz-cues li")).size() >= 4);
  }
}
