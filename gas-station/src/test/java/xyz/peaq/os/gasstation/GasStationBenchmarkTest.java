package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * Fund requests per second through the SDK client against a real station on SQLite and a real anvil
 * (automine): the skipped path (2FA, ledger, one balance read) and the transfer path (plus signing,
 * broadcast and the receipt). Printed, not asserted.
 */
class GasStationBenchmarkTest {
  private static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  private static final Totp TOTP = new Totp();
  private static final int THREADS = 8;

  @TempDir static Path dir;
  static TestChain chain;
  static GasStationServer server;
  static GasStationClient client;
  static MutableClock clock;

  @BeforeAll
  static void start() throws Exception {
    chain = TestChain.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chain != null) {
      chain.close();
    }
  }

  private static GasStationServer startStation(String jdbcUrl, String user, int faucetAccount) {
    clock = new MutableClock(Instant.parse("2030-03-01T12:00:10Z"));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    GasStationServer s =
        GasStationServer.start(
            GasStationConfig.builder()
                .rpcUrl(chain.rpcUrl())
                .faucetPrivateKey(chain.devKey(faucetAccount))
                .dataDir(dir)
                .jdbcUrl(jdbcUrl)
                .dbUser(user)
                .encryptionKey(key)
                .fundAmount(PEAQ.divide(BigInteger.TEN))
                .minGasBalance(PEAQ.divide(BigInteger.TEN))
                .ownerDailyCap(PEAQ.multiply(BigInteger.valueOf(1_000_000)))
                .walletDailyCap(PEAQ.multiply(BigInteger.valueOf(1_000_000)))
                .rateLimit(1_000_000, Duration.ofMinutes(1))
                // Every request comes from one loopback address: the station-wide limits out of the
                // way.
                .clientRateLimit(1_000_000, Duration.ofMinutes(1))
                .clientDailyCap(PEAQ.multiply(BigInteger.valueOf(1_000_000)))
                .dailyBudget(PEAQ.multiply(BigInteger.valueOf(1_000_000)))
                .clock(clock)
                // A whole machine can stall for tens of seconds under load (2 cores shared by
                // parallel builds): the 20 s default ended a transfer TRANSFER_PENDING now and
                // then. A figure is measured here, not the timeout: wait as long as it takes.
                .receiptTimeout(Duration.ofMinutes(3))
                .build());
    client = GasStationClient.builder().baseUrl(s.url()).timeout(Duration.ofMinutes(4)).build();
    return s;
  }

  /** Enrolled owners and their three usable codes (steps now-1, now, now+1). */
  private static List<FundRequest> requests(int count, boolean skipped) {
    String rich = GasStationSuite.randomAddress();
    chain.setBalance(rich, PEAQ);
    List<FundRequest> out = new ArrayList<>();
    while (out.size() < count) {
      String owner = GasStationSuite.randomAddress();
      FaucetSetup s = client.setup(owner, QrFormat.SVG);
      byte[] secret = GasStationSuite.secretOf(s.otpauthUri());
      long step = TOTP.stepOf(clock.instant());
      client.confirm(owner, TOTP.codeAt(secret, step));
      for (int d = -1; d <= 1 && out.size() < count; d++) {
        String target = skipped ? rich : GasStationSuite.randomAddress();
        out.add(FundRequest.of(owner, target, TOTP.codeAt(secret, step + d)));
      }
    }
    return out;
  }

  private static double run(List<FundRequest> reqs, Class<? extends FundResult> expected)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger next = new AtomicInteger();
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        fs.add(
            pool.submit(
                () -> {
                  int done = 0;
                  for (int i; (i = next.getAndIncrement()) < reqs.size(); ) {
                    assertThat(client.fund(reqs.get(i))).isInstanceOf(expected);
                    done++;
                  }
                  return done;
                }));
      }
      int total = 0;
      for (Future<Integer> f : fs) {
        total += f.get(300, TimeUnit.SECONDS);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      assertThat(total).isEqualTo(reqs.size());
      return total / secs;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void measure(String store) throws Exception {
    run(requests(30, true), FundResult.Skipped.class); // warm-up
    run(requests(15, false), FundResult.Funded.class);
    BigInteger nonce = chain.nonce(server.faucetAddress());

    List<FundRequest> skipped = requests(300, true);
    double skippedRate = run(skipped, FundResult.Skipped.class);
    List<FundRequest> transfers = requests(150, false);
    double transferRate = run(transfers, FundResult.Funded.class);

    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.valueOf(150)));
    System.out.printf(
        Locale.ROOT,
        "BENCHMARK gas-station fund (%s, devnet anvil automine, %d client threads):"
            + " skipped path %.1f req/s (%d requests), transfer path %.1f req/s (%d requests)%n",
        store,
        THREADS,
        skippedRate,
        skipped.size(),
        transferRate,
        transfers.size());
  }

  @Test
  void fundRequestsPerSecondOnSqlite() throws Exception {
    server = startStation("jdbc:sqlite:" + dir.resolve("bench.db"), null, 2);
    try {
      measure("SQLite");
    } finally {
      server.close();
    }
  }

  @Test
  void fundRequestsPerSecondOnPostgres() throws Exception {
    try (PostgresCluster pg = PostgresCluster.start()) {
      server = startStation(pg.newDatabase(), "postgres", 4);
      try {
        measure("PostgreSQL");
      } finally {
        server.close();
      }
    }
  }
}
