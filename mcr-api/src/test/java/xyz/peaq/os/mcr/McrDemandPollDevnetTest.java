package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * A query for a machine the index does not hold runs an indexer poll now (coalesced, spaced), so a
 * machine registered since the last poll is answered at once, and a flood of unknown DIDs cannot
 * make the indexer poll faster than its spacing. The regular poll interval is ten minutes here: no
 * regular poll can be what answers.
 */
class McrDemandPollDevnetTest {
  static final Duration NEVER = Duration.ofMinutes(10);
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

  /** Counts the polls: each one starts by reading the chain head, and nothing else reads it. */
  static final class CountingChain implements ChainPort {
    final ChainPort real;
    final AtomicInteger heads = new AtomicInteger();

    CountingChain(ChainPort real) {
      this.real = real;
    }

    public long chainId() {
      return real.chainId();
    }

    public long blockNumber() {
      heads.incrementAndGet();
      return real.blockNumber();
    }

    public long blockTimestamp(long n) {
      return real.blockTimestamp(n);
    }

    public List<ChainLog> logs(List<String> a, long f, long t) {
      return real.logs(a, f, t);
    }

    public String call(String to, String data) {
      return real.call(to, data);
    }

    public boolean hasCode(String a) {
      return real.hasCode(a);
    }

    public Optional<String> blockHash(long n) {
      return real.blockHash(n);
    }

    public void close() {
      real.close();
    }
  }

  static McrApiServer server(String db, List<CountingChain> ports) {
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve(db))
            .pollInterval(NEVER)
            .rateLimit(1_000_000, Duration.ofMinutes(1))
            .build();
    return McrApiServer.start(
        cfg,
        c -> {
          CountingChain p = new CountingChain(SdkChainPort.connect(c));
          ports.add(p);
          return p;
        },
        Clock.systemUTC(),
        TimeMeter.SYSTEM_NANOTIME);
  }

  @Test
  void aMachineRegisteredSinceTheLastPollIsAnsweredByItsFirstQuery() {
    List<CountingChain> ports = new ArrayList<>();
    try (McrApiServer s = server("fresh.db", ports)) {
      long indexedAtStart = s.indexedBlock();
      DevnetOps.Key m = ops.newKey();
      BigInteger id = ops.register(m);
      String did = DevnetOps.did(m);
      assertThat(s.indexedBlock()).isEqualTo(indexedAtStart); // no regular poll ran

      Http.Answer mcr = Http.get(s.url(), "/mcr/" + did);
      assertThat(mcr.status()).as(mcr.raw().body()).isEqualTo(200);
      assertThat(mcr.body().get("machine_id").asText()).isEqualTo(id.toString());
      assertThat(s.indexedBlock()).isGreaterThan(indexedAtStart);
      Http.Answer machine = Http.get(s.url(), "/machine/" + did);
      assertThat(machine.status()).as(machine.raw().body()).isEqualTo(200);

      // A DID no one registered is still 404, after its own poll found nothing.
      int before = ports.get(0).heads.get();
      Http.Answer missing = Http.get(s.url(), "/mcr/did:peaq:0x" + "2".repeat(40));
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body().get("detail").asText()).isEqualTo("Machine not found");
      assertThat(ports.get(0).heads.get()).isEqualTo(before + 1);
    }
  }

  @Test
  void aFloodOfUnknownMachinesPollsNoFasterThanTheSpacing() throws Exception {
    List<CountingChain> ports = new ArrayList<>();
    try (McrApiServer s = server("flood.db", ports)) {
      Duration spacing = Indexer.demandSpacing(NEVER);
      SecureRandom random = new SecureRandom();
      ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
      AtomicInteger requests = new AtomicInteger();
      int polls0 = ports.get(0).heads.get();
      long t0 = System.nanoTime();
      long until = t0 + Duration.ofMillis(1500).toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (System.nanoTime() < until) {
                    byte[] a = new byte[20];
                    random.nextBytes(a);
                    String did = "did:peaq:0x" + HexFormat.of().formatHex(a);
                    statuses.add(Http.get(s.url(), "/mcr/" + did).status());
                    requests.incrementAndGet();
                  }
                });
        t.start();
        clients.add(t);
      }
      for (Thread t : clients) {
        t.join();
      }
      int polls = ports.get(0).heads.get() - polls0;
      long elapsed = System.nanoTime() - t0;

      assertThat(statuses).isNotEmpty().allMatch(code -> code == 404);
      // Every request asked for a poll; they shared them, each at least one spacing after the last.
      assertThat(polls).isGreaterThanOrEqualTo(1);
      assertThat((long) polls)
          .as("%d polls for %d requests in %d ms", polls, requests.get(), elapsed / 1_000_000)
          .isLessThanOrEqualTo(elapsed / spacing.toNanos() + 1);
    }
  }
}
