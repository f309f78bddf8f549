package xyz.peaq.os.cli;

import java.util.List;
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
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success (also an idempotent no-op)",
      "  1  input error: bad flag or argument, invalid DID, cap or rate limit",
      "  2  network or chain error: RPC, HTTP, revert, transaction still pending",
      "  3  configuration error: missing variable, invalid key file"
    })
public final class Main implements Runnable {
  /**
   * The subcommands, in help order. Not in the annotation: picocli builds the model of every
   * registered command by reflection before it parses, so a run registers only the command it names
   * (all of them when it names none, for help, suggestions and completion).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          InitCommand.class,
          WhoamiCommand.class,
          ActivateCommand.class,
          xyz.peaq.os.cli.commands.MachineCommand.class,
          QualifyCommand.class,
          ShowCommand.class,
          KeysCommand.class,
          DevnetCommand.class,
          xyz.peaq.os.cli.commands.FleetCommand.class,
          xyz.peaq.os.cli.commands.CompletionCommand.class);

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

  /** The full command line, every subcommand registered. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  /**
   * The subcommands a run of {@code args} needs: the one its first word that is not an option
   * names, none for {@code --version} alone, or all of them ({@code --help}, a typo to suggest for,
   * {@code completion}).
   */
  static List<Class<?>> subcommandsFor(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The version alone reads no subcommand (and the launcher runs it on the client class path).
      return List.of();
    }
    for (String a : args) {
      if (a.startsWith("-")) {
        continue;
      }
      for (Class<?> c : SUBCOMMANDS) {
        Command spec = c.getAnnotation(Command.class);
        if (spec.name().equals(a) && !a.equals("completion")) {
          return List.of(c);
        }
      }
      break;
    }
    return SUBCOMMANDS;
  }

  static CommandLine commandLine(List<Class<?>> subcommands) {
    ErrorHandler handler = new ErrorHandler();
    CommandLine cmd = new CommandLine(new Main());
    for (Class<?> c : subcommands) {
      cmd.addSubcommand(c);
    }
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

  /**
   * Whether the command will sign or read the chain (and so needs BouncyCastle, Jackson and the
   * HTTP client): its first word that is not an option names it. Help and {@code --version} never
   * do.
   */
  static boolean usesTheChain(String[] args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return false;
      }
    }
    for (String a : args) {
      if (!a.startsWith("-")) {
        return java.util.Set.of("activate", "init", "whoami", "qualify", "keys").contains(a);
      }
    }
    return false;
  }

  public static int run(String... args) {
    return commandLine(subcommandsFor(args)).execute(args);
  }

  public static void main(String[] args) {
    if (usesTheChain(args)) {
      StartupWarmUp.start(java.util.Arrays.asList(args).contains("activate"));
    }
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
