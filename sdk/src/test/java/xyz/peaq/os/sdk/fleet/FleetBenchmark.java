package xyz.peaq.os.sdk.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * Fleet benchmark, not part of the default test run (the class name does not end in Test). On one
 * devnet, interleaved rounds of: plain transfers from one sender through the same pipeline (signed,
 * journaled nowhere, {@code submitAll} with the same concurrency, receipts in batches), a 1.0 fleet
 * and a 2.0 fleet of {@code bench.machines} machines (default 1,000). The SDK talks to the devnet
 * through a counting JSON-RPC proxy on loopback, so RPC calls (batch elements counted one by one)
 * and HTTP requests per machine are measured on the wire. Prints machines/s, the fleet's
 * transactions/s (the chain's: a batch of the operator counts once), the plain transfers/s of the
 * same round and their ratio, and the wall time by step (time up to each progress report, summed by
 * step: a profile of where a run waits), the base fee before and after, and the chain's work: gas
 * used per machine and Mgas/s. Variants ({@code bench.variants}, default {@code
 * 1.0,1.0/single,2.0,2.0/single}), a generation with options: {@code /1} {@code operatorBatch(1)},
 * one operator transaction per machine and call, for the batches' share; {@code /single} {@code
 * blockBatches(false)}, one send request per transaction instead of block-sized sends; {@code
 * /full} sends of up to the block gas limit in flight instead of its target.
 *
 * <pre>
 * mvn -B -pl sdk -am verify -Dtest=FleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.machines=1000 -Dbench.rounds=2
 * </pre>
 */
class FleetBenchmark {
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static final int MACHINES = Integer.getInteger("bench.machines", 1000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  static final String VARIANTS =
      System.getProperty("bench.variants", "1.0,1.0/single,2.0,2.0/single");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Forwards JSON-RPC to the devnet, counting HTTP requests and calls (per method). */
  static final class CountingProxy implements AutoCloseable {
    final HttpServer server;
    final LongAdder http = new LongAdder();
    final LongAdder calls = new LongAdder();
    final Map<String, AtomicLong> byMethod = new ConcurrentHashMap<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ExecutorService pool = Executors.newFixedThreadPool(32);

    CountingProxy(String target) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      server.setExecutor(pool);
      server.createContext(
          "/",
          ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            http.increment();
            JsonNode j = JSON.readTree(body);
            if (j.isArray()) {
              for (JsonNode c : j) {
                count(c);
              }
            } else {
              count(j);
            }
            try {
              HttpResponse<byte[]> r =
                  client.send(
                      HttpRequest.newBuilder(URI.create(target))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray());
              ex.getResponseHeaders().add("Content-Type", "application/json");
              ex.sendResponseHeaders(r.statusCode(), r.body().length);
              ex.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              ex.sendResponseHeaders(503, -1);
            } finally {
              ex.close();
            }
          });
      server.start();
    }

