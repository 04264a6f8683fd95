package dev.verisim.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code verisim} command: a list of subcommands. */
@Command(
    name = "verisim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Detect, create and label synthetic media.",
    subcommands = {
      DetectCommand.class,
      FusionCommand.class,
      DetectorCommand.class,
      EvalCommand.class,
      GanCommand.class,
      ArenaCommand.class,
      WatermarkCommand.class,
      CredentialsCommand.class,
      ConsentCommand.class,
      ServeCommand.class,
      KeysCommand.class,
      AutoComplete.GenerateCompletion.class,
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 some input could not be analysed, 2 usage error, 3 internal error.",
      "Run 'verisim COMMAND --help' for a command's options."
    })
public final class VerisimCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command, for example: detect");
  }
}
