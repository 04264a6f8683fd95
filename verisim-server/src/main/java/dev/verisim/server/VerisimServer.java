package dev.verisim.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.NamedThreads;
import dev.verisim.core.media.MediaKind;
import dev.verisim.detect.Detector;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.MediaRouter;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of {@code verisim serve}: upload an image, get an analysis id, read the verdict (the
 * same JSON as {@code verisim detect --json}) when the queue has run it.
 *
 * <pre>{@code
 * try (VerisimServer server =
 *     VerisimServer.builder().setDataDir(Path.of("data")).optPort(8080).build().start()) {
 *   System.out.println(server.url());
 *   // ... serve until shut down
 * }
 * }</pre>
 *
 * <p>Routes (all under {@value #API}; the OpenAPI document at {@code openapi.json} is the
 * reference): {@code POST analyses} (multipart field {@code file}), {@code GET analyses?page&size},
 * {@code GET|DELETE analyses/{id}}, {@code GET analyses/{id}/events} (server-sent events). Every
 * analysis route needs {@code Authorization: Bearer KEY} (unless anonymous use is allowed, see
 * {@link Builder#optAnonymousPerMinute}); an analysis is visible only to the key that created it,
 * and another key gets 404, as for an id that does not exist. Every error is an RFC 9457 problem.
 * No CORS headers are sent: browsers may call the API only from its own origin.
 */
public final class VerisimServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerisimServer.class);

  /** The prefix of every API route. */
  public static final String API = "/api/v1";

  /** The default upload limit: 50 MB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1000 * 1000;

  /** Room for the multipart envelope (boundaries, part headers) around the file. */
  private static final long MULTIPART_OVERHEAD = 64 * 1024;

  private static final int MAX_PAGE_SIZE = 100;
  private static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A request attribute: the multipart parser has started on the body. */
  private static final String BODY_READ = "verisim.bodyRead";

  private final String host;
  private final int requestedPort;
  private final long maxUploadBytes;
  private final ServerData data;
  private final Detector detector;
  private final boolean ownsDetector;
  private final JobQueue queue;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(NamedThreads.daemons("verisim-sse-heartbeat"));
  private final Javalin app;
  private final byte[] openApi;
  private final SpotTheFake quiz;
  private final AnonymousAccess anonymous; // null: every analysis route needs a key
  private final Set<MediaKind> accepted; // what the detector analyses: uploads of others get 415

  private VerisimServer(Builder b) throws IOException {
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxUploadBytes = b.maxUploadBytes;
    this.openApi = readOpenApi();
    this.quiz = b.quiz;
    this.anonymous =
        b.anonymousPerMinute > 0
            ? new AnonymousAccess(b.anonymousPerMinute, java.time.Clock.systemUTC())
            : null;
    this.data = ServerData.open(b.dataDir);
    try {
      this.ownsDetector = b.detector == null;
      this.detector = b.detector != null ? b.detector : ForensicDetector.createDefault();
      this.accepted = acceptedKinds(detector);
      this.queue = b.jobs.setStore(data.analyses()).setDetector(detector).build();
      Path uploadTmp = emptied(Files.createDirectories(data.dir().resolve("tmp")));
      this.app = Javalin.create(config -> configure(config, uploadTmp));
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /** A builder; {@link Builder#setDataDir} is required. */
  public static Builder builder() {
    return new Builder();
  }

  private void configure(io.javalin.config.JavalinConfig config, Path uploadTmp) {
    config.startup.showJavalinBanner = false;
    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
    config.jetty.multipartConfig.cacheDirectory(uploadTmp.toString());
    config.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
    config.jetty.multipartConfig.maxTotalRequestSize(
        maxUploadBytes + MULTIPART_OVERHEAD, SizeUnit.BYTES);
    config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);

    var routes = config.routes;
    routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    // The page: plain files from the jar, no front-end build.
    config.staticFiles.add("/web", io.javalin.http.staticfiles.Location.CLASSPATH);
    routes.get(API + "/openapi.json", this::openApi);
    routes.get(API + "/info", this::info);
    // The quiz needs no key: it reads nothing of anyone's, and new pairs are rate-limited.
    routes.get(API + "/quiz/pair", this::quizPair);
    routes.get(API + "/quiz/images/{id}/{side}", this::quizImage);
    routes.post(API + "/quiz/answer", this::quizAnswer);
    routes.post(API + "/analyses", this::create);
    routes.get(API + "/analyses", this::list);
    routes.get(API + "/analyses/{id}", this::read);
    routes.delete(API + "/analyses/{id}", this::delete);
    // The events route checks key and id before the stream starts, so a refusal is still a
    // problem+json response and not an empty event stream.
    routes.before(API + "/analyses/{id}/events", this::beforeEvents);
    routes.sse(API + "/analyses/{id}/events", this::events);

    routes.exception(ProblemException.class, (e, ctx) -> respond(ctx, e.problem(), e.headers()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          respond(
              ctx,
              Problem.of(
                  "internal", "Internal server error", 500, "the server failed: " + e.getClass()),
              Map.of());
        });
    routes.error(
        404,
        ctx -> {
          if (!isProblem(ctx)) {
            respond(
                ctx,
                Problem.of(
                    "route-not-found",
                    "No such route",
                    404,
                    "no route "
                        + ctx.method()
                        + " "
                        + ctx.path()
                        + "; see "
                        + API
                        + "/openapi.json"),
                Map.of());
          }
        });
  }

  /**
   * Starts the workers (re-queueing what a previous run left unfinished) and the HTTP server.
   *
   * @return this, started
   */
  public VerisimServer start() {
    try {
      int orphans = data.analyses().removeOrphans();
      if (orphans > 0) {
        LOG.info("removed {} uploads a crash left without an analysis", orphans);
      }
      queue.start();
      app.start(host, requestedPort);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The port the server listens on (the one chosen when 0 was asked for). */
  public int port() {
    return app.port();
  }

  /** The base URL, for example {@code http://127.0.0.1:8080}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** True while uploads would be refused with 429. */
  public boolean busy() {
    return queue.full();
  }

  /** The HTTP routes the server answers, as {@code METHOD PATH}: what the contract test checks. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .toList();
  }

  /** Stops serving; unfinished jobs stay in the store and run after the next start. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      heartbeat.shutdownNow();
      queue.close();
      if (ownsDetector && detector instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing the detector failed: {}", e.toString());
        }
      }
      data.close();
    }
  }

  // ---- routes -----------------------------------------------------------------------------

  private void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  /** Images always; video and audio when the detector is a router that has their detectors. */
  private static Set<MediaKind> acceptedKinds(Detector detector) {
    Set<MediaKind> kinds = java.util.EnumSet.of(MediaKind.IMAGE);
    if (detector instanceof MediaRouter router) {
      router.video().ifPresent(v -> kinds.add(MediaKind.VIDEO));
      router.audio().ifPresent(a -> kinds.add(MediaKind.AUDIO));
    }
    return java.util.Collections.unmodifiableSet(kinds);
  }

  private String acceptedDescription() {
    List<String> parts = new ArrayList<>();
    parts.add("an image (JPEG, PNG, WebP, BMP, TIFF, GIF)");
    if (accepted.contains(MediaKind.VIDEO)) {
      parts.add("a video (MP4, MOV, MKV, WebM, AVI)");
    }
    if (accepted.contains(MediaKind.AUDIO)) {
      parts.add("audio (WAV, FLAC, MP3, Ogg, Opus, M4A)");
    }
    return String.join(" or ", parts);
  }

  /** What the page needs to know before it asks for a key. */
  private void info(Context ctx) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("anonymous", anonymous != null);
    if (anonymous != null) {
      o.put("anonymous_per_minute", anonymous.perMinute());
    }
    o.put("quiz", quiz != null);
    ArrayNode media = o.putArray("media");
    accepted.forEach(k -> media.add(k.id()));
    o.put("max_upload_bytes", maxUploadBytes);
    o.put("model", detector.model().id() + " " + detector.model().version());
    respondJson(ctx, o);
  }

  private void create(Context ctx) throws IOException {
    String owner = owner(ctx);
    if (owner.equals(AnonymousAccess.OWNER)) {
      long wait = anonymous.acquire(ctx.ip());
      if (wait > 0) {
        throw new ProblemException(
            Problem.of(
                "rate-limited",
                "Too many anonymous uploads",
                429,
                "anonymous uploads are limited to "
                    + anonymous.perMinute()
                    + " a minute from one address; try again in "
                    + wait
                    + " s, or use an API key"),
            Map.of("Retry-After", Long.toString(wait)));
      }
    }
    if (queue.full()) {
      throw queueFull();
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxUploadBytes + MULTIPART_OVERHEAD) {
      throw tooLarge();
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new ProblemException(
          Problem.of(
              "unsupported-media-type",
              "Unsupported media type",
              415,
              "send multipart/form-data with the image in a field named 'file'"));
    }
    UploadedFile file;
    ctx.attribute(BODY_READ, true); // from here a refusal cannot drain the body: it closes
    try {
      file = ctx.uploadedFile("file");
    } catch (Exception e) { // Jetty's ServletException arrives undeclared through Kotlin
      if (sizeExceeded(e)) {
        throw tooLarge();
      }
      throw new ProblemException(
          Problem.of("bad-request", "Bad request", 400, "unreadable multipart body: " + e));
    }
    if (file == null) {
      throw new ProblemException(
          Problem.of("bad-request", "Bad request", 400, "no field named 'file' in the upload"));
    }
    if (file.size() > maxUploadBytes) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = file.content()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
    }
    if (bytes.length > maxUploadBytes) {
      throw tooLarge();
    }
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, MediaKind.SNIFF_BYTES));
    Optional<MediaKind> kind = MediaKind.sniff(head);
    if (kind.isEmpty() || !accepted.contains(kind.get())) {
      throw new ProblemException(
          Problem.of(
              "unsupported-media-type",
              "Unsupported media type",
              415,
              (kind.isPresent() ? "this server does not analyse " + kind.get().id() + "; " : "")
                  + "send "
                  + acceptedDescription()
                  + " (the type is judged by the file's bytes)"));
    }
    Analysis a =
        data.analyses()
            .create(
                owner, filename(file.filename()), MediaKind.mimeType(head).orElseThrow(), bytes);
    if (!queue.submit(a.id())) {
      data.analyses().delete(a.id()); // filled up meanwhile: refused, so nothing is kept
      throw queueFull();
    }
    ctx.status(202).header("Location", self(a.id()));
    respondJson(ctx, json(a));
  }

  private void list(Context ctx) {
    ApiKeys.ApiKey key = caller(ctx);
    int page = intParam(ctx, "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
    int size = intParam(ctx, "size", 20, 1, MAX_PAGE_SIZE);
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode items = o.putArray("items");
    for (Analysis a : data.analyses().list(key.id(), page, size)) {
      items.add(json(a));
    }
    o.put("page", page);
    o.put("size", size);
    o.put("total", data.analyses().count(key.id()));
    respondJson(ctx, o);
  }

  private SpotTheFake quiz() {
    if (quiz == null) {
      throw new ProblemException(
          Problem.of(
              "quiz-off",
              "No quiz here",
              404,
              "this server has no quiz: start it with --quiz-real DIR (a folder of real photos)"));
    }
    return quiz;
  }

  private void quizPair(Context ctx) throws IOException {
    SpotTheFake.Pair p =
        quiz()
            .next()
            .orElseThrow(
                () ->
                    new ProblemException(
                        Problem.of(
                            "too-many-requests",
                            "Too many quiz pairs",
                            429,
                            "quiz pairs are made at most 20 a second; try again shortly"),
                        Map.of("Retry-After", "1")));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", p.id());
    o.put("left", API + "/quiz/images/" + p.id() + "/left");
    o.put("right", API + "/quiz/images/" + p.id() + "/right");
    respondJson(ctx, o);
  }

  private SpotTheFake.Pair openPair(String id) {
    return AnalysisStore.parseId(id)
        .flatMap(uuid -> quiz().pair(uuid.toString()))
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(
                        "quiz-pair-not-found",
                        "No such quiz pair",
                        404,
                        "the pair is unknown or was answered already")));
  }

  private void quizImage(Context ctx) {
    String side = ctx.pathParam("side");
    if (!side.equals("left") && !side.equals("right")) {
      throw new ProblemException(
          Problem.of("bad-side", "No such side", 404, "a side is 'left' or 'right'"));
    }
    byte[] png = openPair(ctx.pathParam("id")).image(side);
    ctx.header("Cache-Control", "no-store").contentType("image/png").result(png);
  }

  private void quizAnswer(Context ctx) {
    String id;
    String choice;
    try {
      var body = MAPPER.readTree(ctx.body());
      id = body.path("id").asText("");
      choice = body.path("choice").asText("");
    } catch (JsonProcessingException e) {
      throw new ProblemException(
          Problem.of(
              "bad-json",
              "Malformed JSON",
              400,
              "the body is not JSON: " + e.getOriginalMessage()));
    }
    if (!choice.equals("left") && !choice.equals("right")) {
      throw new ProblemException(
          Problem.of("bad-choice", "Bad choice", 400, "'choice' must be 'left' or 'right'"));
    }
    SpotTheFake quiz = quiz();
    SpotTheFake.Answer a =
        AnalysisStore.parseId(id)
            .flatMap(uuid -> quiz.answer(uuid.toString(), choice))
            .orElseThrow(
                () ->
                    new ProblemException(
                        Problem.of(
                            "quiz-pair-not-found",
                            "No such quiz pair",
                            404,
                            "the pair is unknown or was answered already")));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("correct", a.correct());
    o.put("fake", a.fakeSide());
    ArrayNode cues = o.putArray("cues");
    for (var c : a.cues()) {
      ObjectNode cue = cues.addObject();
      cue.put("name", c.name());
      cue.put("score", c.score());
      cue.put("explanation", c.explanation());
    }
    respondJson(ctx, o);
  }

  private void read(Context ctx) {
    respondJson(ctx, json(owned(ctx, owner(ctx))));
  }

  private void delete(Context ctx) {
    Analysis a = owned(ctx, owner(ctx));
    data.analyses().delete(a.id());
    ctx.status(204);
  }

  /**
   * Checks key, id and Accept before the stream starts. Javalin answers an empty 200 to an events
   * request without {@code Accept: text/event-stream}; a 406 that says so is clearer.
   */
  private void beforeEvents(Context ctx) {
    ctx.attribute("analysis", owned(ctx, owner(ctx)));
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ProblemException(
          Problem.of(
              "not-acceptable",
              "Not acceptable",
              406,
              "events are server-sent events: send 'Accept: text/event-stream'"));
    }
  }

  private void events(SseClient client) {
    Analysis a = client.ctx().attribute("analysis");
    client.keepAlive();
    Object lock = new Object();
    String[] last = {null};
    Runnable unsubscribe = queue.subscribe(a.id(), update -> send(client, lock, last, update));
    ScheduledFuture<?> beat =
        heartbeat.scheduleAtFixedRate(
            () -> {
              synchronized (lock) {
                if (!client.terminated()) {
                  client.sendComment("keep-alive");
                }
              }
            },
            SSE_HEARTBEAT.toMillis(),
            SSE_HEARTBEAT.toMillis(),
            TimeUnit.MILLISECONDS);
    client.onClose(
        () -> {
          unsubscribe.run();
          beat.cancel(false);
        });
    // Read the current state only after subscribing, so no change can fall in between.
    Optional<Analysis> now = data.analyses().find(a.id());
    if (now.isPresent()) {
      send(client, lock, last, now.get());
    } else {
      client.close(); // deleted meanwhile
    }
  }

  /** Sends a {@code status} event on each change and, at the end, {@code done} and closes. */
  private void send(SseClient client, Object lock, String[] last, Analysis a) {
    synchronized (lock) {
      if (client.terminated()) {
        return;
      }
      if (!a.status().id().equals(last[0])) {
        last[0] = a.status().id();
        ObjectNode s = MAPPER.createObjectNode();
        s.put("id", a.id().toString());
        s.put("status", a.status().id());
        client.sendEvent("status", s.toString());
      }
      if (a.status().terminal()) {
        client.sendEvent("done", json(a).toString());
        client.close();
      }
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The key the request carries; 401 without a live one. */
  private ApiKeys.ApiKey caller(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("send an API key as 'Authorization: Bearer KEY'");
    }
    return data.keys()
        .authenticate(h.substring(7).strip())
        .orElseThrow(() -> unauthorized("the API key is unknown or revoked"));
  }

  /**
   * Whose analyses the request may create or see: its key's, or, without an Authorization header
   * where the operator allowed anonymous use, the anonymous ones (each readable by its id alone).
   */
  private String owner(Context ctx) {
    if (anonymous != null && ctx.header("Authorization") == null) {
      return AnonymousAccess.OWNER;
    }
    return caller(ctx).id();
  }

  /**
   * The analysis the path names, when {@code owner} created it; 404 otherwise, whatever the case.
   */
  private Analysis owned(Context ctx, String owner) {
    String text = ctx.pathParam("id");
    return AnalysisStore.parseId(text)
        .flatMap(id -> data.analyses().find(id, owner))
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(
                        "analysis-not-found",
                        "No such analysis",
                        404,
                        "no analysis " + text + " for this API key")));
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(
        Problem.of("unauthorized", "API key required", 401, detail),
        Map.of("WWW-Authenticate", "Bearer"));
  }

  /**
   * Whether a multipart failure is Jetty's size limit: its only signal is an IllegalStateException
   * "max file size exceeded" (or "max length exceeded") a few causes down.
   */
  private static boolean sizeExceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof IllegalStateException && m != null && m.contains("exceeded")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private ProblemException tooLarge() {
    return new ProblemException(
        Problem.of(
            "payload-too-large",
            "Upload too large",
            413,
            "uploads are limited to " + maxUploadBytes + " bytes"));
  }

  private ProblemException queueFull() {
    long seconds = queue.retryAfter().toSeconds();
    return new ProblemException(
        Problem.of(
            "queue-full",
            "Too many analyses waiting",
            429,
            "the queue is full; try again in " + seconds + " s"),
        Map.of("Retry-After", Long.toString(seconds)));
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProblemException(
        Problem.of(
            "bad-request",
            "Bad request",
            400,
            name + " must be an integer from " + min + " to " + max + ", got: " + v));
  }

  /**
   * The client's file name, reduced to a label: last path segment, no control characters, at most
   * 255 characters. It is reported in the verdict and never used to name a file.
   */
  static String filename(String given) {
    if (given == null) {
      return "upload";
    }
    String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
    name = name.replaceAll("\\p{Cntrl}", "").strip();
    if (name.length() > 255) {
      name = name.substring(0, 255);
    }
    return name.isEmpty() ? "upload" : name;
  }

  private static String self(UUID id) {
    return API + "/analyses/" + id;
  }

  /** The API's representation of an analysis; {@code verdict} is exactly the CLI's object. */
  static ObjectNode json(Analysis a) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", a.id().toString());
    o.put("status", a.status().id());
    o.put("filename", a.filename());
    o.put("media_type", a.mediaType());
    o.put("size_bytes", a.sizeBytes());
    o.put("created", a.created().toString());
    o.put("updated", a.updated().toString());
    o.put("attempts", a.attempts());
    try {
      o.set("verdict", a.verdictJson().isPresent() ? MAPPER.readTree(a.verdictJson().get()) : null);
      o.set("problem", a.problemJson().isPresent() ? MAPPER.readTree(a.problemJson().get()) : null);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("stored JSON of " + a.id() + " is unreadable", e);
    }
    ObjectNode links = o.putObject("links");
    links.put("self", self(a.id()));
    links.put("events", self(a.id()) + "/events");
    return o;
  }

  private static void respondJson(Context ctx, ObjectNode body) {
    ctx.contentType("application/json").result(body.toString());
  }

  private static boolean isProblem(Context ctx) {
    String t = ctx.res().getContentType();
    return t != null && t.startsWith(Problem.MEDIA_TYPE);
  }

  private void respond(Context ctx, Problem p, Map<String, String> headers) {
    headers.forEach(ctx::header);
    if (!drained(ctx)) {
      // A refused upload left unread means the connection cannot carry another request: say so.
      ctx.header("Connection", "close");
    }
    ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(p.at(ctx.path()).toJson());
  }

  /**
   * Reads and discards what is left of a refused request's body when it is within the upload limit.
   * Closing a connection with unread bytes makes the kernel reset it, and the client may then lose
   * the answer itself (seen under load as "header parser received no bytes" on 429s).
   *
   * @return whether the body is consumed (or there was none)
   */
  private boolean drained(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length == 0) {
      return true;
    }
    if (length < 0
        || length > maxUploadBytes + MULTIPART_OVERHEAD
        || ctx.attribute(BODY_READ) != null) {
      return false;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // already parsed or broken: close instead
    }
  }

  /**
   * Jetty's spill files of uploads in flight: a previous process killed mid-upload leaves them, and
   * no live request owns one before the server starts.
   */
  private static Path emptied(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(f);
        }
      }
    }
    return dir;
  }

  private static byte[] readOpenApi() throws IOException {
    try (InputStream in = VerisimServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  /** Builds a {@link VerisimServer}: {@code setX} required, {@code optX} optional. */
  public static final class Builder {
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
    // Queue settings go straight to the queue's builder, which checks them.
    private final JobQueue.Builder jobs = JobQueue.builder();
    private Detector detector;
    private SpotTheFake quiz;
    private int anonymousPerMinute;

    private Builder() {}

    /**
     * Lets the page be used without an API key: each client address may upload {@code perMinute}
     * images a minute (default 0: every analysis route needs a key).
     */
    public Builder optAnonymousPerMinute(int perMinute) {
      if (perMinute < 0) {
        throw new IllegalArgumentException(
            "anonymous uploads per minute must be >= 0: " + perMinute);
      }
      this.anonymousPerMinute = perMinute;
      return this;
    }

    /** The "spot the fake" quiz (default: none; its routes answer 404 quiz-off). */
    public Builder optQuiz(SpotTheFake quiz) {
      this.quiz = quiz;
      return this;
    }

    /** Where the database and the uploads live. */
    public Builder setDataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The interface to listen on (default 127.0.0.1: this machine only). */
    public Builder optHost(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 8080; 0 picks a free one, see {@link VerisimServer#port()}). */
    public Builder optPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The largest upload accepted (default 50 MB); larger ones get 413. */
    public Builder optMaxUploadBytes(long maxUploadBytes) {
      if (maxUploadBytes < 1 || maxUploadBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "the upload limit must be 1 byte to 2 GB, got " + maxUploadBytes);
      }
      this.maxUploadBytes = maxUploadBytes;
      return this;
    }

    /** Analyses that may wait for a worker (default 64); beyond, uploads get 429. */
    public Builder optQueueCapacity(int queueCapacity) {
      jobs.optCapacity(queueCapacity);
      return this;
    }

    /** Analyses run at a time (default: the machine's processors). */
    public Builder optWorkers(int workers) {
      jobs.optWorkers(workers);
      return this;
    }

    /** How long one analysis may run before it fails (default 120 s). */
    public Builder optJobTimeout(Duration jobTimeout) {
      jobs.optJobTimeout(jobTimeout);
      return this;
    }

    /** The detector (default {@link ForensicDetector#createDefault()}); must be thread-safe. */
    public Builder optDetector(Detector detector) {
      this.detector = detector;
      return this;
    }

    /**
     * Opens the data directory and builds the server (not started).
     *
     * @throws IOException when the data directory cannot be opened (for example another server has
     *     it)
     */
    public VerisimServer build() throws IOException {
      Objects.requireNonNull(dataDir, "dataDir (setDataDir) is required");
      return new VerisimServer(this);
    }
  }
}
