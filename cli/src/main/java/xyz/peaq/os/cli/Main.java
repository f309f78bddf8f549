package xyz.peaq.os.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import xyz.peaq.os.cli.commands.ActivateCommand;
import xyz.peaq.os.cli.commands.DevnetCommand;
import xyz.peaq.os.cli.commands.InitCommand;
import xyz.peaq.os.cli.commands.KeysCommand;
import xyz.peaq.os.cli.commands.QualifyCommand;
import xyz.peaq.os.cli.commands.ShowCommand;
import xyz.peaq.os.cli.commands.WhoamiCommand;

/** Entry point of the {@code peaqos} command. */
@Command(
    name = "peaqos",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "peaqOS for Java: onboard machines on peaq (devnet, agung, mainnet).",
    subcommands = {
      InitCommand.class,
      WhoamiCommand.class,
      ActivateCommand.class,
      xyz.peaq.os.cli.commands.MachineCommand.class,
      QualifyCommand.class,
      ShowCommand.class,
      KeysCommand.class,
      DevnetCommand.class,
      xyz.peaq.os.cli.commands.CompletionCommand.class,
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success (also an idempotent no-op)",
      "  1  input error: bad flag or argument, invalid DID, cap or rate limit",
      "  2  network or chain error: RPC, HTTP, revert, transaction still pending",
      "  3  configuration error: missing variable, invalid key file"
    })
public final class Main implements Runnable {

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Debug output on stderr (mutually exclusive with -q).")
  void setVerbose(boolean v) {
    Out.setVerbose(v);
    verboseSeen |= v;
  }

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Errors only on stderr (mutually exclusive with -v).")
  void setQuiet(boolean q) {
    Out.setQuiet(q);
    quietSeen |= q;
  }

  private static volatile boolean verboseSeen;
  private static volatile boolean quietSeen;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static CommandLine commandLine() {
    ErrorHandler handler = new ErrorHandler();
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(handler);
    cmd.setParameterExceptionHandler(handler);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setOut(new java.io.PrintWriter(Out.stdout(), true));
    cmd.setErr(new java.io.PrintWriter(Out.stderr(), true));
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    cmd.setExecutionStrategy(
        parseResult -> {
          if (verboseSeen && quietSeen) {
            throw new CommandLine.ParameterException(
                parseResult.commandSpec().commandLine(),
                "-v/--verbose and -q/--quiet are mutually exclusive");
          }
          return run.execute(parseResult);
        });
    return cmd;
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (Throwable t) {
      // An Error escapes picocli; without this the JVM would stay up on the services' threads.
      Out.error("Error: " + t);
      if (Out.verbose()) {
        t.printStackTrace(Out.stderr());
      }
      code = ExitCode.NETWORK;
    }
    System.exit(code);
  }
}
