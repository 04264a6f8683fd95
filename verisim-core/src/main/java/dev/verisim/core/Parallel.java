package dev.verisim.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Work over an index range on every core, for CPU-bound loops such as decoding a dataset. */
public final class Parallel {
  private Parallel() {}

  /**
   * Runs {@code body} for every index in {@code [0, count)} on one named daemon thread per core,
   * thread {@code t} taking indices {@code t, t + threads, ...}. Returns when all are done.
   *
   * @param what names the threads and the error, e.g. "decode"
   * @throws IOException when a body throws (its exception is the cause) or the wait is interrupted
   */
  public static void forEachIndex(int count, String what, IntConsumer body) throws IOException {
    int threads = Math.max(1, Math.min(count, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, NamedThreads.daemons(what));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += threads) {
                    body.accept(i);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + what, e);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
