package xyz.peaq.os.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The native anvil process, launched through a small shell guard: the guard starts anvil in the
 * background, prints its pid, then blocks reading its stdin, a pipe from this JVM. When the JVM
 * goes away for any reason (even SIGKILL) the kernel closes that pipe, the guard reads EOF and
 * sends anvil SIGTERM, which makes anvil write its state file and exit. No orphan survives the JVM.
 */
final class AnvilProcess {
  // $0 is the log file; "$@" the anvil command. The guard (and so cat and anvil) ignores SIGINT and
  // SIGHUP: a Ctrl-C or a closed terminal reaches the JVM, whose exit closes the pipe, and anvil is
  // then stopped once, in order, with its state written.
  private static final String GUARD =
      "trap '' INT HUP; \"$@\" </dev/null >>\"$0\" 2>&1 & child=$!; echo \"$child\"; "
          + "cat >/dev/null; kill -TERM \"$child\" 2>/dev/null; wait \"$child\"";

  private static final long EXIT_DUMP_ONLY_SECONDS = 365L * 24 * 3600;

  private final Process guard;
  private final OutputStream guardStdin;
  private final long pid;
  private final int port;
  private final Path logFile;
  private final AnvilProcess origin; // the chain this one forks, null when it forks none

  private AnvilProcess(Process guard, long pid, int port, Path logFile, AnvilProcess origin) {
    this.origin = origin;
    this.guard = guard;
    this.guardStdin = guard.getOutputStream();
    this.pid = pid;
    this.port = port;
    this.logFile = logFile;
  }

  /**
   * Starts anvil on the folder's snapshot, if any.
   *
   * <p>{@code --prune-history}: anvil otherwise keeps a copy of the whole state for every block
   * (500 in memory, then up to 3,600 serialised to disk, one per block mined) so that calls can
   * name an old block; that copy is what made every block slower as the chain grew. Reads at {@code
   * latest} and {@code pending}, receipts, blocks and logs are unaffected.
   *
   * <p>anvil's periodic dump is not used (it rewrites its file in place, see {@link
   * StateSnapshotter}); anvil only dumps when stopped, to {@code state.exit.json}, which {@link
   * StateFiles} promotes.
   *
   * <p>With an {@code origin}, that empty chain is started first and this anvil forks its block 0
   * ({@link ChainOrigin}: a fork computes no state root); the origin is stopped with it.
   */
  static AnvilProcess start(
      DevnetOptions options, StateFiles state, Path logFile, Optional<ChainOrigin> origin) {
    AnvilProcess originProcess = null;
    List<String> args =
        new ArrayList<>(
            List.of(
                "--chain-id",
                Long.toString(options.chainId()),
                "--hardfork",
                options.hardfork(),
                "--prune-history",
                "--dump-state",
                state.exitDump().toString(),
                // the dump on stop is wanted, the periodic one is not: a year between periodic
                // dumps
                "--state-interval",
                Long.toString(EXIT_DUMP_ONLY_SECONDS),
                "-q"));
    if (Files.exists(state.snapshot()))
      args.addAll(List.of("--load-state", state.snapshot().toString()));
    options
        .historyBlocks()
        .ifPresent(n -> args.addAll(List.of("--transaction-block-keeper", Integer.toString(n))));
    // mining is the devnet's BatchingMiner (or anvil's timer with interval mining)
    if (options.blockTimeSeconds().isPresent()) {
      args.addAll(List.of("--block-time", Integer.toString(options.blockTimeSeconds().get())));
    } else {
      args.add("--no-mining");
    }
    if (origin.isPresent()) {
      originProcess =
          launch(
              options.anvilBinary(),
              origin.get().anvilArguments(options),
              origin.get().logFile(),
              options.startupTimeout(),
              null);
      // the fork's own disk cache of fetched state would be shared by every devnet of this chain
      // id under ~/.foundry: nothing worth caching comes from an empty origin
      args.addAll(
          List.of(
              "--fork-url",
              originProcess.rpcUrl(),
              "--fork-block-number",
              "0",
              "--no-storage-caching"));
    }
    try {
      AnvilProcess main =
          launch(options.anvilBinary(), args, logFile, options.startupTimeout(), originProcess);
      // a fork's clock starts at the origin's genesis time, fixed when the folder was made: put
      // it to the wall clock, as a chain without an origin starts (a replay then sets its own)
      if (origin.isPresent()) {
        try {
          new LocalRpc(main.rpcUrl())
              .call("evm_setTime", "[" + (System.currentTimeMillis() / 1000) + "]");
        } catch (IOException e) {
          main.stop();
          throw new DevnetException("anvil did not take the time: " + e.getMessage(), e);
        }
      }
      return main;
    } catch (RuntimeException e) {
      if (originProcess != null) originProcess.stop();
      throw e;
    }
  }

