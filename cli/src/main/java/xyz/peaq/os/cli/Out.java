package xyz.peaq.os.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI writes: results to stdout, progress and diagnostics to stderr. {@code -q} keeps
 * only errors on stderr, {@code -v} adds debug lines. One process runs one command, so the levels
 * are process-wide.
 */
public final class Out {
  private static volatile boolean verbose;
  private static volatile boolean quiet;
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final PrintStream ERR = new PrintStream(System.err, true, StandardCharsets.UTF_8);

  private Out() {}

  static void setVerbose(boolean v) {
    verbose = v;
  }

  static void setQuiet(boolean q) {
    quiet = q;
  }

  public static boolean verbose() {
    return verbose;
  }

  public static boolean quiet() {
    return quiet;
  }

  /** A result line on stdout. */
  public static void result(String line) {
    OUT.println(line);
  }

  /** A {@code [n/total] label} step line on stderr. */
  public static void step(int n, int total, String label) {
    progress("[" + n + "/" + total + "] " + label);
  }

  /** Progress on stderr, hidden by {@code -q}. */
  public static void progress(String line) {
    if (!quiet) {
      ERR.println(timed(line));
    }
  }

  /** Debug detail on stderr, shown only with {@code -v}. */
  /**
   * {@code PEAQOS_TIMINGS=1}: each progress and debug line starts with the milliseconds since the
   * JVM started (a profile of a run by phase, e.g. for the start-up benchmark); off by default.
   */
  private static final long START_MILLIS =
      "1".equals(System.getenv("PEAQOS_TIMINGS"))
          ? ProcessHandle.current()
              .info()
              .startInstant()
              .map(java.time.Instant::toEpochMilli)
              .orElse(System.currentTimeMillis())
          : -1;

  private static String timed(String line) {
    return START_MILLIS < 0
        ? line
        : String.format("%6d ms %s", System.currentTimeMillis() - START_MILLIS, line);
  }

  public static void debug(String line) {
    if (verbose) {
      ERR.println(timed("debug: " + line));
    }
  }

  /** An error on stderr, always shown. */
  public static void error(String line) {
    ERR.println(line);
  }

  public static PrintStream stdout() {
    return OUT;
  }

  public static PrintStream stderr() {
    return ERR;
  }
}
