package xyz.peaq.os.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * Where configuration variables come from. {@link #standard()} is the process environment over a
 * {@code .env} file in the working directory (the environment wins). Tests pass {@link #of(Map)}.
 * Blank values count as unset.
 */
@FunctionalInterface
public interface EnvSource {
  /** The raw value, or null when unset. */
  String raw(String name);

  /** The trimmed value, empty when unset or blank. */
  default Optional<String> get(String name) {
    String v = raw(name);
    return v == null || v.trim().isEmpty() ? Optional.empty() : Optional.of(v.trim());
  }

  /** This source, falling back to {@code fallback} for names it does not set. */
  default EnvSource orElse(EnvSource fallback) {
    return name -> {
      String v = raw(name);
      return v == null || v.trim().isEmpty() ? fallback.raw(name) : v;
    };
  }

  /** The process environment. */
  static EnvSource system() {
    return System::getenv;
  }

  /** A fixed map. */
  static EnvSource of(Map<String, String> values) {
    Map<String, String> copy = Immutables.copyOf(values);
    return copy::get;
  }

  /** A {@code .env} file; nothing when the file does not exist. */
  static EnvSource dotEnv(Path file) {
    if (!Files.isRegularFile(file)) {
      return name -> null;
    }
    return of(DotEnv.read(file));
  }

  /** The process environment over {@code ./.env}. */
  static EnvSource standard() {
    return system().orElse(dotEnv(Paths.get(".env").toAbsolutePath()));
  }

  /**
   * {@code environment} over {@code <dir>/.env}: what {@link #standard()} does, with both
   * injectable.
   */
  static EnvSource standard(EnvSource environment, Path workingDir) {
    return environment.orElse(dotEnv(workingDir.resolve(".env")));
  }
}
