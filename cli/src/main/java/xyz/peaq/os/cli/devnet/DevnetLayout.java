package xyz.peaq.os.cli.devnet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
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
    Optional<ProcessHandle> p =
        recordedPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> env = env();
    boolean ready =
        "1".equals(env.get(READY_VAR)) && String.valueOf(p.get().pid()).equals(env.get(PID_VAR));
    // A live pid is not proof: after a kill -9 the recorded pid may belong to another process by
    // now. The stack holds the folder's lock for its whole life, and the lock dies with it.
    return ready && lockHeld() ? p : Optional.empty();
  }

  /** True when some process (this one included) holds the folder's stack lock. */
  boolean lockHeld() {
    if (!Files.exists(lockFile())) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.WRITE)) {
      FileLock probe = ch.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      // Cannot tell (a read-only folder): trust the pid and ready flag as before.
      return true;
    }
  }
}