    void count(JsonNode c) {
      calls.increment();
      byMethod.computeIfAbsent(c.path("method").asText(), m -> new AtomicLong()).incrementAndGet();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void reset() {
      http.reset();
      calls.reset();
      byMethod.clear();
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  @Test
  void machinesPerSecondAndRpcCallsPerMachine() throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetChain devnet = DevnetChain.start(DevnetOptions.builder().dataDir(data).build());
        CountingProxy proxy = new CountingProxy(devnet.rpcUrl());
        ChainReads chain = ChainReads.connect(proxy.url())) {
      PeaqosConfig config = PeaqosConfig.builder().devnet(data).rpcUrl(proxy.url()).build();
      Econ2Deployment deployment = Econ2Deployment.resolve("devnet", data);
      System.out.printf(
          Locale.ROOT,
          "BENCHMARK fleet: %d machines per fleet, %d interleaved rounds, concurrency %d, %d cores%n",
          MACHINES,
          ROUNDS,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors());
      for (int round = 1; round <= ROUNDS; round++) {
        double transfers = transfers(devnet, chain, proxy, 3 * MACHINES, false);
        double blockSized = transfers(devnet, chain, proxy, 3 * MACHINES, true);
        System.out.printf(
            Locale.ROOT,
            "BENCHMARK fleet round %d plain transfers: %.1f tx/s one send request each, %.1f tx/s in"
                + " block-sized sends (%d transfers from 200 senders each)%n",
            round,
            transfers,
            blockSized,
            3 * MACHINES);
        for (String variant : VARIANTS.split(",")) {
          // "1.0" and "2.0" as shipped; "1.0/1": the operator's calls one transaction each
          String gen = variant.startsWith(Fleet.V1) ? Fleet.V1 : Fleet.V2;
          Keypair op = PeaqosClient.generateKeypair();
          devnet.setBalance(op.address(), PEAQ.multiply(BigInteger.valueOf(40L * MACHINES + 100)));
          if (Fleet.V1.equals(gen)) {
            try (PeaqosClient c =
                PeaqosClient.builder()
                    .config(config.withPrivateKey(op.privateKey()))
                    .chain(chain)
                    .build()) {
              c.registerMachine();
            }
          }
          List<FleetMachine> ms = new ArrayList<>();
          for (int i = 0; i < MACHINES; i++) {
            ms.add(FleetMachine.of(Credentials.create(Keys.createEcKeyPair())));
          }
          long blockBefore = chain.blockNumber().longValueExact();
          BigInteger baseFeeBefore =
              ChainClient.of(chain).block(BlockRef.latest()).get().baseFeePerGas();
          BigInteger nonceBefore = BigInteger.ZERO;
          proxy.reset();
          Fleet.Builder b =
              Fleet.builder()
                  .chain(chain)
                  .operator(Credentials.create(op.privateKey()))
                  .tokenomics(gen)
                  .concurrency(CONCURRENCY)
                  .journal(
                      FleetJournal.open(
                          dir.resolve("j-" + variant.replace('/', '_') + "-" + round)));
          if (variant.contains("/1")) {
            b.operatorBatch(1);
          }
          if (variant.contains("/full")) {
            b.fullBlocks(true); // sends of up to a block's gas limit in flight, not its target
          }
          if (variant.contains("/single")) {
            b.blockBatches(false); // one send request per transaction, as before block batches
          }
          if (Fleet.V1.equals(gen)) {
            b.config(config);
          } else {
            // the wave's delegations in two batched requests, as the CLI's fleet makes them
            b.deployment(deployment).walletPreparer(devnet::enableNativePullAll);
          }
          // Where the wall time goes: the time up to each progress report, summed by step.
          Map<String, Long> stepNanos = new TreeMap<>();
          long[] lastReport = {System.nanoTime()};
          b.listener(
              (done, failed, total, step) -> {
                long now = System.nanoTime();
                stepNanos.merge(step, now - lastReport[0], Long::sum);
                lastReport[0] = now;
              });
          FleetReport r = b.build().run(ms);
          double secs = r.elapsed().toNanos() / 1e9;
          // the chain's transactions: a batch of the operator counts once for all its machines
          java.util.Set<String> distinct = new java.util.HashSet<>();
          for (MachineOutcome m : r.machines()) {
            distinct.addAll(m.transactions().values());
          }
          long txs = distinct.size();
          long calls = proxy.calls.sum();
          long requests = proxy.http.sum();
          Map<String, Long> methods = new TreeMap<>();
          proxy.byMethod.forEach((k, v) -> methods.put(k, v.get()));
          long blockAfter = chain.blockNumber().longValueExact();
          long blocks = blockAfter - blockBefore;
          // the chain's work: gas used by the run's blocks (read after the counts)
          BigInteger gasUsed = BigInteger.ZERO;
          for (long n = blockBefore + 1; n <= blockAfter; n++) {
            gasUsed =
                gasUsed.add(
                    new BigInteger(
                        ChainClient.of(chain)
                            .request("eth_getBlockByNumber", "0x" + Long.toHexString(n), false)
                            .path("gasUsed")
                            .asText()
                            .substring(2),
                        16));
          }
          BigInteger baseFeeAfter =
              ChainClient.of(chain).block(BlockRef.latest()).get().baseFeePerGas();
          System.out.printf(
              Locale.ROOT,
              "BENCHMARK fleet round %d %s: %d done, %d failed in %.1f s = %.1f machines/s;"
                  + " %.1f tx/s (ratio %.2f of plain transfers; machines/s / transfers/s %.2f,"
                  + " / block-sized transfers/s %.2f);"
                  + " %.2f RPC calls and %.2f HTTP requests per machine; %d blocks;"
                  + " base fee %s -> %s wei; load %.1f%n",
              round,
              variant,
              r.done(),
              r.failed(),
              secs,
              MACHINES / secs,
              txs / secs,
              (txs / secs) / transfers,
              (MACHINES / secs) / transfers,
              (MACHINES / secs) / blockSized,
              calls / (double) MACHINES,
              requests / (double) MACHINES,
              blocks,
              baseFeeBefore,
              baseFeeAfter,
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage());
          System.out.println(
              "BENCHMARK fleet round " + round + " " + variant + " calls " + methods);
          System.out.printf(
              Locale.ROOT,
              "BENCHMARK fleet round %d %s: chain work %.0f gas per machine, %.1f Mgas/s"
                  + " (plain transfers: 21000 gas each, %.1f Mgas/s)%n",
              round,
              variant,
              gasUsed.doubleValue() / MACHINES,
              gasUsed.doubleValue() / secs / 1e6,
              transfers * 21000 / 1e6);
          StringBuilder steps = new StringBuilder();
          stepNanos.forEach(
              (k, v) -> steps.append(String.format(Locale.ROOT, " %s=%.1fs", k, v / 1e9)));
          System.out.println(
              "BENCHMARK fleet round " + round + " " + variant + " wall time by step:" + steps);
        }
      }
    }
  }