  private static AnvilProcess launch(
      Path anvil,
      List<String> anvilArgs,
      Path logFile,
      Duration startupTimeout,
      AnvilProcess origin) {
    boolean procFs = Files.isDirectory(Path.of("/proc/self/fd"));
    int requestedPort = procFs ? 0 : freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                GUARD,
                logFile.toString(),
                anvil.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(requestedPort)));
    cmd.addAll(anvilArgs);
    Process guard;
    try {
      Files.writeString(logFile, "");
      guard =
          new ProcessBuilder(cmd)
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new DevnetException("cannot start anvil (" + anvil + "): " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    long pid;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(guard.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.trim().matches("\\d+")) {
        guard.destroyForcibly();
        throw new DevnetException("anvil did not start: " + tail(logFile));
      }
      pid = Long.parseLong(line.trim());
    } catch (IOException e) {
      guard.destroyForcibly();
      throw new DevnetException("anvil did not start: " + e.getMessage() + "; " + tail(logFile), e);
    }
    AnvilProcess started = null;
    try {
      int port = requestedPort;
      while (port == 0) {
        if (!alive(pid))
          throw new DevnetException("anvil exited during start-up: " + tail(logFile));
        if (System.nanoTime() > deadline) {
          throw new DevnetException(
              "anvil did not open its port within "
                  + startupTimeout.toSeconds()
                  + " s: "
                  + tail(logFile));
        }
        port = listeningPort(pid).orElse(0);
        if (port == 0) pause();
      }
      started = new AnvilProcess(guard, pid, port, logFile, origin);
      started.awaitReady(deadline, startupTimeout);
      return started;
    } catch (RuntimeException e) {
      if (started != null) started.stopSelf();
      else {
        closeQuietly(guard.getOutputStream());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        guard.destroyForcibly();
      }
      throw e;
    }
  }

  /**
   * Stops an anvil left running on this data folder by a devnet whose JVM and guard were both
   * killed at once (for instance SIGKILL of a whole process group). It is recognised by the pid
   * recorded in the folder and by its command line naming this folder's state files, so no other
   * process is touched. Two anvils on one state file would overwrite each other's dumps.
   */
  static void stopStale(Path pidFile, Path dataDir) {
    if (!Files.exists(pidFile)) return;
    long stalePid;
    try {
      stalePid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> stale = ProcessHandle.of(stalePid).filter(ProcessHandle::isAlive);
    if (stale.isEmpty()) return;
    String commandLine = stale.get().info().commandLine().orElse("");
    if (!commandLine.contains("anvil")
        || !commandLine.contains(dataDir.resolve("state").toString())) return;
    stale.get().destroy(); // SIGTERM: anvil writes its state first
    try {
      stale.get().onExit().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      stale.get().destroyForcibly();
    }
  }

  long pid() {
    return pid;
  }

  int port() {
    return port;
  }

  String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  boolean isAlive() {
    return alive(pid);
  }

  /** The origin anvil's pid, when this one forks an origin. */
  Optional<Long> originPid() {
    return Optional.ofNullable(origin).map(o -> o.pid);
  }

  /**
   * Stops anvil (it writes its state file on SIGTERM) and waits until it is gone, then its origin
   * (which the fork reads until its last moment).
   */
  void stop() {
    stopSelf();
    if (origin != null) origin.stop();
  }

  private void stopSelf() {
    closeQuietly(guardStdin);
    try {
      if (!guard.waitFor(20, TimeUnit.SECONDS)) guard.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<ProcessHandle> anvil = ProcessHandle.of(pid);
    if (anvil.isPresent() && anvil.get().isAlive()) {
      anvil.get().destroy();
      try {
        anvil.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        anvil.get().destroyForcibly();
      }
    }
  }

  private void awaitReady(long deadline, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rpcUrl()))
            .timeout(Duration.ofSeconds(2))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .build();
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"result\"")) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DevnetException("interrupted while waiting for anvil", e);
      }
      if (!alive(pid)) throw new DevnetException("anvil exited during start-up: " + tail(logFile));
      if (System.nanoTime() > deadline) {
        throw new DevnetException(
            "anvil did not answer on "
                + rpcUrl()
                + " within "
                + timeout.toSeconds()
                + " s: "
                + tail(logFile));
      }
      pause();
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The TCP port a process listens on, read from /proc (anvil -q does not print it). */
  static Optional<Integer> listeningPort(long pid) {
    try {
      Set<String> inodes = new HashSet<>();
      try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
        for (Path fd : (Iterable<Path>) fds::iterator) {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
          } catch (IOException ignored) {
            // fd closed meanwhile
          }
        }
      }
      if (inodes.isEmpty()) return Optional.empty();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = Path.of("/proc", Long.toString(pid), "net", table);
        if (!Files.exists(file)) continue;
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
            String local = f[1];
            return Optional.of(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile);
      List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
      String text = String.join("\n", last).trim();
      return text.isEmpty()
          ? "(anvil printed nothing; log " + logFile + ")"
          : "anvil said:\n" + text;
    } catch (IOException e) {
      return "(no anvil log at " + logFile + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new DevnetException("no free loopback port for anvil: " + e.getMessage(), e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevnetException("interrupted while starting anvil", e);
    }
  }

  private static void closeQuietly(OutputStream s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // the guard is gone already
    }
  }
}
