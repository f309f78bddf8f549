package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.LogFilter;

/**
 * {@code peaqos fleet activate} as a process against a devnet: a 500-machine 1.0 run killed with
 * SIGKILL at three random moments and resumed, ending with exactly one identity, one NFT and the
 * DID attributes of each machine; {@code fleet status}; and the input errors.
 */
class FleetDevnetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  @TempDir static Path home;
  @TempDir static Path devnetDir;
  static DevnetChain devnet;
  static ChainReads chain;
  static PeaqosConfig config;

  @BeforeAll
  static void start() {
    devnet = DevnetChain.start(DevnetOptions.builder().dataDir(devnetDir).build());
    chain = ChainReads.connect(devnet.rpcUrl());
    config = PeaqosConfig.builder().devnet(devnetDir).build();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  static Keypair registeredOperator(BigInteger wei) {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), wei);
    try (PeaqosClient c =
        PeaqosClient.builder()
            .config(config.withPrivateKey(kp.privateKey()))
            .chain(chain)
            .build()) {
      c.registerMachine();
    }
    return kp;
  }

  static CliProcess cli(Keypair operator) {
    return new CliProcess(home)
        .env("PEAQOS_NETWORK", "devnet")
        .env("PEAQOS_DEVNET_DIR", devnetDir.toString())
        .env("PEAQOS_PRIVATE_KEY", operator.privateKey());
  }

  static long lines(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var s = Files.lines(file)) {
      return s.count();
    }
  }

  /** Starts the CLI and SIGKILLs it once the journal holds {@code atLines} lines. */
  static void runAndKill(CliProcess cli, Path work, Path journal, long atLines, String... args)
      throws Exception {
    Process p = cli.builder(work, args).redirectErrorStream(true).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p));
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    try {
      while (System.nanoTime() < deadline && p.isAlive()) {
        if (lines(journal) >= atLines) {
          p.destroyForcibly(); // SIGKILL
          p.waitFor();
          return;
        }
        Thread.sleep(2); // polling a file another process writes
      }
      throw new AssertionError(
          "the run ended before "
              + atLines
              + " journal lines:\n"
              + new String(out.get(10, TimeUnit.SECONDS)));
    } finally {
      p.destroyForcibly();
    }
  }

  private static byte[] readAll(Process p) {
    try {
      return p.getInputStream().readAllBytes();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  @Test
  void aFleetKilledThreeTimesResumesToExactlyOneOfEach(@TempDir Path work) throws Exception {
    int n = Integer.getInteger("peaqos.fleet.testMachines", 500);
    Keypair op = registeredOperator(PEAQ.multiply(BigInteger.valueOf(10L * n + 100)));
    CliProcess cli = cli(op);
    Path journal = work.resolve(".peaqos/fleet/journal.jsonl");
    String registry = config.contracts().identityRegistry();
    String nft = config.contracts().machineNft();
    BigInteger firstId =
        (BigInteger)
            Abi.decodeOne(chain.call(registry, Abi.encodeCall("nextMachineId")), "uint256");
    long fromBlock = chain.blockNumber().longValueExact();
    String[] args = {"fleet", "activate", "--count", Integer.toString(n), "--wave", "100"};

    // Three kill points spread over the run, drawn at random (the seed is printed).
    long seed = Long.getLong("peaqos.fleet.seed", new Random().nextLong());
    System.err.println(
        "fleet kill seed " + seed + " (rerun with -Dpeaqos.fleet.seed=" + seed + ")");
    Random random = new Random(seed);
    // Since the operator's batches (one tx line for many machines): about 5 lines a machine (its
    // register, mint and DID done lines, its DID transaction, its completion), so the kills are
    // spread over the first 4 lines a machine, where the run certainly still is.
    long span = 4L * n;
    List<Long> kills = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      kills.add(1 + (long) (random.nextDouble() * span / 3) + i * span / 3);
    }
    for (long at : kills) {
      runAndKill(cli, work, journal, Math.max(at, lines(journal) + 1), args);
    }
    CliProcess.Result status = cli.run(work, "fleet", "status", "--json");
    assertThat(status.exit()).as(status.toString()).isZero();
    JsonNode s = JSON.readTree(status.stdout());
    assertThat(s.get("tokenomics").asText()).isEqualTo("1.0");
    assertThat(s.get("done").asLong()).as("seed " + seed).isLessThan(n);

    CliProcess.Result r = cli.run(Duration.ofMinutes(8), work, args);
    assertThat(r.exit()).as("seed " + seed + "\n" + r).isZero();
    assertThat(r.stdout()).contains(n + " done, 0 failed, 0 pending of " + n);

    // Exactly n registrations and n mints in the chain's history, none twice.
    BigInteger next =
        (BigInteger)
            Abi.decodeOne(chain.call(registry, Abi.encodeCall("nextMachineId")), "uint256");
    assertThat(next.subtract(firstId)).as("seed " + seed).isEqualTo(BigInteger.valueOf(n));
    long minted =
        chain
            .logs(
                LogFilter.builder()
                    .address(nft)
                    .topic0(Abi.eventTopic("MachineMinted(uint256,uint256,address)"))
                    .fromBlock(fromBlock)
                    .toBlock(chain.blockNumber().longValueExact())
                    .build())
            .size();
    assertThat(minted).as("seed " + seed).isEqualTo(n);

    List<String> report = Files.readAllLines(work.resolve(".peaqos/fleet/report.csv"));
    assertThat(report.get(0)).startsWith("address,status,machine_id,token_id,did,register_tx");
    assertThat(report).hasSize(n + 1);
    Set<String> ids = new HashSet<>();
    try (PeaqosClient reader =
        PeaqosClient.builder().config(config).chain(chain).verifyBeforeWrite(false).build()) {
      for (String line : report.subList(1, report.size())) {
        String[] f = line.split(",", -1);
        assertThat(f[1]).isEqualTo("done");
        BigInteger id = new BigInteger(f[2]);
        ids.add(f[2]);
        assertThat(
                (BigInteger)
                    Abi.decodeOne(
                        chain.call(registry, Abi.encodeCall("machineIdOfOwner", new Address(f[0]))),
                        "uint256"))
            .isEqualTo(id);
        assertThat(
                (BigInteger)
                    Abi.decodeOne(
                        chain.call(nft, Abi.encodeCall("tokenIdOf", new Uint256(id))), "uint256"))
            .isEqualTo(new BigInteger(f[3]));
        assertThat(reader.readAttribute(f[0], "machineId").orElseThrow().value()).isEqualTo(f[2]);
        assertThat(reader.readAttribute(f[0], "operator").orElseThrow().value())
            .isEqualTo("did:peaq:" + op.address());
      }
    }
    assertThat(ids).hasSize(n);

    // A run over a finished journal sends nothing and says so.
    CliProcess.Result again =
        cli.run(work, "fleet", "activate", "--count", Integer.toString(n), "--json");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(JSON.readTree(again.stdout()).get("done").asInt()).isEqualTo(n);
  }

  @Test
  void anEconomics2FleetActivatesEveryMachineAcrossWaves(@TempDir Path work) throws Exception {
    // three waves of three: each wave's activations overlap the next wave's funding and approvals,
    // and each wave's wallets get the devnet's native-PEAQ delegation in one batch
    int n = 8;
    Keypair op = PeaqosClient.generateKeypair();
    devnet.setBalance(op.address(), PEAQ.multiply(BigInteger.valueOf(30L * n + 100)));
    CliProcess.Result r =
        cli(op)
            .run(
                work,
                "fleet",
                "activate",
                "--count",
                Integer.toString(n),
                "--tokenomics",
                "2.0",
                "--wave",
                "3",
                "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode s = JSON.readTree(r.stdout());
    assertThat(s.get("done").asInt()).as(r.toString()).isEqualTo(n);
    assertThat(s.get("failed").asInt()).isZero();
    String subscription =
        xyz.peaq.os.sdk.econ2.Econ2Deployment.resolve("devnet", devnetDir).machineSubscription();
    List<String> rows = Files.readAllLines(Path.of(s.get("report").asText()));
    assertThat(rows).hasSize(n + 1);
    Set<BigInteger> ids = new HashSet<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",", -1);
      assertThat(f[1]).as(row).isEqualTo("done");
      BigInteger id = new BigInteger(f[2]);
      ids.add(id);
      // subscriptions(id): its period start is set once activated
      String sub = chain.call(subscription, Abi.encodeCall("subscriptions", new Uint256(id)));
      assertThat(Abi.word(sub, 1)).as(row).isPositive();
    }
    assertThat(ids).hasSize(n);
  }

  @Test
  void inputErrorsAreSpecific(@TempDir Path work) throws Exception {
    CliProcess cli = cli(PeaqosClient.generateKeypair());
    CliProcess.Result both = cli.run(work, "fleet", "activate", "--count", "2", "--from", "x.csv");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.stderr()).contains("mutually exclusive");
    CliProcess.Result gen = cli.run(work, "fleet", "activate", "--count", "2", "--tokenomics", "3");
    assertThat(gen.exit()).isEqualTo(1);
    assertThat(gen.stderr()).contains("--tokenomics must be 1.0 or 2.0");
    Files.writeString(work.resolve("bad.csv"), "address,data_visibility\n0x1234,public\n");
    CliProcess.Result csv = cli.run(work, "fleet", "activate", "--from", "bad.csv");
    assertThat(csv.exit()).isEqualTo(1);
    assertThat(csv.stderr()).contains("bad.csv line 2").contains("address");
    CliProcess.Result status = cli.run(work, "fleet", "status");
    assertThat(status.exit()).isEqualTo(1);
    assertThat(status.stderr()).contains("no fleet journal at");
    // no operator key: said before any machine key is generated
    CliProcess noOperator =
        new CliProcess(home)
            .env("PEAQOS_NETWORK", "devnet")
            .env("PEAQOS_DEVNET_DIR", devnetDir.toString());
    Path fresh = Files.createDirectories(work.resolve("fresh"));
    CliProcess.Result noKey = noOperator.run(fresh, "fleet", "activate", "--count", "50");
    assertThat(noKey.exit()).isEqualTo(3);
    assertThat(noKey.stderr()).contains("PEAQOS_PRIVATE_KEY is required");
    assertThat(fresh.resolve(".peaqos/fleet/keys")).doesNotExist();
  }

  @Test
  void anOperatorTooPoorStopsBeforeSending(@TempDir Path work) {
    Keypair op = registeredOperator(PEAQ.multiply(BigInteger.valueOf(3)));
    CliProcess.Result r = cli(op).run(work, "fleet", "activate", "--count", "10");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.stderr()).contains("wei are missing").contains("Nothing was sent");
  }
}
