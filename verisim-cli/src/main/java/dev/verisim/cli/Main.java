package dev.verisim.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of the {@code verisim} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
    System.exit(execute(args, utf8(System.out), utf8(System.err)));
  }

  /**
   * Runs a command line with the given writers and returns its exit code; what tests call.
   *
   * @param out where results go
   * @param err where messages go
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  /** The configured picocli command line: exit codes and error handling as documented. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new VerisimCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ExitCodes.SOFTWARE);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("verisim: internal error: " + ex);
          org.slf4j.LoggerFactory.getLogger(Main.class).debug("stack trace", ex);
          return ExitCodes.SOFTWARE;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("verisim: " + ex.getMessage());
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          }
          return ExitCodes.USAGE;
        });
    return cl;
  }

  private static PrintWriter utf8(java.io.OutputStream stream) {
    return new PrintWriter(
        new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
  }

  /** SLF4J simple logger settings: stderr, short lines, info or debug. */
  static void configureLogging(boolean verbose) {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "info");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
    // DJL and JavaCPP are chatty at info.
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl", verbose ? "debug" : "warn");
    // verisim serve: Jetty and Javalin announce every start and stop at info.
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", verbose ? "info" : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", verbose ? "info" : "warn");
    // verisim runs on the CPU by design: "no GPU found" is not news worth a warning per run.
    System.setProperty(
        "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", verbose ? "debug" : "error");
  }
}
