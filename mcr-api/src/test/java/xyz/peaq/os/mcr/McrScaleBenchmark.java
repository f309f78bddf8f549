package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * Scale benchmark, not part of the default test run (the class name does not end in Test): 1
 * against 3 MCR API processes on one private PostgreSQL database (one indexes, the others follow),
 * on the devnet; 32 client threads send {@code GET /mcr/{did}} for 20 machines with 5 events each,
 * round robin over the instances. Prints requests per second and p50/p99. Runs {1, 3, 1, 3}
 * instances, interleaved.
 *
 * <pre>
 * mvn -B -pl mcr-api -am verify -Dtest=McrScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class McrScaleBenchmark {
  private static final int REQUESTS = Integer.getInteger("bench.requests", 6000);
  private static final int THREADS = 32;
  private static final int MACHINES = 20;

  @TempDir Path dir;

  @Test
  void oneAgainstThreeInstances() throws Exception {
    try (PgCluster pg = new PgCluster();
        DevnetChain chain =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
        DevnetOps ops = new DevnetOps(chain)) {
      List<String> dids = new ArrayList<>();
      for (int i = 0; i < MACHINES; i++) {
        DevnetOps.Key m = ops.newKey();
        BigInteger id = ops.register(m);
        for (int e = 0; e < 5; e++) {
          ops.submitEvent(m, id, 0, 1000, "USD", 2);
        }
        dids.add(DevnetOps.did(m));
      }
      String db = pg.newDatabaseUrl();
      Map<String, String> env = McrProcess.env(ops.config().build(), db);
      for (int n : new int[] {1, 3, 1, 3}) {
        List<McrProcess> instances = new ArrayList<>();
        try {
          for (int i = 0; i < n; i++) {
            instances.add(McrProcess.start(env));
          }
          for (McrProcess p : instances) {
            Await.until(
                Duration.ofSeconds(60),
                "instance ready",
                () -> Http.get(p.url(), "/ready").status() == 200 ? true : null);
          }
          measure(instances, dids, n);
        } finally {
          for (McrProcess p : instances) {
            p.kill();
          }
        }
      }
    }
  }

  private static void measure(List<McrProcess> instances, List<String> dids, int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Long>> fs = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        String url = instances.get(i % instances.size()).url();
        String did = dids.get(i % dids.size());
        fs.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  Http.Answer a = Http.get(url, "/mcr/" + did);
                  long t = System.nanoTime() - t0;
                  assertThat(a.status()).isEqualTo(200);
                  assertThat(a.body().get("event_count").asInt()).isEqualTo(5);
                  return t;
                }));
      }
      long[] lat = new long[fs.size()];
      for (int i = 0; i < lat.length; i++) {
        lat[i] = fs.get(i).get(300, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(lat);
      System.out.printf(
          "BENCHMARK mcr-scale GET /mcr/{did}, %d instance(s): %.1f req/s, p50 %.2f ms, p99 %.2f ms"
              + " (%d requests, %d client threads)%n",
          n,
          lat.length / seconds,
          lat[lat.length / 2] / 1e6,
          lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
          lat.length,
          THREADS);
    } finally {
      pool.shutdownNow();
    }
  }
}
