package dev.verisim.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for what happens on the server's worker threads. */
final class Waits {
  private Waits() {}

  static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
