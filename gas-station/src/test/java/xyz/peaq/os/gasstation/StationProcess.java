package xyz.peaq.os.gasstation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the standalone Gas Station ({@link GasStationServer#main}) as a child process
 * configured by environment only, so it can be killed with SIGKILL.
 */
final class StationProcess implements AutoCloseable {
  private static final String URL_LINE = "PEAQOS_GAS_STATION_URL=";

  private final Process process;
  private final String url;

  private StationProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts a station; its output goes to {@code log} (kept for a failing test's diagnosis). */
  static StationProcess start(Map<String, String> env, Path log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            GasStationServer.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    java.io.Writer out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.write(line);
                  out.write('\n');
                  out.flush();
                  if (line.startsWith(URL_LINE)) {
                    url.complete(line.substring(URL_LINE.length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // the process died
              } finally {
                try {
                  out.close();
                } catch (IOException ignored) {
                  // nothing more to keep
                }
              }
              url.completeExceptionally(
                  new IllegalStateException("the station exited before listening"));
            },
            "station-process-out");
    reader.setDaemon(true);
    reader.start();
    try {
      return new StationProcess(p, url.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  String url() {
    return url;
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
