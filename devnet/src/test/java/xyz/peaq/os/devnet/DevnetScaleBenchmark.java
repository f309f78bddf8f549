package xyz.peaq.os.devnet;

import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Grows a devnet to 20,000 blocks and, at 0, 5k, 10k and 20k blocks, measures plain transfers per
 * second from 50 senders and one activation's chain time (register + mint + DID attribute, each
 * waiting for its receipt), beside a plain anvil grown the same way and a fresh devnet that is
 * never grown (it only carries what the measurements themselves add), in the same run. Measurements
 * of the three chains are interleaved (devnet, peer, fresh, devnet, ...) so that "vs fresh"
 * compares figures taken minutes apart on a shared machine, not an hour apart; medians are printed
 * as {@code BENCHMARK} lines with the ratios. Outside the default test run:
 *
 * <pre>
 * mvn -B -pl devnet -am verify -Dtest=DevnetScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dpeaqos.benchmark=scale
 * </pre>
 *
 * {@code -Dpeaqos.benchmark.marks=0,5000,10000,20000} changes the sizes.
 */
@EnabledIfSystemProperty(named = "peaqos.benchmark", matches = "scale")
class DevnetScaleBenchmark {
  private static final int SENDERS = 50;
  private static final int TRANSFERS_PER_SENDER = 8;
  // -Dpeaqos.benchmark.rounds=N: more interleaved rounds per size narrow the noise of a shared
  // machine
  private static final int ROUNDS = Integer.getInteger("peaqos.benchmark.rounds", 3);
  private static final BigInteger GAS_PRICE = TestClient.GAS_PRICE;
  private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  @TempDir Path dir;

