package dev.verisim.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: debug logs on stderr. The level is also set by {@link Main} before any
 * logger exists, because SLF4J's simple logger reads it once.
 */
public final class LoggingMixin {
  @Option(
      names = {"-v", "--verbose"},
      description = "Debug logs on stderr.")
  boolean verbose;
}
