package xyz.peaq.os.cli.commands;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.devnet.DevnetLayout;
import xyz.peaq.os.cli.devnet.DevnetProcess;
import xyz.peaq.os.cli.devnet.DevnetStack;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.ChainReads;

/** {@code peaqos devnet up|status|down}. */
@Command(
    name = "devnet",
    description = "Run the local devnet: chain, Gas Station and MCR API.",
    subcommands = {DevnetCommand.Up.class, DevnetCommand.Status.class, DevnetCommand.Down.class})
public final class DevnetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: up, status or down");
  }

  /** Port settings shared by {@code up} and {@code activate}'s auto-start. */
  public static int mcrPort(CliEnv env, Integer flag) {
    return flag != null
        ? flag
        : env.get("PEAQOS_DEVNET_MCR_PORT")
            .map(v -> parsePort("PEAQOS_DEVNET_MCR_PORT", v))
            .orElse(8000);
  }

  public static int gasStationPort(CliEnv env, Integer flag) {
    return flag != null
        ? flag
        : env.get("PEAQOS_DEVNET_GAS_STATION_PORT")
            .map(v -> parsePort("PEAQOS_DEVNET_GAS_STATION_PORT", v))
            .orElse(0);
  }

  private static int parsePort(String name, String v) {
    try {
      int p = Integer.parseInt(v.trim());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    throw CliException.config(name + " must be a port number 0..65535, got \"" + v + "\"");
  }

  @Command(name = "up", description = "Start the devnet (foreground until Ctrl-C, or --detach).")
  static final class Up implements Runnable {
    @Option(
        names = "--detach",
        description = "Run in the background; its pid is kept in the devnet folder.")
    boolean detach;

    @Option(
        names = "--devnet-dir",
        paramLabel = "DIR",
        description = "Data folder (default ~/.peaqos/devnet, or PEAQOS_DEVNET_DIR).")
    Path devnetDir;

    @Option(
        names = "--mcr-port",
        paramLabel = "PORT",
        description =
            "MCR API port on 127.0.0.1 (default 8000, or PEAQOS_DEVNET_MCR_PORT; 0 = any free port).")
    Integer mcrPort;

    @Option(
        names = "--gas-station-port",
        paramLabel = "PORT",
        description =
            "Gas Station port on 127.0.0.1 (default any free port, or PEAQOS_DEVNET_GAS_STATION_PORT).")
    Integer gasStationPort;

    @Option(names = "--chain-id", paramLabel = "ID", description = "Chain id (default 33380).")
    Long chainId;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      DevnetLayout layout = new DevnetLayout(Target.devnetDir(env, devnetDir));
      Optional<ProcessHandle> running = layout.running();
      if (running.isPresent()) {
        Out.progress("Devnet already running (pid " + running.get().pid() + ").");
        printWhere(layout);
        return;
      }
      if (detach) {
        Out.progress("Starting the devnet in the background (log: " + layout.logFile() + ")...");
        ProcessHandle p =
            DevnetProcess.startDetached(
                layout, mcrPort(env, mcrPort), gasStationPort(env, gasStationPort), chainId);
        Out.progress(
            "Devnet running in the background (pid "
                + p.pid()
                + "); stop it with 'peaqos devnet down"
                + (devnetDir != null ? " --devnet-dir " + layout.dir() : "")
                + "'.");
        printWhere(layout);
        return;
      }
      DevnetStack stack =
          DevnetStack.start(
              new DevnetStack.Options(
                  layout.dir(),
                  mcrPort(env, mcrPort),
                  gasStationPort(env, gasStationPort),
                  chainId));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stack.close();
                    stopped.countDown();
                  },
                  "devnet-shutdown"));
      Out.progress("Devnet running (pid " + ProcessHandle.current().pid() + "). Ctrl-C stops it.");
      printWhere(layout);
      try {
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
          // A deleted folder (a removed temp dir, a wiped ~/.peaqos) must not leave an orphan
          // behind.
          if (!java.nio.file.Files.exists(layout.pidFile())) {
            Out.progress("The devnet folder's pid file is gone; stopping.");
            System.exit(0);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void printWhere(DevnetLayout layout) {
      Map<String, String> env = layout.env();
      Out.progress("  RPC URL    : " + env.getOrDefault("PEAQOS_RPC_URL", "?"));
      Out.progress("  Gas Station: " + env.getOrDefault("PEAQOS_GAS_STATION_URL", "?"));
      Out.progress("  MCR API    : " + env.getOrDefault("PEAQOS_MCR_API_URL", "?"));
      for (String line : xyz.peaq.os.cli.devnet.DevnetStack.relaxedSettings()) {
        Out.progress(line);
      }
      Out.result("devnet.env: " + layout.envFile());
    }
  }

  @Command(
      name = "status",
      description = "Is the devnet running? RPC URL, chain id, block number, service URLs.")
  static final class Status implements Runnable {
    @Option(
        names = "--devnet-dir",
        paramLabel = "DIR",
        description = "Data folder (default ~/.peaqos/devnet, or PEAQOS_DEVNET_DIR).")
    Path devnetDir;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      DevnetLayout layout = new DevnetLayout(Target.devnetDir(env, devnetDir));
      Optional<ProcessHandle> running = layout.running();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("running", running.isPresent());
      m.put("devnetDir", layout.dir().toString());
      m.put("envFile", layout.envFile().toString());
      if (running.isPresent()) {
        Map<String, String> e = layout.env();
        m.put("pid", running.get().pid());
        m.put("rpcUrl", e.get("PEAQOS_RPC_URL"));
        try (ChainReads chain = ChainReads.connect(e.get("PEAQOS_RPC_URL"))) {
          m.put("chainId", chain.fetchChainId());
          m.put("blockNumber", chain.blockNumber());
        }
        m.put("gasStationUrl", e.get("PEAQOS_GAS_STATION_URL"));
        m.put("mcrApiUrl", e.get("PEAQOS_MCR_API_URL"));
        m.put("explorerUrl", xyz.peaq.os.cli.util.ExplorerLinks.home(e.get("PEAQOS_MCR_API_URL")));
      }
      if (json) {
        Json.print(m);
        return;
      }
      if (running.isEmpty()) {
        Out.result("Devnet     : not running (" + layout.dir() + ")");
        return;
      }
      Out.result("Devnet     : running (pid " + m.get("pid") + ")");
      Out.result("Folder     : " + layout.dir());
      Out.result("RPC URL    : " + m.get("rpcUrl"));
      Out.result("Chain ID   : " + m.get("chainId"));
      Out.result("Block      : " + (BigInteger) m.get("blockNumber"));
      Out.result("Gas Station: " + m.get("gasStationUrl"));
      Out.result("MCR API    : " + m.get("mcrApiUrl"));
      Out.result("Explorer   : " + m.get("explorerUrl"));
      Out.result("devnet.env : " + layout.envFile());
    }
  }

  @Command(
      name = "down",
      description = "Stop the recorded devnet and wait until no process of it is left.")
  static final class Down implements Runnable {
    @Option(
        names = "--devnet-dir",
        paramLabel = "DIR",
        description = "Data folder (default ~/.peaqos/devnet, or PEAQOS_DEVNET_DIR).")
    Path devnetDir;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      DevnetLayout layout = new DevnetLayout(Target.devnetDir(env, devnetDir));
      if (DevnetProcess.stop(layout)) {
        Out.result("Devnet stopped (" + layout.dir() + "); its state is kept there.");
      } else {
        Out.result("Devnet is not running (" + layout.dir() + ").");
      }
    }
  }
}
