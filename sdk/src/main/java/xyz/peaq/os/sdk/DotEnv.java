package xyz.peaq.os.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@code .env} files: {@code NAME=value} lines, optional {@code export}, single or
 * double quotes, {@code #} comments. No variable expansion (values are taken literally).
 */
public final class DotEnv {
  private DotEnv() {}

  /** The variables of {@code file}, in file order. */
  public static Map<String, String> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parses {@code .env} text. */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("export ")) {
        l = l.substring(7).strip();
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = l.substring(0, eq).strip();
      String value = l.substring(eq + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int hash = value.indexOf(" #");
        if (hash >= 0) {
          value = value.substring(0, hash).strip();
        }
      }
      out.put(name, value);
    }
    return out;
  }

  /**
   * Writes {@code values} to {@code file} with POSIX mode 0600 (atomically: a temporary file in the
   * same folder is renamed over it).
   */
  public static void write(Path file, Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    SecureFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
