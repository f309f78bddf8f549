package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.chain.SignedTransaction;

/**
 * Prints the indexer lag (event mined to visible over HTTP) and the latency of {@code /mcr/{did}}
 * under a bounded loopback load. Figures are printed, never asserted.
 */
class McrApiBenchmarkTest {
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
  }

  @AfterAll
  static void stop() {
    if (ops != null) ops.close();
    if (chain != null) chain.close();
  }

  static String stats(List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return String.format(
        "n=%d median %.1f ms, p99 %.1f ms, max %.1f ms",
        s.size(), pct(s, 50), pct(s, 99), s.get(s.size() - 1) / 1e6);
  }

  static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
  }

  @Test
  void indexerLagAndMcrLatency() throws Exception {
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("bench.db"))
            .pollInterval(Duration.ofMillis(200))
            .rateLimit(1_000_000, Duration.ofMinutes(1))
            .build();
    try (McrApiServer server = McrApiServer.start(cfg)) {
      DevnetOps.Key m = ops.newKey();
      BigInteger id = ops.register(m);
      String did = DevnetOps.did(m);
      Await.until(
          Duration.ofSeconds(20),
          "machine indexed",
          () -> Http.get(server.url(), "/mcr/" + did).status() == 200);

      List<Long> lags = new ArrayList<>();
      int rounds = 20;
      java.util.Random jitter = new java.util.Random(42);
      for (int i = 1; i <= rounds; i++) {
        // Submissions right after a visible event would be phase-locked to the poll; a random
        // offset within one poll interval samples the lag fairly (a measurement pause, not a wait).
        Thread.sleep(jitter.nextInt(200));
        String data =
            DevnetOps.eventCall(
                id, 0, 1000 + i, "USD", System.currentTimeMillis() / 1000 - 60, 2, "");
        SignedTransaction tx =
            ops.broadcast(m, chain.contracts().eventRegistry(), BigInteger.ZERO, data);
        // anvil mines on arrival: once the broadcast returns the event is in a block.
        long mined = System.nanoTime();
        int expected = i;
        Await.until(
            Duration.ofSeconds(10),
            "event " + i + " visible",
            () ->
                Http.get(server.url(), "/mcr/" + did).body().get("event_count").asInt()
                    == expected);
        lags.add(System.nanoTime() - mined);
        ops.await(m, tx);
      }
      System.out.println(
          "BENCHMARK mcr-api indexer lag, event mined -> visible via HTTP (poll 200 ms): "
              + stats(lags));

      int requests = 2000;
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> parts = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        parts.add(
            pool.submit(
                () -> {
                  List<Long> own = new ArrayList<>();
                  for (int r = 0; r < requests / threads; r++) {
                    long s = System.nanoTime();
                    Http.Answer a = Http.get(server.url(), "/mcr/" + did);
                    own.add(System.nanoTime() - s);
                    if (a.status() != 200) {
                      throw new AssertionError("status " + a.status());
                    }
                  }
                  return own;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : parts) {
        all.addAll(f.get());
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      assertThat(all).hasSize(requests);
      System.out.printf(
          "BENCHMARK mcr-api GET /mcr/{did} (%d events), %d requests from %d threads: %s, %.0f req/s%n",
          rounds, requests, threads, stats(all), requests / secs);
    }
  }
}
