package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/** The whole service on PostgreSQL: index, restart on the same database, answer. */
class PostgresDevnetTest {
  @TempDir Path dir;

  @Test
  void indexesAndResumesOnPostgres() throws Exception {
    assumeTrue(
        PgCluster.available(),
        "PostgreSQL 15 server binaries not installed (README prerequisites)");
    try (PgCluster pg = new PgCluster();
        DevnetChain chain =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
        DevnetOps ops = new DevnetOps(chain)) {
      McrApiConfig cfg = ops.config().jdbcUrl(pg.newDatabaseUrl()).build();
      DevnetOps.Key m = ops.newKey();
      BigInteger id = ops.register(m);
      String did = DevnetOps.did(m);
      try (McrApiServer s = McrApiServer.start(cfg)) {
        for (int i = 1; i <= 3; i++) {
          ops.submitEvent(m, id, 0, i * 1000L, "USD", 2);
        }
        JsonNode b =
            Await.until(
                Duration.ofSeconds(20),
                "3 events",
                () -> {
                  Http.Answer a = Http.get(s.url(), "/mcr/" + did);
                  return a.status() == 200 && a.body().get("event_count").asInt() == 3
                      ? a.body()
                      : null;
                });
        assertThat(b.get("mcr").asText()).isEqualTo("Provisioned");
        assertThat(b.get("bond_status").asText()).isEqualTo("bonded");
      }
      for (int i = 4; i <= 6; i++) {
        ops.submitEvent(m, id, 0, i * 1000L, "USD", 2);
      }
      try (McrApiServer s = McrApiServer.start(cfg)) {
        JsonNode b =
            Await.until(
                Duration.ofSeconds(20),
                "6 events",
                () -> {
                  Http.Answer a = Http.get(s.url(), "/mcr/" + did);
                  return a.status() == 200 && a.body().get("event_count").asInt() == 6
                      ? a.body()
                      : null;
                });
        assertThat(b.get("total_revenue").asLong()).isEqualTo(21_000);
        assertThat(b.get("mcr").asText()).isNotEqualTo("Provisioned");
      }
    }
  }
}
