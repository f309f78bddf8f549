package xyz.peaq.os.mcr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the standalone MCR API ({@link McrApiServer#main}) as a child process configured by
 * environment only, so it can be killed with SIGKILL.
 */
final class McrProcess implements AutoCloseable {
  private static final String LISTENING = "MCR API listening on ";

  private final Process process;
  private final String url;

  private McrProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The environment of {@code cfg}'s contracts and chain, on database {@code jdbcUrl}. */
  static Map<String, String> env(McrApiConfig cfg, String jdbcUrl) {
    return Map.of(
        "PEAQOS_RPC_URL", cfg.rpcUrl(),
        "IDENTITY_REGISTRY_ADDRESS", cfg.identityRegistry(),
        "IDENTITY_STAKING_ADDRESS", cfg.identityStaking(),
        "EVENT_REGISTRY_ADDRESS", cfg.eventRegistry(),
        "MACHINE_NFT_ADDRESS", cfg.machineNft(),
        "DID_REGISTRY_ADDRESS", cfg.didRegistry(),
        "MCR_DATABASE_URL", jdbcUrl,
        "MCR_PORT", "0",
        "MCR_POLL_INTERVAL_MS", String.valueOf(cfg.pollInterval().toMillis()),
        "MCR_RATE_LIMIT_PER_MINUTE", "100000");
  }

  static McrProcess start(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            McrApiServer.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith(LISTENING)) {
                    url.complete(line.substring(LISTENING.length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // the process died
              }
              url.completeExceptionally(
                  new IllegalStateException("the MCR API exited before listening"));
            },
            "mcr-process-out");
    reader.setDaemon(true);
    reader.start();
    try {
      return new McrProcess(p, url.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  String url() {
    return url;
  }

  /** This instance's role as {@code /ready} reports it. */
  String role() {
    return Http.get(url, "/ready").body().get("role").asText();
  }

  /** SIGKILL: no shutdown hook runs, the database session just ends. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
