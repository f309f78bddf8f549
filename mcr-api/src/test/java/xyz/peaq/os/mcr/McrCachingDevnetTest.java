package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.bucket4j.TimeMeter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.chain.SignedTransaction;

/** Cacheable answers tied to the indexed block, and profiles that never wait on a slow data_api. */
class McrCachingDevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(20);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;
  static McrApiServer server;

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
    server =
        McrApiServer.start(
            ops.config()
                .databaseFile(dir.resolve("mcr.db"))
                .rateLimit(100_000, Duration.ofMinutes(1))
                .build());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (ops != null) ops.close();
    if (chain != null) chain.close();
  }

  static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAnswerCarriesAnEtagOfTheIndexedBlockAndRevalidatesUntilTheIndexMoves() throws Exception {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String path = "/mcr/" + DevnetOps.did(m);
    Await.until(INDEXED, "indexed", () -> Http.get(server.url(), path).status() == 200);
    HttpResponse<String> first = get(path, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"" + server.indexedBlock() + "-");
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow())
        .isEqualTo("public, max-age=1");
    HttpResponse<String> again = get(path, etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    long now = ops.client.blockTimestamp(ops.client.blockNumber()).getEpochSecond();
    ops.send(
        m,
        chain.contracts().eventRegistry(),
        BigInteger.ZERO,
        DevnetOps.eventCall(id, 1, 1, "", now - 1, 2, ""));
    HttpResponse<String> moved =
        Await.until(
            INDEXED,
            "the event counted",
            () -> {
              try {
                HttpResponse<String> r = get(path, etag);
                return r.statusCode() == 200 && r.body().contains("\"event_count\":1") ? r : null;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(moved.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    // errors are never cached
    HttpResponse<String> missing = get("/mcr/did:peaq:0x" + "1".repeat(40), null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void aSlowDataApiNeverHoldsTheProfile() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    partner.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    partner.createContext(
        "/slow",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] b = "{\"speed\":7}".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    partner.start();
    try {
      DevnetOps.Key m = ops.newKey();
      ops.register(m);
      ops.addAttribute(
          m, "data_api", "http://127.0.0.1:" + partner.getAddress().getPort() + "/slow");
      ops.addAttribute(m, "data_visibility", "public");
      String path = "/machine/" + DevnetOps.did(m);
      // The partner has not answered: the profile comes without its data, saying why.
      JsonNode pending =
          Await.until(
              INDEXED,
              "public profile",
              () -> {
                Http.Answer a = Http.get(server.url(), path);
                return a.status() == 200
                        && "public".equals(a.body().get("peaqos").get("data_visibility").asText())
                    ? a.body().get("peaqos")
                    : null;
              });
      assertThat(pending.has("partner_data")).isFalse();
      assertThat(pending.get("partner_data_error").asText()).contains("has not answered");
      assertThat(get(path, null).headers().firstValue("Cache-Control")).contains("no-store");
      release.countDown();
      JsonNode done =
          Await.until(
              INDEXED,
              "partner data shown",
              () -> {
                JsonNode p = Http.get(server.url(), path).body().get("peaqos");
                return p.has("partner_data") ? p : null;
              });
      assertThat(done.get("partner_data").get("speed").asInt()).isEqualTo(7);
      assertThat(done.has("partner_data_error")).isFalse();
    } finally {
      release.countDown();
      partner.stop(0);
    }
  }

  static int eventCount(McrApiServer s, String path) {
    Http.Answer a = Http.get(s.url(), path);
    return a.status() == 200 ? a.body().get("event_count").asInt() : -1;
  }

  /**
   * The indexer rates the machines of a committed batch one after the other; a request served
   * meanwhile for a machine not yet rated again holds its previous score. That answer must not
   * outlive the rating (it was cached under the batch's version and served for a minute).
   */
  @Test
  void anAnswerBuiltWhileABatchIsRatedIsNotKeptAfterIt() throws Exception {
    DevnetOps.Key a = ops.newKey();
    DevnetOps.Key b = ops.newKey();
    BigInteger idA = ops.register(a);
    BigInteger idB = ops.register(b);
    // The real clock, held once on the indexer thread: the first rating of the next batch waits
    // there until the test has looked at both machines.
    AtomicBoolean armed = new AtomicBoolean();
    CountDownLatch rating = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Clock real = Clock.systemUTC();
    Clock held =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return real.getZone();
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return real.withZone(zone);
          }

          @Override
          public Instant instant() {
            if ("mcr-indexer".equals(Thread.currentThread().getName())
                && armed.compareAndSet(true, false)) {
              rating.countDown();
              try {
                release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return real.instant();
          }
        };
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("rating.db"))
            .rateLimit(100_000, Duration.ofMinutes(1))
            .build();
    try (McrApiServer s =
        McrApiServer.start(cfg, SdkChainPort::connect, held, TimeMeter.SYSTEM_NANOTIME)) {
      String pathA = "/mcr/" + DevnetOps.did(a);
      String pathB = "/mcr/" + DevnetOps.did(b);
      Await.until(
          INDEXED,
          "both machines indexed without events",
          () -> eventCount(s, pathA) == 0 && eventCount(s, pathB) == 0);
      armed.set(true);
      long past = System.currentTimeMillis() / 1000 - 60;
      String registry = chain.contracts().eventRegistry();
      // Both events in one block, so one batch touches both machines.
      ops.client.request("evm_setAutomine", false);
      SignedTransaction ta;
      SignedTransaction tb;
      try {
        ta =
            ops.broadcast(
                a,
                registry,
                BigInteger.ZERO,
                DevnetOps.eventCall(idA, 0, 100, "USD", past, 1, "{}"));
        tb =
            ops.broadcast(
                b,
                registry,
                BigInteger.ZERO,
                DevnetOps.eventCall(idB, 0, 200, "USD", past, 1, "{}"));
        ops.client.request("evm_mine");
      } finally {
        ops.client.request("evm_setAutomine", true);
      }
      try {
        assertThat(ops.await(a, ta).blockNumber()).isEqualTo(ops.await(b, tb).blockNumber());
        assertThat(rating.await(INDEXED.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // One machine is being rated (its answer is read afresh), the other still has its old
        // score: one answer says 1 event, the other 0.
        assertThat(eventCount(s, pathA) + eventCount(s, pathB)).isEqualTo(1);
      } finally {
        release.countDown();
      }
      Await.until(
          INDEXED,
          "both answers with their event once the batch is rated",
          () -> eventCount(s, pathA) == 1 && eventCount(s, pathB) == 1);
    }
  }
}