  @Test
  void throughputAndActivationTimeStayFlatUpTo20000Blocks() throws Exception {
    long[] marks =
        Arrays.stream(System.getProperty("peaqos.benchmark.marks", "0,5000,10000,20000").split(","))
            .map(String::trim)
            .mapToLong(Long::parseLong)
            .toArray();
    Process peerProcess = null;
    DevnetOptions.Builder options = DevnetOptions.builder().dataDir(dir.resolve("devnet"));
    // -Dpeaqos.benchmark.stateInterval=3600 isolates the snapshots' share of the figures
    options.stateIntervalSeconds(
        Integer.getInteger(
            "peaqos.benchmark.stateInterval", DevnetOptions.DEFAULT_STATE_INTERVAL_SECONDS));
    // -Dpeaqos.benchmark.allHistory=true measures snapshots that keep every transaction and receipt
    if (Boolean.getBoolean("peaqos.benchmark.allHistory")) options.keepAllHistory();
    DevnetOptions.Builder freshOptions =
        DevnetOptions.builder().dataDir(dir.resolve("fresh-devnet"));
    freshOptions.stateIntervalSeconds(
        Integer.getInteger(
            "peaqos.benchmark.stateInterval", DevnetOptions.DEFAULT_STATE_INTERVAL_SECONDS));
    if (Boolean.getBoolean("peaqos.benchmark.allHistory")) freshOptions.keepAllHistory();
    try (DevnetChain devnet = DevnetChain.start(options.build());
        DevnetChain freshDevnet = DevnetChain.start(freshOptions.build())) {
      int port = freePort();
      peerProcess =
          new ProcessBuilder(
                  devnet.options().anvilBinary().toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--chain-id",
                  Long.toString(devnet.chainId()),
                  "--hardfork",
                  devnet.options().hardfork(),
                  // by default anvil also writes every evicted old state to ~/.foundry/anvil/tmp
                  // (~0.6 MB a block, 12 GB at 20k blocks) and never deletes it: kept in memory
                  // only
                  "--max-persisted-states",
                  "0",
                  "-q")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("peer.log").toFile())
              .start();
      Chain dev =
          new Chain(
              "devnet", devnet.rpcUrl(), devnet.chainId(), devnet.contracts(), devnet.anvilPid());
      Chain peer = Chain.peer(peerProcess, port, devnet.chainId());
      Chain fresh =
          new Chain(
              "fresh devnet",
              freshDevnet.rpcUrl(),
              freshDevnet.chainId(),
              freshDevnet.contracts(),
              freshDevnet.anvilPid());
      System.out.printf(
          Locale.ROOT,
          "BENCHMARK devnet scale: %d senders x %d transfers, %d interleaved rounds per size, "
              + "medians; peer = plain anvil (%s) grown the same way; devnet %s%n",
          SENDERS,
          TRANSFERS_PER_SENDER,
          ROUNDS,
          "automine, no state file, old states in memory only",
          devnet.options());
      List<String> table = new ArrayList<>();
      for (long mark : marks) {
        long t0 = System.nanoTime();
        ExecutorService growers = Executors.newFixedThreadPool(2);
        Future<?> g1 = growers.submit(() -> dev.growTo(mark));
        Future<?> g2 = growers.submit(() -> peer.growTo(mark));
        g1.get();
        g2.get();
        growers.shutdown();
        double growSeconds = (System.nanoTime() - t0) / 1e9;
        long head = dev.head();
        double[] devTps = new double[ROUNDS], peerTps = new double[ROUNDS];
        double[] devTxPerBlock = new double[ROUNDS], peerTxPerBlock = new double[ROUNDS];
        double[] devAct = new double[ROUNDS], peerAct = new double[ROUNDS];
        double[] devLone = new double[ROUNDS], peerLone = new double[ROUNDS];
        double[] freshTps = new double[ROUNDS], freshAct = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          double[] d = dev.transfers();
          double[] p = peer.transfers();
          devTps[r] = d[0];
          devTxPerBlock[r] = d[1];
          peerTps[r] = p[0];
          peerTxPerBlock[r] = p[1];
          devAct[r] = dev.activation();
          peerAct[r] = peer.activation();
          devLone[r] = dev.loneTransfer();
          peerLone[r] = peer.loneTransfer();
          freshTps[r] = fresh.transfers()[0];
          freshAct[r] = fresh.activation();
        }
        long freshHead = fresh.head();
        StateSnapshotter snapshots = devnet.snapshotter();
        // idle means: the last activity is in a snapshot already (snapshots are rare and none is
        // taken of an unchanged chain, so one is taken here rather than waited for)
        snapshots.snapshotNow();
        long snapshotsBefore = snapshots.snapshots();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long snapshotThreadCpu = snapshotThreadCpuNanos(threads);
        long idleT0 = System.nanoTime();
        double idleCpu = dev.idleCpu();
        double jvmIdleShare =
            (snapshotThreadCpuNanos(threads) - snapshotThreadCpu)
                / (double) (System.nanoTime() - idleT0);
        long idleSnapshots = snapshots.snapshots() - snapshotsBefore;
        double peerIdleCpu = peer.idleCpu();
        Path state = devnet.dataDir().resolve(DevnetChain.STATE_FILE_NAME);
        long stateBytes = Files.exists(state) ? Files.size(state) : 0;
        System.out.printf(
            Locale.ROOT,
            "BENCHMARK devnet from %,d blocks (grown in %.0f s): transfers/s %.0f vs peer %.0f "
                + "(ratio %.2f), tx/block %.1f vs %.1f; activation chain time %.1f ms vs peer %.1f ms (ratio %.2f); "
                + "lone transfer send-to-receipt %.1f ms vs %.1f ms; "
                + "idle CPU anvil %.1f%% + snapshot thread %.2f%% (%d snapshots while idle) vs peer anvil %.1f%%; "
                + "state.json %.1f MB, last snapshot %d ms (anvil_dumpState + write + fsync + rename), "
                + "worst loss window so far %d ms (a kill loses nothing acknowledged; this is the longest an "
                + "acknowledged change waited for its journal fsync)%n",
            head,
            growSeconds,
            median(devTps),
            median(peerTps),
            median(devTps) / median(peerTps),
            median(devTxPerBlock),
            median(peerTxPerBlock),
            median(devAct),
            median(peerAct),
            median(devAct) / median(peerAct),
            median(devLone),
            median(peerLone),
            idleCpu * 100,
            jvmIdleShare * 100,
            idleSnapshots,
            peerIdleCpu * 100,
            stateBytes / 1e6,
            snapshots.lastDumpMillis(),
            snapshots.maxLossMillis());
        System.out.printf(
            Locale.ROOT,
            "BENCHMARK fresh devnet beside it (at %,d blocks): transfers/s %.0f (devnet / fresh %.2f), "
                + "activation %.1f ms (devnet / fresh %.2f)%n",
            freshHead,
            median(freshTps),
            median(devTps) / median(freshTps),
            median(freshAct),
            median(devAct) / median(freshAct));
        table.add(
            String.format(
                Locale.ROOT,
                "| %,d | %.0f / %.0f (%.2f) | %.0f / %.0f (%.0f%%) | %.1f / %.1f ms | %.1f ms (%.2fx) | %.1f / %.1f ms | %.1f MB | %,d ms | %,d ms |",
                head,
                median(devTps),
                median(peerTps),
                median(devTps) / median(peerTps),
                median(freshTps),
                median(devTps),
                100 * median(devTps) / median(freshTps),
                median(devAct),
                median(peerAct),
                median(freshAct),
                median(devAct) / median(freshAct),
                median(devLone),
                median(peerLone),
                stateBytes / 1e6,
                snapshots.lastDumpMillis(),
                snapshots.maxLossMillis()));
      }
      System.out.println(
          "BENCHMARK | Head block | Transfers/s devnet / plain anvil (ratio) "
              + "| Transfers/s fresh devnet beside it / devnet (devnet as % of fresh) "
              + "| Activation devnet / plain anvil | Activation fresh devnet (devnet / fresh) "
              + "| Lone transfer devnet / plain anvil "
              + "| state.json | Last snapshot | Loss window (worst journal fsync lag) |");
      System.out.println("BENCHMARK |---|---|---|---|---|---|---|---|---|");
      for (String row : table) System.out.println("BENCHMARK " + row);
      dev.close();
      peer.close();
      fresh.close();
    } finally {
      if (peerProcess != null) {
        peerProcess.destroy();
        peerProcess.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long snapshotThreadCpuNanos(ThreadMXBean threads) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("devnet-state-snapshots"))
        .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId())))
        .sum();
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** One chain under measurement: a web3j client, the peaqOS contracts and signing helpers. */
  private static final class Chain {
    final String name;
    final Web3j web3j;
    final HttpService service;
    final long chainId;
    final DevnetContracts contracts;
    final long anvilPid;
    final Credentials grower;
    BigInteger growerNonce = BigInteger.ZERO;
    long growCount;

    Chain(String name, String rpcUrl, long chainId, DevnetContracts contracts, long anvilPid)
        throws Exception {
      this.name = name;
      this.service = new HttpService(rpcUrl);
      this.web3j = Web3j.build(service);
      this.chainId = chainId;
      this.contracts = contracts;
      this.anvilPid = anvilPid;
      this.grower = Credentials.create(Keys.createEcKeyPair());
      setBalance(grower.getAddress(), ONE_PEAQ.multiply(BigInteger.valueOf(1_000_000)));
    }

    static Chain peer(Process process, int port, long chainId) throws Exception {
      String url = "http://127.0.0.1:" + port;
      Web3j probe = Web3j.build(new HttpService(url));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        try {
          probe.ethChainId().send();
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline || !process.isAlive())
            throw new IllegalStateException("peer anvil did not start");
          Thread.sleep(20);
        }
      }
      probe.shutdown();
      HttpService service = new HttpService(url);
      Web3j web3j = Web3j.build(service);
      Deployer deployer = new Deployer(web3j, service);
      DevnetDeployment deployment = deployer.deploy(chainId);
      deployer.installPrecompiles(java.util.Optional.empty());
      web3j.shutdown();
      return new Chain("peer", url, chainId, deployment.contracts(), process.pid());
    }

    long head() throws IOException {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    void setBalance(String address, BigInteger wei) throws IOException {
      var r =
          new org.web3j.protocol.core.Request<>(
                  "anvil_setBalance",
                  List.of(address, Numeric.toHexStringWithPrefix(wei)),
                  service,
                  org.web3j.protocol.core.methods.response.VoidResponse.class)
              .send();
      if (r.hasError())
        throw new IllegalStateException("anvil_setBalance: " + r.getError().getMessage());
    }

    /**
     * Grows the chain to {@code blocks}: one transaction per block, plain transfers to 200 accounts
     * and an activation (a new machine: register + mint + DID attribute) every 25th step.
     */
    Void growTo(long blocks) throws Exception {
      while (head() < blocks) {
        if (++growCount % 25 == 0) {
          activation();
        } else {
          // plain transfers among 200 accounts, as users' transfers go between the same wallets
          String to =
              Keys.toChecksumAddress(
                  Numeric.toHexStringWithPrefixZeroPadded(
                      BigInteger.valueOf(0x5ca1e000_0000L + growCount % 200), 40));
          TransactionReceipt r =
              awaitReceipt(sendRaw(grower, growerNonce, to, "", BigInteger.ONE, TRANSFER_GAS));
          growerNonce = growerNonce.add(BigInteger.ONE);
          if (!r.isStatusOK()) throw new IllegalStateException("growth transfer failed on " + name);
        }
      }
      return null;
    }

    /**
     * 50 funded senders, each sending its transfers one after the other; returns {tx/s, tx per
     * block}.
     */
    double[] transfers() throws Exception {
      List<Credentials> senders = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        Credentials c = Credentials.create(Keys.createEcKeyPair());
        setBalance(c.getAddress(), ONE_PEAQ);
        senders.add(c);
      }
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      long firstBlock = head();
      long t0 = System.nanoTime();
      List<Future<List<TransactionReceipt>>> results = new ArrayList<>();
      for (Credentials sender : senders) {
        results.add(
            pool.submit(
                () -> {
                  List<TransactionReceipt> receipts = new ArrayList<>();
                  for (int k = 0; k < TRANSFERS_PER_SENDER; k++) {
                    receipts.add(
                        awaitReceipt(
                            sendRaw(
                                sender,
                                BigInteger.valueOf(k),
                                grower.getAddress(),
                                "",
                                BigInteger.ONE,
                                TRANSFER_GAS),
                            5));
                  }
                  return receipts;
                }));
      }
      java.util.Set<BigInteger> blocks = new java.util.HashSet<>();
      for (Future<List<TransactionReceipt>> f : results) {
        for (TransactionReceipt r : f.get()) {
          if (!r.isStatusOK()) throw new IllegalStateException("transfer failed on " + name);
          blocks.add(r.getBlockNumber());
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      int total = SENDERS * TRANSFERS_PER_SENDER;
      if (head() - firstBlock < blocks.size())
        throw new IllegalStateException("blocks miscounted on " + name);
      return new double[] {total / seconds, (double) total / blocks.size()};
    }

    /** Median send-to-receipt time of 21 transfers sent one after the other. */
    double loneTransfer() throws Exception {
      double[] ms = new double[21];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        awaitReceipt(
            sendRaw(grower, growerNonce, grower.getAddress(), "", BigInteger.ONE, TRANSFER_GAS));
        growerNonce = growerNonce.add(BigInteger.ONE);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      return median(ms);
    }

    /**
     * register (with its bond) + mint + one DID attribute, each waiting for its receipt; returns
     * milliseconds.
     */
    double activation() throws Exception {
      Credentials machine = Credentials.create(Keys.createEcKeyPair());
      setBalance(machine.getAddress(), ONE_PEAQ.multiply(BigInteger.TEN));
      long t0 = System.nanoTime();
      BigInteger limit = TestClient.GAS_LIMIT;
      check(
          awaitReceipt(
              sendRaw(
                  machine,
                  BigInteger.ZERO,
                  contracts.identityRegistry(),
                  encode("register"),
                  ONE_PEAQ,
                  limit)));
      BigInteger id =
          Numeric.toBigInt(
              web3j
                  .ethCall(
                      org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                          machine.getAddress(),
                          contracts.identityRegistry(),
                          encode("machineIdOf", new Address(machine.getAddress()))),
                      DefaultBlockParameterName.LATEST)
                  .send()
                  .getValue());
      check(
          awaitReceipt(
              sendRaw(
                  machine,
                  BigInteger.ONE,
                  contracts.machineNft(),
                  encode("mint", new Uint256(id), new Address(machine.getAddress())),
                  BigInteger.ZERO,
                  limit)));
      check(
          awaitReceipt(
              sendRaw(
                  machine,
                  BigInteger.TWO,
                  contracts.didRegistry(),
                  Did.add(machine.getAddress(), "machineId", id.toString()),
                  BigInteger.ZERO,
                  limit)));
      return (System.nanoTime() - t0) / 1e6;
    }

    private void check(TransactionReceipt r) {
      if (!r.isStatusOK())
        throw new IllegalStateException(
            "activation step reverted on " + name + ": " + r.getTransactionHash());
    }

    String sendRaw(
        Credentials from,
        BigInteger nonce,
        String to,
        String data,
        BigInteger value,
        BigInteger gas)
        throws IOException {
      RawTransaction tx = RawTransaction.createTransaction(nonce, GAS_PRICE, gas, to, value, data);
      EthSendTransaction sent =
          web3j
              .ethSendRawTransaction(
                  Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, from)))
              .send();
      if (sent.hasError())
        throw new IllegalStateException(name + ": " + sent.getError().getMessage());
      return sent.getTransactionHash();
    }

    TransactionReceipt awaitReceipt(String hash) throws Exception {
      return awaitReceipt(hash, 1);
    }

    /**
     * Polls every {@code pollMillis}: 50 senders polling every millisecond would measure the
     * polling.
     */
    TransactionReceipt awaitReceipt(String hash, long pollMillis) throws Exception {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline) {
        Optional<TransactionReceipt> r =
            web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        if (r.isPresent()) return r.get();
        Thread.sleep(pollMillis);
      }
      throw new IllegalStateException("no receipt on " + name + " for " + hash);
    }

    /** Share of one core anvil uses over 3 s with no request at all. */
    double idleCpu() throws Exception {
      long before = cpuTicks();
      long t0 = System.nanoTime();
      Thread.sleep(3000); // the measured interval itself, not a synchronisation
      return (cpuTicks() - before) / 100.0 / ((System.nanoTime() - t0) / 1e9);
    }

    private long cpuTicks() throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(anvilPid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    void close() {
      web3j.shutdown();
    }
  }
}
