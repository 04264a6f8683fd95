package dev.verisim.server;

import dev.verisim.core.NamedThreads;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.core.verdict.VerdictJson;
import dev.verisim.detect.Detector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs analyses: a bounded queue in front of a fixed pool of workers, one detection per worker at a
 * time (detection is CPU-bound, so more workers than cores only adds waiting).
 *
 * <p>The queue is the database: a job is stored {@code queued} before it is offered here, and
 * {@link #start()} puts every job the store still has {@code queued} or {@code running} back in
 * line, so a job accepted before a crash ({@code kill -9}) runs after the restart. Those recovered
 * jobs are admitted even beyond the capacity: an accepted job is never dropped. A job that was
 * started {@value #MAX_ATTEMPTS} times without finishing (it keeps crashing the server) fails
 * instead of running again.
 *
 * <p>Each detection runs on its own thread so that a worker can give up on it after the job
 * timeout. Java cannot stop a thread that ignores interrupts (the decoders do), so a timed-out
 * detection is interrupted and abandoned: until it ends, one more detection than there are workers
 * shares the CPU. The decoders' pixel limits bound how long that can be.
 */
public final class JobQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

  /** Starts after which a job that never finished is given up on. */
  public static final int MAX_ATTEMPTS = 3;

  private final AnalysisStore store;
  private final Detector detector;
  private final int capacity;
  private final int workers;
  private final Duration jobTimeout;
  private final Deque<UUID> pending = new ArrayDeque<>();
  private final Map<UUID, Set<Consumer<Analysis>>> listeners = new ConcurrentHashMap<>();
  private final ExecutorService workerPool;
  private final ExecutorService detections;
  private volatile double meanJobMillis = 2_000;
  private boolean started;
  private boolean closed;

  private JobQueue(Builder b) {
    this.store = b.store;
    this.detector = b.detector;
    this.capacity = b.capacity;
    this.workers = b.workers;
    this.jobTimeout = b.jobTimeout;
    this.workerPool = Executors.newFixedThreadPool(workers, NamedThreads.daemons("verisim-worker"));
    this.detections =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            NamedThreads.daemons("verisim-detection"));
  }

  /** A builder: the store and detector are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Puts the store's unfinished jobs back in line (crash recovery) and starts the workers.
   *
   * @return how many jobs were recovered
   */
  public int start() {
    int recovered = 0;
    synchronized (pending) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      for (Analysis a : store.unfinished()) {
        if (a.attempts() >= MAX_ATTEMPTS) {
          fail(
              a.id(),
              Problem.of(
                  "gave-up",
                  "Analysis abandoned",
                  500,
                  "the analysis was started "
                      + a.attempts()
                      + " times without finishing (the server stopped each time); it is not"
                      + " retried again"));
          continue;
        }
        store.requeue(a.id());
        pending.addLast(a.id());
        recovered++;
      }
      pending.notifyAll();
    }
    if (recovered > 0) {
      LOG.info("{} unfinished analyses queued again after a restart", recovered);
    }
    for (int i = 0; i < workers; i++) {
      workerPool.execute(this::work);
    }
    return recovered;
  }

  /**
   * Offers a stored {@code queued} analysis to the workers.
   *
   * @return false when the queue is full: the caller deletes it and answers 429
   */
  public boolean submit(UUID id) {
    synchronized (pending) {
      if (closed || pending.size() >= capacity) {
        return false;
      }
      pending.addLast(id);
      pending.notifyAll();
      return true;
    }
  }

  /** True when {@link #submit} would refuse now: lets the API refuse before reading an upload. */
  public boolean full() {
    synchronized (pending) {
      return closed || pending.size() >= capacity;
    }
  }

  /** Jobs waiting for a worker. */
  public int waiting() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * How long a client refused with 429 should wait: the queue's expected drain time, 1 to 600 s.
   */
  public Duration retryAfter() {
    double ms = meanJobMillis * (waiting() + 1) / workers;
    return Duration.ofSeconds(Math.max(1, Math.min(600, (long) Math.ceil(ms / 1000))));
  }

  /**
   * Calls {@code listener} with the analysis each time its status changes, until the returned
   * handle is run. Called on a worker thread: the listener must not block.
   */
  public Runnable subscribe(UUID id, Consumer<Analysis> listener) {
    listeners.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>()).add(listener);
    return () ->
        listeners.computeIfPresent(
            id,
            (k, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  private void work() {
    while (true) {
      UUID id;
      synchronized (pending) {
        while (pending.isEmpty() && !closed) {
          try {
            pending.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (closed) {
          return;
        }
        id = pending.removeFirst();
      }
      try {
        run(id);
      } catch (RuntimeException e) {
        // The store failing (disk full...) must not kill the worker; the job stays unfinished
        // in the store and is retried after a restart.
        LOG.error("analysis {} could not be recorded: {}", id, e.toString());
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  private void run(UUID id) {
    Optional<Analysis> started = store.markRunning(id);
    if (started.isEmpty()) {
      return; // deleted while it waited
    }
    Analysis a = started.get();
    notify(a);
    byte[] bytes;
    try {
      bytes = store.readBlob(id);
    } catch (IOException e) {
      // Deleted between markRunning and here, or the blob is unreadable.
      fail(id, Problem.of("blob-unreadable", "Upload unreadable", 500, e.toString()));
      return;
    }
    long t0 = System.nanoTime();
    Future<Verdict> f = detections.submit(() -> detector.detect(bytes, a.filename()));
    try {
      Verdict v = f.get(jobTimeout.toMillis(), TimeUnit.MILLISECONDS);
      double ms = (System.nanoTime() - t0) / 1e6;
      meanJobMillis = 0.8 * meanJobMillis + 0.2 * ms;
      // With the cues' heatmap grids: the page draws them over the image (the CLI's --heatmaps).
      if (store.markDone(id, VerdictJson.toLine(v, true))) {
        store.find(id).ifPresent(this::notify);
      }
    } catch (TimeoutException e) {
      f.cancel(true);
      fail(
          id,
          Problem.of(
              "job-timeout",
              "Analysis timed out",
              500,
              "the analysis took longer than " + jobTimeout.toSeconds() + " s and was stopped"));
    } catch (ExecutionException e) {
      LOG.error("analysis {} failed", id, e.getCause());
      fail(
          id,
          Problem.of(
              "analysis-failed", "Analysis failed", 500, "the detector failed: " + e.getCause()));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt(); // shutting down: the job stays running, recovered later
    }
  }

  private void fail(UUID id, Problem p) {
    if (store.markFailed(id, p.at("/api/v1/analyses/" + id).toJson())) {
      store.find(id).ifPresent(this::notify);
    }
  }

  private void notify(Analysis a) {
    Set<Consumer<Analysis>> set = listeners.get(a.id());
    if (set != null) {
      for (Consumer<Analysis> l : set) {
        try {
          l.accept(a);
        } catch (RuntimeException e) {
          LOG.debug("a listener of {} failed", a.id(), e);
        }
      }
    }
  }

  /**
   * Stops the workers without waiting for running detections: they stay {@code running} in the
   * store and run again after the next {@link #start()}.
   */
  @Override
  public void close() {
    synchronized (pending) {
      closed = true;
      pending.notifyAll();
    }
    workerPool.shutdownNow();
    detections.shutdownNow();
    try {
      workerPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link JobQueue}: {@code setX} required, {@code optX} optional. */
  public static final class Builder {
    private AnalysisStore store;
    private Detector detector;
    private int capacity = 64;
    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration jobTimeout = Duration.ofSeconds(120);

    private Builder() {}

    public Builder setStore(AnalysisStore store) {
      this.store = store;
      return this;
    }

    public Builder setDetector(Detector detector) {
      this.detector = detector;
      return this;
    }

    /** Jobs that may wait for a worker before uploads are refused with 429 (default 64). */
    public Builder optCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Detections at a time (default: the machine's processors). */
    public Builder optWorkers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** How long one analysis may take before it fails (default 120 s). */
    public Builder optJobTimeout(Duration jobTimeout) {
      if (jobTimeout == null || jobTimeout.isNegative() || jobTimeout.isZero()) {
        throw new IllegalArgumentException("the job timeout must be positive, got " + jobTimeout);
      }
      this.jobTimeout = jobTimeout;
      return this;
    }

    public JobQueue build() {
      Objects.requireNonNull(store, "store (setStore) is required");
      Objects.requireNonNull(detector, "detector (setDetector) is required");
      return new JobQueue(this);
    }
  }
}
