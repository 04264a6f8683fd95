package dev.verisim.cli;

import dev.verisim.core.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr: a redrawn bar with rate and ETA on a terminal, otherwise a plain line at most
 * every ten seconds, so that logs captured to a file stay readable.
 */
public final class TerminalProgress implements Progress {
  private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
  private static final long BAR_INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private String task = "";
  private long total = -1;
  private long startNanos;
  private long lastPrintNanos;
  private long done;

  public TerminalProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void start(String task, long total) {
    this.task = task;
    this.total = total;
    this.startNanos = System.nanoTime();
    this.lastPrintNanos = startNanos;
    this.done = 0;
  }

  @Override
  public synchronized void step(long done) {
    this.done = done;
    long now = System.nanoTime();
    if (now - lastPrintNanos >= (terminal ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
      lastPrintNanos = now;
      print(now, false);
    }
  }

  @Override
  public synchronized void end() {
    if (terminal) {
      print(System.nanoTime(), true);
    }
  }

  private void print(long now, boolean last) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    StringBuilder line = new StringBuilder();
    if (terminal) {
      line.append('\r');
    }
    line.append(task).append(' ');
    if (total > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / total);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
      line.append(done).append('/').append(total);
      if (!last && rate > 0) {
        long eta = Math.round((total - done) / rate);
        line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
      }
    } else {
      line.append(done);
    }
    line.append(String.format(Locale.ROOT, " %.1f/s", rate));
    if (terminal) {
      err.print(line);
      if (last) {
        err.println();
      }
    } else {
      err.println(line);
    }
    err.flush();
  }
}
