package xyz.peaq.os.cli.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.foundation.DotEnv;

/** The files of a devnet folder that the CLI owns beside the chain's own. */
public record DevnetLayout(Path dir) {
  public static final String READY_VAR = "PEAQOS_DEVNET_READY";
  public static final String PID_VAR = "PEAQOS_DEVNET_PID";

  public Path envFile() {
    return dir.resolve("devnet.env");
  }

  /** Process id of the JVM running the stack (foreground or detached). */
  public Path pidFile() {
    return dir.resolve("stack.pid");
  }

  /** Output of a detached stack. */
  public Path logFile() {
    return dir.resolve("devnet.log");
  }

  public Path lockFile() {
    return dir.resolve("stack.lock");
  }

  public Path gasStationDir() {
    return dir.resolve("gas-station");
  }

  public Map<String, String> env() {
    return DotEnv.readIfPresent(envFile());
  }

  public Optional<Long> recordedPid() {
    try {
      if (!Files.exists(pidFile())) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(Files.readString(pidFile()).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The running stack's process, if the recorded one is alive and says it is ready. */
  public Optional<ProcessHandle> running() {
    Optional<ProcessHandle> p = recordedPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> env = env();
    boolean ready = "1".equals(env.get(READY_VAR)) && String.valueOf(p.get().pid()).equals(env.get(PID_VAR));
    return ready ? p : Optional.empty();
  }
}
