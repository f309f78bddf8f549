package xyz.peaq.os.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration the CLI sees: the process environment over a {@code .env} file in the
 * working directory (the environment wins, as in the official SDKs). Blank values count as unset.
 */
public final class CliEnv {
  private final Map<String, String> values;
  private final Path workDir;

  private CliEnv(Path workDir, Map<String, String> values) {
    this.workDir = workDir;
    this.values = Map.copyOf(values);
  }

  public static CliEnv load() {
    Path wd = Path.of("").toAbsolutePath();
    Map<String, String> merged = new HashMap<>(readDotEnv(wd.resolve(".env")));
    System.getenv().forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        merged.put(k, v);
      }
    });
    return new CliEnv(wd, merged);
  }

  /** A fixed set of values (tests, presets). */
  public static CliEnv of(Path workDir, Map<String, String> values) {
    return new CliEnv(workDir, values);
  }

  public Path workDir() {
    return workDir;
  }

  public Optional<String> get(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** Parses KEY=VALUE lines; {@code export }, quotes and # comments are tolerated. */
  public static Map<String, String> readDotEnv(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("export ")) {
          line = line.substring(7).strip();
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        } else {
          int hash = value.indexOf(" #");
          if (hash >= 0) {
            value = value.substring(0, hash).strip();
          }
        }
        out.put(key, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
