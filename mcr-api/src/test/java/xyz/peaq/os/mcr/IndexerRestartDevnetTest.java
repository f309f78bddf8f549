package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bucket4j.TimeMeter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * Stops and failures of the indexer in the middle of a stream of events: every event counts once.
 */
class IndexerRestartDevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(30);
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

  static JsonNode mcrWhen(McrApiServer s, String did, int events) {
    return Await.until(
        INDEXED,
        events + " events of " + did,
        () -> {
          Http.Answer a = Http.get(s.url(), "/mcr/" + did);
          return a.status() == 200 && a.body().get("event_count").asInt() == events
              ? a.body()
              : null;
        });
  }

  /** Event values 1..n in cents: the total tells a missing or a doubled event apart. */
  static long sum(int n) {
    return (long) n * (n + 1) / 2;
  }

  @Test
  void indexerStoppedMidStreamAndRestartedCountsEveryEventOnce() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String did = DevnetOps.did(m);
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("restart.db"))
            .maxBlockRange(1)
            .pollInterval(Duration.ofMillis(20))
            .build();
    McrApiServer first = McrApiServer.start(cfg);
    long stoppedAt;
    int value = 0;
    try {
      for (int i = 0; i < 6; i++) {
        ops.submitEvent(m, id, 0, ++value, "USD", 1);
      }
      Await.until(
          INDEXED,
          "the first indexer to see 3 events",
          () -> {
            Http.Answer a = Http.get(first.url(), "/mcr/" + did);
            return a.status() == 200 && a.body().get("event_count").asInt() >= 3;
          });
      ops.submitEvent(m, id, 0, ++value, "USD", 1);
    } finally {
      first.close();
    }
    stoppedAt = first.indexedBlock();
    for (int i = 0; i < 8; i++) {
      ops.submitEvent(m, id, 0, ++value, "USD", 1);
    }
    long head = ops.client.blockNumber().longValueExact();
    assertThat(stoppedAt).isLessThan(head);

    try (McrApiServer second = McrApiServer.start(cfg)) {
      JsonNode b = mcrWhen(second, did, value);
      assertThat(b.get("revenue_event_count").asInt()).isEqualTo(value);
      assertThat(b.get("total_revenue").asLong()).isEqualTo(sum(value));
      assertThat(second.indexedBlock()).isGreaterThanOrEqualTo(head);
    }
    // A third start on the same database finds nothing new and changes nothing.
    try (McrApiServer third = McrApiServer.start(cfg)) {
      JsonNode b = mcrWhen(third, did, value);
      assertThat(b.get("total_revenue").asLong()).isEqualTo(sum(value));
    }
  }

  @Test
  void confirmationsHoldABlockBackUntilEnoughBlocksFollow() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String did = DevnetOps.did(m);
    McrApiConfig cfg =
        ops.config().databaseFile(dir.resolve("confirm.db")).confirmations(2).build();
    try (McrApiServer s = McrApiServer.start(cfg)) {
      long eventBlock = ops.submitEvent(m, id, 0, 700, "USD", 2).blockNumber().longValueExact();
      // One block on top: the registration (before the event) is now two deep, the event one deep.
      ops.client.request("anvil_mine", "0x1");
      Await.until(
          INDEXED,
          "the index two blocks behind the head",
          () -> s.indexedBlock() == eventBlock - 1);
      JsonNode before = mcrWhen(s, did, 0);
      assertThat(before.get("mcr").asText()).isEqualTo("Provisioned");
      assertThat(ops.client.blockNumber().longValueExact() - s.indexedBlock()).isEqualTo(2);
      ops.client.request("anvil_mine", "0x1");
      JsonNode after = mcrWhen(s, did, 1);
      assertThat(after.get("total_revenue").asLong()).isEqualTo(700);
    }
  }

  /** Wraps the real chain: the 4th getEventAt call fails once, in the middle of a batch. */
  static final class FailOnceMidBatch implements ChainPort {
    final ChainPort real;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();

    FailOnceMidBatch(ChainPort real) {
      this.real = real;
    }

    public long chainId() {
      return real.chainId();
    }

    public long blockNumber() {
      return real.blockNumber();
    }

    public long blockTimestamp(long n) {
      return real.blockTimestamp(n);
    }

    public List<ChainLog> logs(List<String> a, long f, long t) {
      return real.logs(a, f, t);
    }

    public boolean hasCode(String a) {
      return real.hasCode(a);
    }

    public java.util.Optional<String> blockHash(long n) {
      return real.blockHash(n);
    }

    public void close() {
      real.close();
    }

    public String call(String to, String data) {
      if (calls.incrementAndGet() == 4) {
        failures.incrementAndGet();
        throw new IllegalStateException("injected: connection reset in the middle of a batch");
      }
      return real.call(to, data);
    }
  }

  @Test
  void aFailureInsideABatchRollsBackAndTheRetryCountsEachEventOnce() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String did = DevnetOps.did(m);
    int n = 10;
    for (int i = 1; i <= n; i++) {
      ops.submitEvent(m, id, 0, i, "USD", 0);
    }
    List<FailOnceMidBatch> ports = new ArrayList<>();
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("fault.db"))
            .pollInterval(Duration.ofMillis(20))
            .build();
    try (McrApiServer s =
        McrApiServer.start(
            cfg,
            c -> {
              FailOnceMidBatch p = new FailOnceMidBatch(SdkChainPort.connect(c));
              ports.add(p);
              return p;
            },
            Clock.systemUTC(),
            TimeMeter.SYSTEM_NANOTIME)) {
      JsonNode b = mcrWhen(s, did, n);
      assertThat(b.get("total_revenue").asLong()).isEqualTo(sum(n));
      assertThat(ports.get(0).failures.get()).isEqualTo(1);
      assertThat(ports.get(0).calls.get()).isGreaterThan(n);
    }
  }

  @Test
  void econ2EventsAcrossAFaultAndAStopCountOnce() {
    Econ2Ops econ2 = new Econ2Ops(ops);
    DevnetOps.Key owner = ops.newKey();
    BigInteger id =
        econ2.activate(
            owner,
            owner.address(),
            "Pump",
            owner.address().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String did = "did:peaq:" + id;
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("econ2.db"))
            .maxBlockRange(1)
            .pollInterval(Duration.ofMillis(20))
            .build();
    List<FailOnceMidBatch> ports = new ArrayList<>();
    int value = 0;
    McrApiServer first =
        McrApiServer.start(
            cfg,
            c -> {
              FailOnceMidBatch p = new FailOnceMidBatch(SdkChainPort.connect(c));
              ports.add(p);
              return p;
            },
            Clock.systemUTC(),
            TimeMeter.SYSTEM_NANOTIME);
    try {
      for (int i = 0; i < 6; i++) {
        econ2.submitEvent(owner, id, 0, ++value, 2);
      }
      Await.until(
          INDEXED,
          "the first indexer to see 3 events of the 2.0 machine",
          () -> {
            Http.Answer a = Http.get(first.url(), "/mcr/" + did);
            return a.status() == 200 && a.body().get("event_count").asInt() >= 3;
          });
      econ2.submitEvent(owner, id, 0, ++value, 2);
    } finally {
      first.close();
    }
    for (int i = 0; i < 5; i++) {
      econ2.submitEvent(owner, id, 0, ++value, 2);
    }
    assertThat(ports.get(0).failures.get()).isEqualTo(1);
    try (McrApiServer second = McrApiServer.start(cfg)) {
      JsonNode b = mcrWhen(second, did, value);
      assertThat(b.get("revenue_event_count").asInt()).isEqualTo(value);
      assertThat(b.get("total_revenue").asLong()).isEqualTo(sum(value));
      assertThat(b.get("machine_id").asText()).isEqualTo(id.toString());
    }
  }
}
