package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * Scale benchmark, not part of the default test run (the class name does not end in Test): 1
 * against 3 standalone stations (real processes) on one private PostgreSQL cluster sharing one
 * faucet key, on the devnet (anvil automine), requests spread round robin over the stations by 32
 * client threads. Prints requests per second and p50/p99 latency of {@code /faucet/fund} on the
 * skipped path (target already funded) and the transfer path, and the double payments (targets paid
 * more than once; must be 0). Runs {1, 3, 1, 3} stations, interleaved, each on a fresh database.
 *
 * <pre>
 * mvn -B -pl gas-station -am verify -Dtest=GasStationScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class GasStationScaleBenchmark {
  private static final BigInteger AMOUNT = BigInteger.TEN.pow(16);
  private static final BigInteger FUNDED = BigInteger.TEN.pow(18);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 200);
  private static final int THREADS = 32;
  private static final Totp TOTP = new Totp();

  @TempDir Path dir;

  @Test
  void oneAgainstThreeStations() throws Exception {
    try (PostgresCluster pg = PostgresCluster.start();
        TestChain chain = TestChain.start()) {
      int round = 0;
      for (int stations : new int[] {1, 3, 1, 3}) {
        run(pg, chain, stations, round++);
      }
    }
  }

  private void run(PostgresCluster pg, TestChain chain, int n, int round) throws Exception {
    String jdbcUrl = pg.newDatabase();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    List<StationProcess> stations = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Map<String, String> env = new HashMap<>();
        env.put("PEAQOS_RPC_URL", chain.rpcUrl());
        env.put("PEAQOS_GAS_STATION_FAUCET_KEY", chain.devKey(6));
        env.put("PEAQOS_GAS_STATION_PORT", "0");
        env.put("PEAQOS_GAS_STATION_DATA_DIR", dir.resolve("r" + round + "-" + i).toString());
        env.put("PEAQOS_GAS_STATION_DB_URL", jdbcUrl);
        env.put("PEAQOS_GAS_STATION_DB_USER", "postgres");
        env.put("PEAQOS_GAS_STATION_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
        env.put("PEAQOS_GAS_STATION_FUND_AMOUNT", AMOUNT.toString());
        env.put("PEAQOS_GAS_STATION_CLIENT_RATE_LIMIT", "100000000");
        env.put("PEAQOS_GAS_STATION_CLIENT_DAILY_CAP", "100000 PEAQ");
        env.put("PEAQOS_GAS_STATION_DAILY_BUDGET", "100000 PEAQ");
        stations.add(
            StationProcess.start(env, dir.resolve("station-r" + round + "-" + i + ".log")));
      }
      List<GasStationClient> clients = new ArrayList<>();
      for (StationProcess s : stations) {
        clients.add(GasStationClient.create(s.url()));
      }
      // Skipped path: targets that hold enough already.
      List<String[]> skipped = enrol(clients, REQUESTS);
      for (String[] o : skipped) {
        chain.setBalance(o[2], FUNDED);
      }
      long[] skippedLatency = fundAll(clients, skipped, FundResult.Skipped.class);
      List<String[]> transfers = enrol(clients, REQUESTS);
      BigInteger nonceBefore = chain.nonce(chain.devAddress(6));
      long start = System.nanoTime();
      long[] transferLatency = fundAll(clients, transfers, FundResult.Funded.class);
      long transferWall = System.nanoTime() - start;
      int doublePayments = 0;
      for (String[] o : transfers) {
        if (chain.balance(o[2]).compareTo(AMOUNT) > 0) {
          doublePayments++;
        }
      }
      long spent = chain.nonce(chain.devAddress(6)).subtract(nonceBefore).longValueExact();
      assertThat(doublePayments).isZero();
      assertThat(spent).isEqualTo(REQUESTS);
      print("skipped", n, skippedLatency[0], skippedLatency);
      print("transfer", n, transferWall, transferLatency);
      System.out.println(
          "BENCHMARK gas-station-scale double payments: "
              + doublePayments
              + " of "
              + REQUESTS
              + " transfers ("
              + n
              + " station(s), faucet nonces spent: "
              + spent
              + ")");
    } finally {
      for (StationProcess s : stations) {
        s.kill();
      }
    }
  }

  /**
   * {@code count} owners set up and confirmed, each with a fresh target: {owner, hexSecret,
   * target}.
   */
  private static List<String[]> enrol(List<GasStationClient> clients, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String[]>> fs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        GasStationClient c = clients.get(i % clients.size());
        fs.add(
            pool.submit(
                () -> {
                  String owner = GasStationSuite.randomAddress();
                  FaucetSetup s = c.setup(owner, QrFormat.SVG);
                  byte[] secret = GasStationSuite.secretOf(s.otpauthUri());
                  c.confirm(owner, TOTP.codeAt(secret, Instant.now()));
                  return new String[] {
                    owner,
                    java.util.HexFormat.of().formatHex(secret),
                    GasStationSuite.randomAddress()
                  };
                }));
      }
      List<String[]> out = new ArrayList<>();
      for (Future<String[]> f : fs) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Latencies in ns of one fund request per owner; element 0 is replaced by the wall time. */
  private static long[] fundAll(
      List<GasStationClient> clients, List<String[]> owners, Class<?> expected) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Long>> fs = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < owners.size(); i++) {
        GasStationClient c = clients.get(i % clients.size());
        String[] o = owners.get(i);
        fs.add(
            pool.submit(
                () -> {
                  byte[] secret = java.util.HexFormat.of().parseHex(o[1]);
                  long t0 = System.nanoTime();
                  FundResult r =
                      c.fund(FundRequest.of(o[0], o[2], TOTP.codeAt(secret, Instant.now())));
                  long t = System.nanoTime() - t0;
                  assertThat(r).isInstanceOf(expected);
                  return t;
                }));
      }
      long[] lat = new long[owners.size() + 1];
      for (int i = 0; i < fs.size(); i++) {
        lat[i + 1] = fs.get(i).get(300, TimeUnit.SECONDS);
      }
      lat[0] = System.nanoTime() - start;
      return lat;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void print(String path, int n, long wallNanos, long[] withWall) {
    long[] lat = Arrays.copyOfRange(withWall, 1, withWall.length);
    Arrays.sort(lat);
    double seconds = wallNanos / 1e9;
    System.out.printf(
        "BENCHMARK gas-station-scale %s path, %d station(s): %.1f req/s, p50 %.1f ms, p99 %.1f ms"
            + " (%d requests, %d client threads)%n",
        path,
        n,
        lat.length / seconds,
        lat[lat.length / 2] / 1e6,
        lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
        lat.length,
        THREADS);
  }
}
