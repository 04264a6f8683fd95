package dev.verisim.cli;

/** The documented exit codes of every verisim command (see the README). */
public final class ExitCodes {
  /** Everything asked for was done: every input analysed. */
  public static final int OK = 0;

  /** At least one input could not be analysed; the others were still reported. */
  public static final int INPUT_ERRORS = 1;

  /** The command line was wrong: unknown option, bad value, missing argument. */
  public static final int USAGE = 2;

  /** verisim itself failed (a bug or a broken installation); the message says where. */
  public static final int SOFTWARE = 3;

  private ExitCodes() {}
}
