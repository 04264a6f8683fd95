package dev.verisim.core;

/**
 * Receives progress of long work. Core code reports through this tiny interface; the terminal bar,
 * periodic log lines or server-sent events live at the edges. Implementations must be thread-safe.
 */
public interface Progress {
  /** A progress sink that ignores everything. */
  Progress NONE =
      new Progress() {
        @Override
        public void start(String task, long total) {}

        @Override
        public void step(long done) {}

        @Override
        public void end() {}
      };

  /**
   * Starts a task.
   *
   * @param task what is being done, for example "detect"
   * @param total the number of steps, or -1 when unknown
   */
  void start(String task, long total);

  /** Reports that {@code done} steps in total are finished. */
  void step(long done);

  /** Ends the task. */
  void end();
}
