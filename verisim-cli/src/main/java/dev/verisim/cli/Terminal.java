package dev.verisim.cli;

/** Whether stderr is a terminal, which decides between a redrawn progress bar and plain lines. */
final class Terminal {
  private Terminal() {}

  /**
   * The launcher knows ({@code [ -t 2 ]}) and passes {@code -Dverisim.stderr.tty}; without it, fall
   * back to {@link System#console()}, which on Java 17 is null when output is redirected (on Java
   * 22+ it may be non-null even then, hence the launcher's flag).
   */
  static boolean stderrIsTerminal() {
    String flag = System.getProperty("verisim.stderr.tty");
    if (flag != null) {
      return Boolean.parseBoolean(flag);
    }
    return System.console() != null;
  }
}
