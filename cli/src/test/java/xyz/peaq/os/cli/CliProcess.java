package xyz.peaq.os.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the CLI as a separate process — {@code java -cp <cli classes + classpath file>
 * xyz.peaq.os.cli.Main} — with a chosen working directory, HOME and environment, and stdin closed
 * (no terminal attached).
 */
final class CliProcess {
  static final Path REPO =
      Path.of(System.getProperty("peaqos.repo", "..")).toAbsolutePath().normalize();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(240);

  record Result(int exit, String stdout, String stderr) {
    String all() {
      return stdout + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit=" + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private final Path home;
  private final Map<String, String> env = new HashMap<>();

  CliProcess(Path home) {
    this.home = home;
  }

  CliProcess env(String k, String v) {
    env.put(k, v);
    return this;
  }

  static String classpath() {
    try {
      String classes =
          System.getProperty("peaqos.cli.classes", REPO.resolve("cli/target/classes").toString());
      Path cpFile =
          Path.of(
              System.getProperty(
                  "peaqos.cli.classpathFile", REPO.resolve("cli/target/classpath.txt").toString()));
      return classes + File.pathSeparator + Files.readString(cpFile).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cli/target/classpath.txt is missing: run the Maven build (process-classes)", e);
    }
  }

  ProcessBuilder builder(Path workDir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dpeaqos.home=" + REPO);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("xyz.peaq.os.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> e = pb.environment();
    // Only what the test decides: no key, network or devnet folder leaks in from the machine.
    e.keySet()
        .removeIf(
            k -> k.startsWith("PEAQOS_") || k.endsWith("_ADDRESS") || k.equals("OWS_PASSPHRASE"));
    e.put("HOME", home.toString());
    e.put("PEAQOS_DEVNET_MCR_PORT", "0");
    e.putAll(env);
    return pb;
  }

  Result run(Path workDir, String... args) {
    return run(DEFAULT_TIMEOUT, workDir, args);
  }

  Result run(Duration timeout, Path workDir, String... args) {
    try {
      Process p = builder(workDir, args).start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            "peaqos "
                + String.join(" ", args)
                + " did not finish within "
                + timeout
                + "\n"
                + err.getNow(""));
      }
      return new Result(
          p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("cannot run peaqos " + String.join(" ", args), e);
    }
  }

  /**
   * Starts the CLI and kills it with SIGKILL as soon as a journal line of {@code workDir}'s {@code
   * peaqos.log} matches; returns the stderr it had printed. Fails when the process ends first.
   */
  String runAndKillWhen(Path workDir, Predicate<String> journalLine, String... args)
      throws Exception {
    Process p = builder(workDir, args).start();
    CompletableFuture<String> err = drain(p.getErrorStream());
    drain(p.getInputStream());
    Path log = workDir.resolve("peaqos.log");
    long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(log)) {
          for (String line : Files.readAllLines(log)) {
            if (journalLine.test(line)) {
              p.destroyForcibly();
              p.waitFor();
              return err.get(10, TimeUnit.SECONDS);
            }
          }
        }
        if (!p.isAlive()) {
          throw new AssertionError(
              "the CLI ended (exit " + p.exitValue() + ") before the kill point:\n" + err.get());
        }
        Thread.sleep(5);
      }
      throw new AssertionError("the kill point never came:\n" + err.getNow(""));
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * Reads a stream to its end on a thread of its own (the common pool has one worker on two cores,
   * and a drain blocked on another process's pipe would starve this one), keeping what was read
   * when a kill closes the stream under it.
   */
  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          byte[] buf = new byte[8192];
          try {
            for (int n; (n = in.read(buf)) >= 0; ) {
              out.write(buf, 0, n);
            }
          } catch (IOException e) {
            // closed by the kill: what was read so far is the output
          }
          return out.toString(StandardCharsets.UTF_8);
        },
        r -> {
          Thread t = new Thread(r, "cli-output-drain");
          t.setDaemon(true);
          t.start();
        });
  }
}
