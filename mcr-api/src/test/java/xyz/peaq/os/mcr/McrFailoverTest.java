package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * Two MCR API processes on one PostgreSQL database: exactly one indexes; SIGKILL it while events
 * are being submitted, and the other takes over from the committed cursor, counting every event
 * once. Prints the failover time (kill to the survivor's {@code /ready} saying {@code leader}).
 */
class McrFailoverTest {
  private static final int EVENTS = 40;
  private static final int KILL_AFTER = 15;

  @TempDir Path dir;

  @Test
  void theFollowerTakesOverWhenTheIndexingInstanceIsKilledAndCountsEveryEventOnce()
      throws Exception {
    assumeTrue(
        PgCluster.available(),
        "PostgreSQL 15 server binaries not installed (README prerequisites)");
    try (PgCluster pg = new PgCluster();
        DevnetChain chain =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
        DevnetOps ops = new DevnetOps(chain)) {
      String db = pg.newDatabaseUrl();
      Map<String, String> env = McrProcess.env(ops.config().build(), db);
      DevnetOps.Key m = ops.newKey();
      BigInteger id = ops.register(m);
      String did = DevnetOps.did(m);
      try (McrProcess first = McrProcess.start(env);
          McrProcess second = McrProcess.start(env)) {
        assertThat(first.role()).isEqualTo("leader");
        assertThat(second.role()).isEqualTo("follower");
        // The follower serves reads from the leader's index.
        Await.until(
            Duration.ofSeconds(30),
            "the machine visible through the follower",
            () -> Http.get(second.url(), "/mcr/" + did).status() == 200 ? true : null);

        CountDownLatch halfway = new CountDownLatch(1);
        CompletableFuture<Void> submitter =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 1; i <= EVENTS; i++) {
                    ops.submitEvent(m, id, 0, 100, "USD", 2);
                    if (i == KILL_AFTER) {
                      halfway.countDown();
                    }
                  }
                });
        assertThat(halfway.await(120, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        first.kill();
        Await.until(
            Duration.ofSeconds(30),
            "the follower taking over",
            () -> "leader".equals(second.role()) ? true : null);
        long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        submitter.get(180, TimeUnit.SECONDS);
        Await.until(
            Duration.ofSeconds(30),
            EVENTS + " events through the new leader",
            () -> {
              Http.Answer a = Http.get(second.url(), "/mcr/" + did);
              return a.status() == 200 && a.body().get("event_count").asInt() >= EVENTS
                  ? true
                  : null;
            });
        assertThat(Http.get(second.url(), "/mcr/" + did).body().get("event_count").asInt())
            .isEqualTo(EVENTS);
        assertThat(eventRows(db, id)).isEqualTo(EVENTS);
        Http.Answer ready = Http.get(second.url(), "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("lag_blocks").asLong()).isBetween(0L, 2L);
        // A third instance started now follows the new leader: still exactly one writer.
        try (McrProcess third = McrProcess.start(env)) {
          assertThat(third.role()).isEqualTo("follower");
          assertThat(Http.get(third.url(), "/mcr/" + did).body().get("event_count").asInt())
              .isEqualTo(EVENTS);
        }
        System.out.println(
            "BENCHMARK mcr-failover: SIGKILL of the indexing instance to the follower leading: "
                + failoverMs
                + " ms (poll interval "
                + env.get("MCR_POLL_INTERVAL_MS")
                + " ms; "
                + EVENTS
                + " events, killed after "
                + KILL_AFTER
                + ", each counted once)");
      }
    }
  }

  private static int eventRows(String jdbcUrl, BigInteger machineId) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM machine_events WHERE machine_id = ?")) {
      st.setString(1, machineId.toString());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
