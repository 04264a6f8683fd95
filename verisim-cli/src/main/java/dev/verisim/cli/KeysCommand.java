package dev.verisim.cli;

import dev.verisim.server.ApiKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verisim keys}: the API keys {@code verisim serve} accepts. They may be created and revoked
 * while the server runs: it reads the key file again when it changes.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "API keys for 'verisim serve': clients send 'Authorization: Bearer KEY'. Keys are stored"
          + " hashed; a key is shown once, when created. Changes hold at once, also for a server"
          + " that is running."
    },
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: create, list or revoke");
  }

  static ApiKeys open(CommandSpec spec, DataDirOption dataDir) {
    try {
      return ApiKeys.open(dataDir.dir());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--data-dir: " + e.getMessage(), e);
    }
  }

  /** {@code verisim keys create --name N}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Make a key and print it as the last word of the output: it is not shown again."
      })
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin DataDirOption dataDir;

    @Option(names = "--name", required = true, description = "What the key is for.")
    String name;

    @Override
    public Integer call() {
      ApiKeys keys = open(spec, dataDir);
      ApiKeys.CreatedKey k;
      try {
        k = keys.create(name);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage(), e);
      }
      spec.commandLine()
          .getOut()
          .println(
              "key "
                  + k.key().id()
                  + " ("
                  + k.key().name()
                  + ") created; it is shown only now: "
                  + k.secret());
      return ExitCodes.OK;
    }
  }

  /** {@code verisim keys list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"One line per key: id, created, active or revoked, name. Never the key."})
  public static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin DataDirOption dataDir;

    @Override
    public Integer call() {
      ApiKeys keys = open(spec, dataDir);
      PrintWriter out = spec.commandLine().getOut();
      for (ApiKeys.ApiKey k : keys.list()) {
        out.println(
            k.id()
                + "\t"
                + k.created()
                + "\t"
                + k.revoked().map(t -> "revoked " + t).orElse("active")
                + "\t"
                + k.name());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code verisim keys revoke ID}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke a key: it no longer authenticates, and its analyses can no longer be read.",
        "Exit codes: 0 revoked; 1 no such active key; 2 usage error."
      })
  public static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "ID", description = "The key's id, as 'keys list' shows it.")
    String id;

    @Override
    public Integer call() {
      ApiKeys keys = open(spec, dataDir);
      if (!keys.revoke(id)) {
        spec.commandLine().getErr().println("verisim: no active key " + id);
        return ExitCodes.INPUT_ERRORS;
      }
      spec.commandLine().getOut().println("key " + id + " revoked");
      return ExitCodes.OK;
    }
  }
}
