package dev.verisim.cli;

import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.MediaRouter;
import dev.verisim.detect.audio.AudioDetector;
import dev.verisim.detect.video.VideoDetector;
import dev.verisim.gan.Generator;
import dev.verisim.server.ApiKeys;
import dev.verisim.server.FaceSource;
import dev.verisim.server.FolderFaces;
import dev.verisim.server.SpotTheFake;
import dev.verisim.server.VerisimServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code verisim serve}: the HTTP API until the process is stopped (Ctrl-C or SIGTERM stop it
 * cleanly; even a {@code kill -9} loses no accepted analysis, which runs after the next start).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the HTTP API: POST an image to /api/v1/analyses (multipart field 'file', with"
          + " 'Authorization: Bearer KEY' from 'verisim keys create'), then GET the analysis or"
          + " follow its events. The API is described at /api/v1/openapi.json.",
      "Prints the URL on stdout once listening; runs until stopped with Ctrl-C.",
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingMixin logging;

  @Mixin DataDirOption dataDir;

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks one).")
  int port = 8080;

  @Option(
      names = "--host",
      description =
          "Interface to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
  String host = "127.0.0.1";

  @Option(
      names = "--max-upload-bytes",
      paramLabel = "N",
      description = "Largest upload accepted, larger ones get 413 (default: ${DEFAULT-VALUE}).")
  long maxUploadBytes = VerisimServer.DEFAULT_MAX_UPLOAD_BYTES;

  @Option(
      names = "--queue",
      paramLabel = "N",
      description = "Analyses that may wait for a worker; beyond, 429 (default: ${DEFAULT-VALUE}).")
  int queue = 64;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Analyses at a time (default: the number of processors).")
  Integer workers;

  @Option(
      names = "--job-timeout",
      paramLabel = "SECONDS",
      description = "How long one analysis may take before it fails (default: ${DEFAULT-VALUE}).")
  long jobTimeoutSeconds = 120;

  @Option(
      names = "--anonymous-per-minute",
      paramLabel = "N",
      description =
          "Let the page and the API be used without a key: each client address may upload N"
              + " images a minute; listing still needs a key (default: ${DEFAULT-VALUE}, off).")
  int anonymousPerMinute = 0;

  @Option(
      names = "--quiz-real",
      paramLabel = "DIR",
      description =
          "A folder of real face photos for the page's 'spot the fake' quiz (default: no quiz).")
  Path quizReal;

  @Option(
      names = "--quiz-fake",
      paramLabel = "DIR",
      description =
          "A folder of generated faces for the quiz (default: verisim's shipped face generator).")
  Path quizFake;

  /** The quiz's generated faces from a verisim generator, made on demand. */
  static final class GeneratedFaces implements FaceSource, AutoCloseable {
    private final Generator generator;

    GeneratedFaces(Generator generator) {
      this.generator = generator;
    }

    @Override
    public synchronized BufferedImage face(long pick) {
      return generator.sample(1, pick, 1.0).get(0);
    }

    @Override
    public String describe() {
      return "generator " + generator.id();
    }

    @Override
    public void close() {
      generator.close();
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    ForensicDetector detector = ForensicDetector.createDefault();
    // Uploads of video and audio too: the same router as `detect`, sharing the image models.
    MediaRouter router;
    try {
      router =
          MediaRouter.builder()
              .setImage(detector)
              .optVideo(VideoDetector.builder().setFrameDetector(detector).build())
              .optAudio(AudioDetector.loadDefault())
              .build();
    } catch (IOException e) {
      detector.close();
      throw new IllegalStateException("the shipped audio model cannot be loaded", e);
    }
    SpotTheFake quiz = null;
    AutoCloseable fakes = null;
    if (quizReal != null) {
      try {
        FaceSource real = FolderFaces.of(quizReal);
        FaceSource fake;
        if (quizFake != null) {
          fake = FolderFaces.of(quizFake);
        } else {
          GeneratedFaces generated = new GeneratedFaces(Generator.loadDefault());
          fakes = generated;
          fake = generated;
        }
        quiz = new SpotTheFake(real, fake, detector);
      } catch (IOException e) {
        router.close();
        throw new ParameterException(
            spec.commandLine(), "--quiz-real/--quiz-fake: " + e.getMessage(), e);
      }
    }
    final AutoCloseable quizFaces = fakes;
    VerisimServer.Builder b;
    try {
      b =
          VerisimServer.builder()
              .setDataDir(dataDir.dir())
              .optHost(host)
              .optPort(port)
              .optMaxUploadBytes(maxUploadBytes)
              .optQueueCapacity(queue)
              .optJobTimeout(Duration.ofSeconds(jobTimeoutSeconds))
              .optDetector(router)
              .optQuiz(quiz)
              .optAnonymousPerMinute(anonymousPerMinute);
      if (workers != null) {
        b.optWorkers(workers);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    VerisimServer server;
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--data-dir: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (bindFailure(e)) {
        throw new ParameterException(
            spec.commandLine(), "--port: cannot listen on " + host + ":" + port + ": " + e, e);
      }
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              router.close(); // audio, video, then the image models
              if (quizFaces != null) {
                try {
                  quizFaces.close();
                } catch (Exception e) {
                  // closing native memory at exit: nothing more to do
                }
              }
              stopped.countDown();
            },
            "verisim-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("verisim serve: listening on " + server.url() + " (data in " + dataDir.dir() + ")");
    if (anonymousPerMinute > 0) {
      out.println(
          "verisim serve: anonymous uploads allowed, "
              + anonymousPerMinute
              + " a minute per client address");
    }
    out.flush();
    if (ApiKeys.open(dataDir.dir()).list().stream().allMatch(k -> k.revoked().isPresent())) {
      err.println(
          "verisim serve: no API key yet; make one (no restart needed): verisim keys create"
              + " --name NAME --data-dir "
              + dataDir.dir());
      err.flush();
    }
    stopped.await();
    return ExitCodes.OK;
  }

  /** The port is taken or the host is not this machine's. */
  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || t instanceof java.net.UnknownHostException
          || t.getClass().getSimpleName().equals("JavalinBindException")) {
        return true;
      }
    }
    return false;
  }
}
