package xyz.peaq.os.foundation;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;

/**
 * Where peaqOS keeps per-user state: {@code ~/.peaqos}, with {@code ~} the {@code HOME} variable
 * (as a shell expands it) and, when that is unset or blank, the JVM's {@code user.home}. The devnet
 * folder is {@code PEAQOS_DEVNET_DIR} when set, else {@code ~/.peaqos/devnet}. One rule for the
 * SDK, the CLI and the services, so that {@code HOME=/tmp/x peaqos devnet up} and an SDK program
 * run with the same {@code HOME} meet in the same folder.
 */
public final class PeaqosHome {
  /** The variable that overrides the devnet folder. */
  public static final String DEVNET_DIR_VARIABLE = "PEAQOS_DEVNET_DIR";

  private PeaqosHome() {}

  /** {@code ~/.peaqos} from the process environment. */
  public static Path dir() {
    return dir(System::getenv);
  }

  /**
   * {@code ~/.peaqos}, reading {@code HOME} from {@code env} (a name to value lookup, null when
   * unset).
   */
  public static Path dir(Function<String, String> env) {
    String home = env.apply("HOME");
    if (home == null || home.trim().isEmpty()) {
      home = System.getProperty("user.home");
    }
    return Paths.get(home.trim(), ".peaqos").toAbsolutePath().normalize();
  }

  /** The devnet folder from the process environment. */
  public static Path devnetDir() {
    return devnetDir(System::getenv);
  }

  /**
   * The devnet folder: {@code PEAQOS_DEVNET_DIR} from {@code env} (made absolute against the
   * working directory) when set and not blank, else {@code ~/.peaqos/devnet}.
   */
  public static Path devnetDir(Function<String, String> env) {
    String v = env.apply(DEVNET_DIR_VARIABLE);
    if (v != null && !v.trim().isEmpty()) {
      return Paths.get(v.trim()).toAbsolutePath().normalize();
    }
    return dir(env).resolve("devnet");
  }
}
