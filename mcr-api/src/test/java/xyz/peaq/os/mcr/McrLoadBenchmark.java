package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * Open-loop load on the MCR API: a fixed request rate (default 500 req/s) per path, whatever the
 * answers' latency, each latency measured from the request's scheduled start (so a stalled server
 * is not hidden by a slowed client). Paths run one after another for a phase each, rotated over
 * several rounds in one run (interleaved): {@code /health}, then {@code /mcr/{did}} and {@code
 * /machine/{did}} of a 1.0 and of a 2.0 machine with 20 events each. Prints p50/p99 per path and
 * the p99 ratio to {@code /health}'s, with the load average. Outside the default test run:
 *
 * <pre>
 * mvn -B -pl mcr-api -am verify -Dtest=McrLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dpeaqos.benchmark=mcr-load
 * </pre>
 *
 * {@code -Dpeaqos.benchmark.rate=500 -Dpeaqos.benchmark.seconds=10 -Dpeaqos.benchmark.rounds=3}
 * change the rate, the phase length and the rounds.
 */
@EnabledIfSystemProperty(named = "peaqos.benchmark", matches = "mcr-load")
class McrLoadBenchmark {
  @TempDir Path dir;

  @Test
  void p99OfMcrAndMachineAgainstHealthAtAFixedRate() throws Exception {
    int rate = Integer.getInteger("peaqos.benchmark.rate", 500);
    int seconds = Integer.getInteger("peaqos.benchmark.seconds", 10);
    int rounds = Integer.getInteger("peaqos.benchmark.rounds", 3);
    try (DevnetChain chain =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
        DevnetOps ops = new DevnetOps(chain)) {
      Econ2Ops econ2 = new Econ2Ops(ops);
      McrApiConfig cfg =
          ops.config()
              .databaseFile(dir.resolve("mcr.db"))
              .pollInterval(Duration.ofMillis(200))
              .rateLimit(100_000_000, Duration.ofMinutes(1))
              .build();
      try (McrApiServer server = McrApiServer.start(cfg)) {
        DevnetOps.Key v1 = ops.newKey();
        BigInteger v1Id = ops.register(v1);
        DevnetOps.Key owner = ops.newKey();
        long activated = System.nanoTime();
        BigInteger v2Id =
            econ2.activate(
                owner, owner.address(), "Sensor", owner.address().getBytes(StandardCharsets.UTF_8));
        long mined = System.nanoTime();
        String v2Did = "did:peaq:" + v2Id;
        Await.until(
            Duration.ofSeconds(20),
            "2.0 machine indexed",
            () -> Http.get(server.url(), "/mcr/" + v2Did).status() == 200);
        System.out.printf(
            "BENCHMARK mcr-api indexer lag of a 2.0 activation (poll 200 ms): %.0f ms after its"
                + " activateMachine receipt (%.0f ms after the approval was sent)%n",
            (System.nanoTime() - mined) / 1e6, (System.nanoTime() - activated) / 1e6);
        long now = ops.client.blockTimestamp(ops.client.blockNumber()).getEpochSecond();
        for (int i = 0; i < 20; i++) {
          ops.send(
              v1,
              chain.contracts().eventRegistry(),
              BigInteger.ZERO,
              DevnetOps.eventCall(v1Id, i % 2, 1000 + i, i % 2 == 0 ? "USD" : "", now - 60, 2, ""));
          econ2.submitEvent(owner, v2Id, i % 2, 1000 + i, 2);
        }
        String v1Did = DevnetOps.did(v1);
        Await.until(
            Duration.ofSeconds(20),
            "events indexed",
            () ->
                Http.get(server.url(), "/mcr/" + v1Did).body().get("event_count").asInt() == 20
                    && Http.get(server.url(), "/mcr/" + v2Did).body().get("event_count").asInt()
                        == 20);

        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/health", "/health");
        paths.put("/mcr 1.0", "/mcr/" + v1Did);
        paths.put("/mcr 2.0", "/mcr/" + v2Did);
        paths.put("/machine 1.0", "/machine/" + v1Did);
        paths.put("/machine 2.0", "/machine/" + v2Did);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Warm-up: JIT and connection pool, not measured.
        for (String p : paths.values()) {
          run(http, server.url() + p, rate, 2);
        }
        Map<String, List<Long>> all = new LinkedHashMap<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        for (int r = 0; r < rounds; r++) {
          for (Map.Entry<String, String> e : paths.entrySet()) {
            Phase ph = run(http, server.url() + e.getValue(), rate, seconds);
            all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(ph.latencies);
            errors.merge(e.getKey(), ph.errors, Integer::sum);
          }
        }
        String loadAfter = loadAverage();
        double healthP99 = pct(sorted(all.get("/health")), 99);
        for (Map.Entry<String, List<Long>> e : all.entrySet()) {
          List<Long> s = sorted(e.getValue());
          System.out.printf(
              "BENCHMARK mcr-api open loop %d req/s, %d x %d s interleaved: %-13s n=%d p50 %.1f ms"
                  + " p99 %.1f ms max %.1f ms errors %d; p99 / health p99 = %.1f%n",
              rate,
              rounds,
              seconds,
              e.getKey(),
              s.size(),
              pct(s, 50),
              pct(s, 99),
              s.get(s.size() - 1) / 1e6,
              errors.get(e.getKey()),
              pct(s, 99) / healthP99);
        }
        System.out.println(
            "BENCHMARK mcr-api open loop load average before / after: "
                + loadBefore
                + " / "
                + loadAfter
                + " ("
                + Runtime.getRuntime().availableProcessors()
                + " cores)");
      }
    }
  }

  record Phase(List<Long> latencies, int errors) {}

  /**
   * {@code rate} requests a second to {@code url} for {@code seconds}, each on its own schedule.
   */
  static Phase run(HttpClient http, String url, int rate, int seconds) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int total = rate * seconds;
    for (int i = 0; i < total; i++) {
      long due = start + i * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.add(
          http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete(
                  (res, err) -> {
                    latencies.add(System.nanoTime() - due);
                    if (err != null || res.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
        .exceptionally(t -> null)
        .get();
    return new Phase(new ArrayList<>(latencies), errors.get());
  }

  static List<Long> sorted(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    Collections.sort(s);
    return s;
  }

  static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "n/a";
    }
  }
}
