package xyz.peaq.os.cli.devnet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;

/** Starts a stack in a background JVM and stops a recorded one. */
public final class DevnetProcess {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private DevnetProcess() {}

  /**
   * Starts {@code peaqos devnet up} (foreground) in a new session with its output in the folder's
   * log, and waits until {@code devnet.env} says that process is ready.
   */
  public static ProcessHandle startDetached(
      DevnetLayout layout, int mcrPort, int gasStationPort, Long chainId) {
    try {
      Files.createDirectories(layout.dir());
    } catch (IOException e) {
      throw CliException.config(
          "Cannot create the devnet folder " + layout.dir() + ": " + e.getMessage());
    }
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      // Its own session: a Ctrl-C meant for the caller's terminal does not reach the devnet.
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    String home = System.getProperty("peaqos.home");
    if (home != null) {
      cmd.add("-Dpeaqos.home=" + home);
    }
    String anvil = System.getProperty("peaqos.anvil");
    if (anvil != null) {
      cmd.add("-Dpeaqos.anvil=" + anvil);
    }
    cmd.add("-cp");
    // The launcher runs most commands on a class path without the services the devnet runs; it
    // names the full one in this property (cli/README.md, start-up).
    cmd.add(System.getProperty("peaqos.devnet.classpath", System.getProperty("java.class.path")));
    cmd.add("xyz.peaq.os.cli.Main");
    cmd.add("devnet");
    cmd.add("up");
    cmd.add("--devnet-dir");
    cmd.add(layout.dir().toString());
    cmd.add("--mcr-port");
    cmd.add(Integer.toString(mcrPort));
    cmd.add("--gas-station-port");
    cmd.add(Integer.toString(gasStationPort));
    if (chainId != null) {
      cmd.add("--chain-id");
      cmd.add(Long.toString(chainId));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
            .redirectErrorStream(true);
    pb.environment().put("PEAQOS_LAUNCHER_QUIET", "1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw CliException.config("Cannot start the devnet process: " + e.getMessage());
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    long sleep = 20;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        int code = p.exitValue();
        throw new CliException(
            code == 0 ? ExitCode.NETWORK : code,
            "The devnet did not start (exit "
                + code
                + "). Its log, "
                + layout.logFile()
                + ", ends with:\n"
                + tail(layout.logFile(), 15));
      }
      Optional<ProcessHandle> running = layout.running();
      if (running.isPresent() && running.get().pid() == p.pid()) {
        return running.get();
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep = Math.min(sleep * 2, 200);
    }
    p.destroy();
    throw new CliException(
        ExitCode.NETWORK,
        "The devnet did not become ready within "
            + READY_TIMEOUT.toSeconds()
            + " s; see "
            + layout.logFile());
  }

  /** Stops the recorded stack and waits until it and its children (anvil) are gone. */
  public static boolean stop(DevnetLayout layout) {
    Optional<ProcessHandle> p =
        layout.recordedPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return false;
    }
    ProcessHandle proc = p.get();
    if (!isOurs(proc)) {
      Out.progress(
          "  The pid in " + layout.pidFile() + " belongs to another program; not touching it.");
      return false;
    }
    List<ProcessHandle> family = new ArrayList<>(proc.descendants().toList());
    proc.destroy();
    if (!waitGone(proc, STOP_TIMEOUT)) {
      Out.progress(
          "  The devnet did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it.");
      proc.destroyForcibly();
      waitGone(proc, Duration.ofSeconds(10));
    }
    for (ProcessHandle child : family) {
      if (!waitGone(child, Duration.ofSeconds(10))) {
        child.destroyForcibly();
        waitGone(child, Duration.ofSeconds(5));
      }
    }
    return true;
  }

  private static boolean isOurs(ProcessHandle p) {
    String cmd = p.info().commandLine().orElse("");
    return cmd.isEmpty() || cmd.contains("xyz.peaq.os.cli.Main") || cmd.contains("java");
  }

  private static boolean waitGone(ProcessHandle p, Duration timeout) {
    try {
      p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !p.isAlive();
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
