package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service without contract addresses ("test mode"): probes, the 503 of every data endpoint,
 * parameter validation that precedes it, and JSON error bodies.
 */
class TestModeApiTest {
  static McrApiServer server;
  static String url;

  @BeforeAll
  static void start() {
    server = McrApiServer.start(McrApiConfig.builder().port(0).build());
    url = server.url();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthIsAlwaysOk() {
    Http.Answer a = Http.get(url, "/health");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().toString()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void readyIs503WithEveryFlagFalse() {
    Http.Answer a = Http.get(url, "/ready");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().get("status").asText()).isEqualTo("not_ready");
    assertThat(a.body().get("rpc_connected").asBoolean()).isFalse();
    assertThat(a.body().get("contracts").properties())
        .hasSize(6)
        .allSatisfy(e -> assertThat(e.getValue().asBoolean()).isFalse());
    assertThat(a.body().get("role").asText()).isEqualTo("none");
    assertThat(a.body().get("lag_blocks").asLong()).isEqualTo(-1);
  }

  @Test
  void dataEndpointsAnswerServiceNotInitialised() {
    for (String path :
        new String[] {
          "/mcr/did:peaq:0x" + "a".repeat(40),
          "/machine/0x" + "b".repeat(40),
          "/operator/0x" + "c".repeat(40) + "/machines",
          "/metadata/1",
          "/machines/1"
        }) {
      Http.Answer a = Http.get(url, path);
      assertThat(a.status()).as(path).isEqualTo(503);
      assertThat(a.body().get("detail").asText()).as(path).isEqualTo("Service not initialised");
      assertThat(a.raw().headers().firstValue("content-type"))
          .get()
          .asString()
          .startsWith("application/json");
    }
  }

  @Test
  void malformedDidIs400EvenInTestMode() {
    Http.Answer bad = Http.get(url, "/mcr/did:peaq:0x1234");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("detail").asText()).isEqualTo("Invalid Ethereum address format");
    Http.Answer empty = Http.get(url, "/mcr/%20");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body().get("detail").asText()).isEqualTo("Empty DID");
  }

  @Test
  void badQueryAndPathParametersAre422InFastApiShape() {
    Http.Answer limit =
        Http.get(url, "/operator/0x" + "c".repeat(40) + "/machines?limit=21&offset=-1");
    assertThat(limit.status()).isEqualTo(422);
    assertThat(limit.body().get("detail")).hasSize(2);
    assertThat(limit.body().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"query\",\"offset\"]");
    assertThat(limit.body().get("detail").get(0).get("type").asText())
        .isEqualTo("greater_than_equal");
    assertThat(limit.body().get("detail").get(1).get("type").asText()).isEqualTo("less_than_equal");
    assertThat(limit.body().get("detail").get(1).get("msg").asText())
        .isEqualTo("Input should be less than or equal to 20");

    Http.Answer zero = Http.get(url, "/operator/0x" + "c".repeat(40) + "/machines?limit=0");
    assertThat(zero.status()).isEqualTo(422);
    assertThat(zero.body().get("detail").get(0).get("ctx").get("ge").asInt()).isEqualTo(1);

    Http.Answer text = Http.get(url, "/metadata/abc");
    assertThat(text.status()).isEqualTo(422);
    assertThat(text.body().get("detail").get(0).get("type").asText()).isEqualTo("int_parsing");
    assertThat(text.body().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"path\",\"token_id\"]");

    assertThat(Http.get(url, "/metadata/0").status()).isEqualTo(422);
    assertThat(Http.get(url, "/machines/-3").status()).isEqualTo(422);
  }

  @Test
  void unknownRouteIsJson404() {
    Http.Answer a = Http.get(url, "/nope");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.body().get("detail").asText()).isEqualTo("Not Found");
  }

  @Test
  void rateLimitAnswers429WithRetryAfterAndRecoversAfterTheWindow() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    TimeMeter meter =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanos.get();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    try (McrApiServer s =
        McrApiServer.start(
            McrApiConfig.builder().port(0).rateLimit(5, Duration.ofMinutes(1)).build(),
            cfg -> {
              throw new AssertionError("no chain in test mode");
            },
            Clock.systemUTC(),
            meter)) {
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(s.url(), "/mcr/0x" + "a".repeat(40)).status()).isEqualTo(503);
      }
      Http.Answer limited = Http.get(s.url(), "/mcr/0x" + "a".repeat(40));
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.body().get("detail").asText())
          .isEqualTo("Rate limit exceeded: 5 per 1 minute");
      assertThat(limited.raw().headers().firstValue("Retry-After")).contains("60");
      // Probes are not limited.
      assertThat(Http.get(s.url(), "/health").status()).isEqualTo(200);

      nanos.addAndGet(Duration.ofSeconds(30).toNanos());
      Http.Answer still = Http.get(s.url(), "/machine/0x" + "a".repeat(40));
      assertThat(still.status()).isEqualTo(429);
      assertThat(still.raw().headers().firstValue("Retry-After")).contains("30");

      nanos.addAndGet(Duration.ofSeconds(31).toNanos());
      assertThat(Http.get(s.url(), "/mcr/0x" + "a".repeat(40)).status()).isEqualTo(503);
    }
  }

  @Test
  void aTakenPortFailsWithAnExplanation() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> McrApiServer.start(McrApiConfig.builder().port(server.port()).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port())
        .hasMessageContaining("MCR_PORT");
    assertThat(Http.get(url, "/health").status()).isEqualTo(200);
  }

  @Test
  void anUnreachableDatabaseFailsWithItsRedactedUrl() {
    McrApiConfig cfg =
        McrApiConfig.builder()
            .port(0)
            .rpcUrl("http://127.0.0.1:1")
            .identityRegistry("0x" + "1".repeat(40))
            .identityStaking("0x" + "2".repeat(40))
            .eventRegistry("0x" + "3".repeat(40))
            .machineNft("0x" + "4".repeat(40))
            .jdbcUrl("jdbc:postgresql://127.0.0.1:1/mcr?password=hunter2")
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> McrApiServer.start(cfg))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot open the MCR index database")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void configRejectsHalfConfiguredContractsWithTheVariableName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                McrApiConfig.builder()
                    .identityRegistry("0x" + "1".repeat(40))
                    .rpcUrl("http://127.0.0.1:1")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IDENTITY_STAKING_ADDRESS");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> McrApiConfig.fromEnv(java.util.Map.of("MCR_PORT", "x")))
        .hasMessageContaining("MCR_PORT must be an integer");
  }
}
