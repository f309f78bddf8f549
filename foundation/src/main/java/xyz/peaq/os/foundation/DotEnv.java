package xyz.peaq.os.foundation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code .env} files, the one format of the SDK's {@code .env}, the CLI's and the devnet's {@code
 * devnet.env}: {@code NAME=value} lines, an optional {@code export }, single or double quotes
 * around a value, {@code #} comment lines and {@code " #"} trailing comments on unquoted values. No
 * variable expansion and no escapes: values are taken literally. Written files are owner-only
 * (0600) and replaced atomically ({@link SecureFiles}), since they may hold keys.
 */
public final class DotEnv {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private DotEnv() {}

  /**
   * The variables of {@code file}, in file order.
   *
   * @throws UncheckedIOException when the file cannot be read (also when it does not exist)
   */
  public static Map<String, String> read(Path file) {
    try {
      return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The variables of {@code file}, or none when it is not a regular file. */
  public static Map<String, String> readIfPresent(Path file) {
    return Files.isRegularFile(file) ? read(file) : new LinkedHashMap<>();
  }

  /** Parses {@code .env} text; lines that are not {@code NAME=value} are skipped. */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("export ")) {
        l = l.substring(7).trim();
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = l.substring(0, eq).trim();
      String value = l.substring(eq + 1).trim();
      if (quoted(value)) {
        value = value.substring(1, value.length() - 1);
      } else {
        int hash = value.indexOf(" #");
        if (hash >= 0) {
          value = value.substring(0, hash).trim();
        }
      }
      out.put(name, value);
    }
    return out;
  }

  /**
   * The text of a {@code .env} file: {@code header} lines as {@code #} comments, then one {@code
   * NAME=value} line per entry. A value that would not read back as itself unquoted (blank ends, a
   * {@code " #"}, surrounding quotes) is written in double quotes, so {@code parse(format(m))} is
   * {@code m}.
   *
   * @throws IllegalArgumentException for a name that is not letters, digits and {@code _} (not
   *     starting with a digit), or a value of more than one line; the message names the variable
   */
  public static String format(String header, Map<String, String> values) {
    StringBuilder text = new StringBuilder();
    if (header != null && !header.isEmpty()) {
      for (String line : header.split("\\R")) {
        text.append("# ").append(line).append('\n');
      }
    }
    values.forEach(
        (k, v) -> {
          if (k == null || !NAME.matcher(k).matches()) {
            throw new IllegalArgumentException(
                ".env variable names are letters, digits and _ (not starting with a digit), was '"
                    + k
                    + "'");
          }
          if (v == null) {
            throw new IllegalArgumentException(
                "value of " + k + " is null; leave the variable out instead");
          }
          if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("value of " + k + " must be one line");
          }
          String plain = k + "=" + v;
          boolean readsBack = v.equals(parse(plain).get(k));
          text.append(readsBack ? plain : k + "=\"" + v + "\"").append('\n');
        });
    return text.toString();
  }

  /** Writes {@code values} to {@code file} (0600, replaced atomically). */
  public static void write(Path file, Map<String, String> values) {
    write(file, null, values);
  }

  /**
   * Writes {@code header} as comments and {@code values} to {@code file} (0600, replaced
   * atomically).
   */
  public static void write(Path file, String header, Map<String, String> values) {
    String text = format(header, values);
    try {
      SecureFiles.writeAtomically(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static boolean quoted(String value) {
    return value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"));
  }
}