  /**
   * {@code count} plain transfers from 200 senders (one transaction of each in flight at a time),
   * through the same pipeline ({@code submitAll}, the same concurrency; or, {@code blockSized}, all
   * 200 signed and sent in one JSON-RPC batch, as the fleet sends) and batched receipts: the
   * devnet's plain-transfer rate under the fleet's client mechanics.
   */
  static double transfers(
      DevnetChain devnet, ChainReads chain, CountingProxy proxy, int count, boolean blockSized)
      throws Exception {
    int senders = 200;
    List<xyz.peaq.os.sdk.chain.Signer> signers = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      Keypair k = PeaqosClient.generateKeypair();
      devnet.setBalance(k.address(), PEAQ.multiply(BigInteger.valueOf(10)));
      signers.add(chain.signer(k.privateKey()));
    }
    for (xyz.peaq.os.sdk.chain.Signer s : signers) {
      // the nonce read of each sender's first signature, outside the timed part
      ((xyz.peaq.os.sdk.internal.chain.TransactionSender) s).resyncNonce();
    }
    ChainClient c = ChainClient.of(chain);
    String to = PeaqosClient.generateKeypair().address();
    BigInteger gas =
        c.gasPolicy()
            .limitFor(to, c.estimateGas(signers.get(0).address(), to, BigInteger.ONE, "0x"));
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    long start = System.nanoTime();
    try {
      for (int from = 0; from < count; from += senders) {
        FeeData fees = chain.feeData();
        List<TransactionPipeline.Steps> ops = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + senders); i++) {
          ops.add(
              TransactionPipeline.steps(
                  signers.get(i - from),
                  TxRequest.builder()
                      .to(to)
                      .value(BigInteger.ONE)
                      .gasLimit(gas)
                      .maxFeePerGas(fees.maxFeePerGas())
                      .maxPriorityFeePerGas(fees.maxPriorityFeePerGas())
                      .build()));
        }
        List<String> hashes = new ArrayList<>();
        if (blockSized) {
          // as the fleet sends: all signed, then one JSON-RPC batch (200 transfers, 4.2 M gas)
          List<xyz.peaq.os.sdk.chain.SignedTransaction> signed = new ArrayList<>();
          for (TransactionPipeline.Steps s : ops) {
            signed.add(s.sign());
          }
          List<xyz.peaq.os.sdk.chain.BroadcastRejectedException> refused = c.broadcastAll(signed);
          for (int i = 0; i < signed.size(); i++) {
            if (refused.get(i) != null) {
              throw refused.get(i);
            }
            hashes.add(signed.get(i).hash());
          }
        } else {
          for (TransactionPipeline.Submitted s :
              c.pipeline().submitAll("transfer", ops, TransactionObserver.NONE, pool)) {
            if (s.error() != null) {
              throw s.error();
            }
            hashes.add(s.sent().hash());
          }
        }
        // Receipts awaited together in JSON-RPC batches, as the fleet does.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!hashes.isEmpty()) {
          List<java.util.Optional<TxReceipt>> rs = c.receipts(hashes);
          List<String> left = new ArrayList<>();
          for (int i = 0; i < hashes.size(); i++) {
            if (rs.get(i).isEmpty()) {
              left.add(hashes.get(i));
            } else if (!rs.get(i).get().success()) {
              throw new AssertionError("transfer reverted: " + hashes.get(i));
            }
          }
          hashes = left;
          if (!hashes.isEmpty()) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError(hashes.size() + " transfers without a receipt");
            }
            Thread.sleep(20); // the node's polling interval
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
