package xyz.peaq.os.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.sdk.EnvSource;

/**
 * The configuration the CLI sees: the SDK's {@link EnvSource#standard} rule (the process
 * environment over a {@code .env} file in the working directory, the environment wins; blank values
 * count as unset), with the working directory the CLI resolves relative paths against.
 */
public final class CliEnv {
  private final EnvSource source;
  private final Path workDir;

  private CliEnv(Path workDir, EnvSource source) {
    this.workDir = workDir;
    this.source = source;
  }

  public static CliEnv load() {
    Path wd = Path.of("").toAbsolutePath();
    return new CliEnv(wd, EnvSource.standard(EnvSource.system(), wd));
  }

  /** A fixed set of values (tests, presets). */
  public static CliEnv of(Path workDir, Map<String, String> values) {
    return new CliEnv(workDir, EnvSource.of(values));
  }

  public Path workDir() {
    return workDir;
  }

  /** The trimmed value, empty when unset or blank. */
  public Optional<String> get(String name) {
    return source.get(name);
  }

  /** The value, or null when unset or blank: the lookup shape of the foundation's helpers. */
  public String orNull(String name) {
    return source.get(name).orElse(null);
  }
}
