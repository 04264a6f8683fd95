package dev.verisim.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories whose threads carry a name, so a thread dump says what each one is doing. */
public final class NamedThreads {
  private NamedThreads() {}

  /**
   * Daemon threads named {@code prefix-1}, {@code prefix-2}, ...: daemons, so a worker stuck on a
   * pathological input never keeps the JVM alive after the command has reported.
   */
  public static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
