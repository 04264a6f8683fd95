package dev.verisim.server;

import java.util.Locale;

/** Where an analysis is in its life: queued, running, then done or failed. */
public enum AnalysisStatus {
  /** Accepted and waiting for a worker. */
  QUEUED,
  /** A worker is analysing it. */
  RUNNING,
  /** Analysed: the verdict is present (its label may still be {@code error} for a bad image). */
  DONE,
  /** The analysis itself failed (timeout, internal error): the problem says why. */
  FAILED;

  /** The lower-case name used in the database and the API, for example {@code queued}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True once the status can no longer change. */
  public boolean terminal() {
    return this == DONE || this == FAILED;
  }

  /** The status named by {@link #id()}. */
  public static AnalysisStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
