package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.PeaqosClient;

/**
 * {@code peaqos activate} in Economics 2.0 mode, the CLI as a process against one devnet: the main
 * job and its no-op re-run, kills between approval and activation and between broadcast and
 * receipt, a quote that moves at the consent prompt, too little PEAQ, a voucher-covered activation,
 * machine-key mode, a pending transaction, and the error codes the command prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Econ2ActivateDevnetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static final String DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  @TempDir static Path home;
  @TempDir static Path work;
  CliProcess cli;
  Path devnetDir;

  CliProcess cli() {
    if (cli == null) {
      cli = new CliProcess(home);
      devnetDir = home.resolve(".peaqos/devnet");
      // Any free MCR port: these tests need no MCR API and port 8000 may be taken on the machine.
      CliProcess.Result r = cli.run(work, "devnet", "up", "--detach", "--mcr-port", "0");
      assertThat(r.exit()).as(r.toString()).isZero();
    }
    return cli;
  }

  @AfterAll
  void devnetDown() {
    if (cli != null) {
      assertThat(cli.run(work, "devnet", "down").exit()).isZero();
    }
  }

  Path dir(String name) throws Exception {
    return Files.createDirectories(work.resolve(name));
  }

  CliProcess.Result activate(Path w, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "activate";
    args[1] = "--network";
    args[2] = "devnet";
    args[3] = "--tokenomics=2.0";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return cli().run(w, args);
  }

  List<JournalEntry> submitted(Path w, String step) throws Exception {
    return Journal.read(w.resolve("peaqos.log")).stream()
        .filter(e -> step.equals(e.step()) && "submitted".equals(e.status()))
        .toList();
  }

  /** A devnet-only admin transaction from dev account 0, the owner of the 2.0 contracts. */
  static void admin(DevnetReads chain, String contractVar, Function f) {
    String hash =
        chain
            .chain
            .request(
                "eth_sendTransaction",
                Map.of(
                    "from",
                    DEPLOYER,
                    "to",
                    chain.env.get(contractVar),
                    "data",
                    FunctionEncoder.encode(f),
                    // An explicit limit: anvil's exact estimate can fall short when the block's
                    // timestamp (which commitPrices stores) changes between estimate and mining.
                    "gas",
                    "0x7a120"))
            .asText();
    JsonNode receipt = chain.chain.request("eth_getTransactionReceipt", hash);
    assertThat(receipt.get("status").asText()).as("admin call %s", f.getName()).isEqualTo("0x1");
  }

  static Function peaqPrice(long usdE8) {
    return new Function(
        "commitPrices",
        List.of(
            new DynamicArray<>(
                Bytes32.class, new Bytes32(Hash.sha3("PEAQ".getBytes(StandardCharsets.UTF_8)))),
            new DynamicArray<>(Uint256.class, new Uint256(usdE8)),
            new Uint64(0)),
        List.of());
  }

  BigInteger machineIdOf(CliProcess.Result r) throws Exception {
    return new BigInteger(JSON.readTree(r.stdout()).get("machine_id").asText());
  }

  @Test
  @Order(1)
  void mainJobThenAReRunIsAlreadyActiveAndSendsNothing() throws Exception {
    Path w = dir("main");
    CliProcess.Result r = activate(w, "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stderr())
        .contains(
            "[1/7] Compute machine identity",
            "[2/7] Reconcile previous submissions",
            "[3/7] Quote the activation",
            "[4/7] Balance check",
            "[5/7] 2FA enrollment",
            "answers the 2FA prompt itself",
            "[6/7] Fund from Gas Station",
            "Devnet: added",
            "[7/7] Activate machine",
            "approval transaction 0x",
            "activation transaction 0x");
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("activated");
    assertThat(j.get("mode").asText()).isEqualTo("self-owned");
    assertThat(j.get("deployment_id").asText()).isEqualTo("devnet");
    assertThat(j.get("machine_id").isTextual()).isTrue();
    assertThat(j.get("bond_amount").asText())
        .isEqualTo(PEAQ.multiply(BigInteger.valueOf(20)).toString());
    assertThat(j.get("voucher_credit").asText()).isEqualTo("0");
    assertThat(j.get("net_peaq_amount").asText()).isEqualTo(j.get("bond_amount").asText());
    assertThat(j.get("transaction_hash").asText()).matches("0x[0-9a-f]{64}");
    assertThat(j.get("is_homed_locally").asBoolean()).isTrue();
    assertThat(j.get("explorer_url").asText())
        .startsWith("http://127.0.0.1:")
        .endsWith("/explorer/machine/did:peaq:" + j.get("machine_id").asText());
    String wallet = DevnetReads.walletOf(w);
    assertThat(j.get("owner").asText()).isEqualToIgnoringCase(wallet);
    assertThat(submitted(w, "approval")).hasSize(1);
    assertThat(submitted(w, "activation")).hasSize(1);

    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      BigInteger nonce = chain.nonce(wallet);
      BigInteger block = chain.block();
      CliProcess.Result again = activate(w, "--json");
      assertThat(again.exit()).as(again.toString()).isZero();
      JsonNode k = JSON.readTree(again.stdout());
      assertThat(k.get("status").asText()).isEqualTo("already_active");
      assertThat(k.get("machine_id").asText()).isEqualTo(j.get("machine_id").asText());
      assertThat(k.get("explorer_url").asText()).isEqualTo(j.get("explorer_url").asText());
      assertThat(again.stderr()).contains("ALREADY_ACTIVE").doesNotContain("[3/7]");
      assertThat(chain.nonce(wallet)).isEqualTo(nonce);
      assertThat(chain.block()).isEqualTo(block);
    }
  }

  @Test
  @Order(2)
  void killedBetweenApprovalAndActivationFinishesWithOneOfEach() throws Exception {
    Path w = dir("kill-approval");
    cli()
        .runAndKillWhen(
            w,
            l -> l.contains("\"step\":\"approval\"") && l.contains("\"status\":\"confirmed\""),
            "activate",
            "--network",
            "devnet",
            "--tokenomics",
            "2.0");
    assertRecovers(w);
  }

  @Test
  @Order(3)
  void killedBetweenBroadcastAndReceiptReconcilesFromTheJournal() throws Exception {
    Path w = dir("kill-activation");
    cli()
        .runAndKillWhen(
            w,
            l -> l.contains("\"step\":\"activation\"") && l.contains("\"status\":\"submitted\""),
            "activate",
            "--network",
            "devnet",
            "--tokenomics",
            "2.0");
    assertRecovers(w);
  }

  private void assertRecovers(Path w) throws Exception {
    CliProcess.Result r = activate(w, "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(JSON.readTree(r.stdout()).get("status").asText())
        .isIn("activated", "already_active");
    assertThat(submitted(w, "approval")).as("one approval ever sent").hasSize(1);
    assertThat(submitted(w, "activation")).as("one activation ever sent").hasSize(1);
    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(wallet))
          .as("two transactions from the wallet")
          .isEqualTo(BigInteger.TWO);
      BigInteger id = machineIdOf(r);
      assertThat(chain.address("MACHINE_REGISTRY_ADDRESS", "ownerOf", new Uint256(id)))
          .isEqualToIgnoringCase(wallet);
    }
    CliProcess.Result third = activate(w, "--json");
    assertThat(JSON.readTree(third.stdout()).get("status").asText()).isEqualTo("already_active");
  }

  @Test
  @Order(4)
  void aQuoteThatMovesAtTheConsentPromptIsQuoteMovedAndSendsNothing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux script gives the CLI a pseudo-terminal");
    Path w = dir("quote-moved");
    String javaCmd =
        String.join(
            " ",
            cli()
                .builder(w, "activate", "--network", "devnet", "--tokenomics", "2.0", "--json")
                .command());
    ProcessBuilder pb =
        new ProcessBuilder("/usr/bin/script", "-qec", javaCmd, "/dev/null").directory(w.toFile());
    pb.environment().clear();
    pb.environment().putAll(cli().builder(w).environment());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    InputStream in = p.getInputStream();
    byte[] buf = new byte[4096];
    while (!out.toString().contains("Activate this machine?")) {
      int n = in.read(buf);
      assertThat(n).as("the CLI ended before its prompt:\n%s", out).isPositive();
      out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      String wallet = DevnetReads.walletOf(w);
      BigInteger nonce = chain.nonce(wallet);
      admin(chain, "PRICE_ORACLE_ADDRESS", peaqPrice(4_000_000L)); // 0.04 USD: the bond is 25
      try {
        p.getOutputStream().write("y\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString()).isEqualTo(ExitCode.NETWORK);
        assertThat(out.toString()).contains("\"error_code\" : \"QUOTE_MOVED\"");
        assertThat(chain.nonce(wallet)).as("nothing sent").isEqualTo(nonce);
      } finally {
        admin(chain, "PRICE_ORACLE_ADDRESS", peaqPrice(5_000_000L));
      }
    }
    assertThat(submitted(w, "approval")).isEmpty();
  }

  @Test
  @Order(5)
  void tooLittlePeaqForNetBondPlusGasFailsBeforeSending() throws Exception {
    Path w = dir("insufficient");
    CliProcess.Result r = activate(w, "--skip-funding", "--json");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("error_code").asText()).isEqualTo("INSUFFICIENT_PEAQ");
    assertThat(j.get("status").asText()).isEqualTo("error");
    assertThat(r.stderr()).contains("[4/7] Balance check (skipped: --skip-funding)");
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(DevnetReads.walletOf(w))).isZero();
    }
  }

  @Test
  @Order(6)
  void aVoucherCoveringTheBondActivatesWithNoApproval() throws Exception {
    Path w = dir("voucher");
    var kp = PeaqosClient.generateKeypair();
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      chain.chain.request("anvil_setBalance", kp.address(), "0x" + PEAQ.toString(16));
      admin(
          chain,
          "MACHINE_SUBSCRIPTION_ADDRESS",
          new Function(
              "grantVoucher",
              List.of(
                  new Address(kp.address()), new Uint256(PEAQ.multiply(BigInteger.valueOf(20)))),
              List.of()));
    }
    CliProcess.Result r =
        new CliProcess(home)
            .env("PEAQOS_PRIVATE_KEY", kp.privateKey())
            .run(
                w,
                "activate",
                "--network",
                "devnet",
                "--tokenomics",
                "2.0",
                "--skip-funding",
                "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("activated");
    assertThat(j.get("voucher_credit").asText()).isEqualTo(j.get("bond_amount").asText());
    assertThat(j.get("net_peaq_amount").asText()).isEqualTo("0");
    assertThat(submitted(w, "approval")).isEmpty();
    assertThat(submitted(w, "activation")).hasSize(1);
    assertThat(r.stderr()).doesNotContain("approval transaction");
  }

  @Test
  @Order(7)
  void machineKeyModeMakesTheMachineOwnerAndTheOperatorController() throws Exception {
    Path w = dir("machine-key");
    var operator = PeaqosClient.generateKeypair();
    var machine = PeaqosClient.generateKeypair();
    var other = PeaqosClient.generateKeypair();
    Files.writeString(w.resolve("machine.key"), machine.privateKey());
    CliProcess c = new CliProcess(home).env("PEAQOS_PRIVATE_KEY", operator.privateKey());
    // A key that does not belong to --for: refused before anything is read or sent.
    CliProcess.Result wrong =
        c.run(
            w,
            "activate",
            "--network",
            "devnet",
            "--tokenomics",
            "2.0",
            "--for",
            Keys.toChecksumAddress(other.address()),
            "--machine-key",
            "machine.key");
    assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ExitCode.INPUT);
    assertThat(wrong.stderr()).contains("Machine key does not match --for address");
    assertThat(Files.exists(w.resolve("peaqos.log"))).isFalse();

    CliProcess.Result r =
        c.run(
            w,
            "activate",
            "--network",
            "devnet",
            "--tokenomics",
            "2.0",
            "--for",
            machine.address(),
            "--machine-key",
            "machine.key",
            "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("mode").asText()).isEqualTo("machine-owned/operator-controlled");
    assertThat(j.get("owner").asText()).isEqualToIgnoringCase(machine.address());
    assertThat(j.get("controller").asText()).isEqualToIgnoringCase(operator.address());
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(operator.address())).as("the operator sends nothing").isZero();
      BigInteger id = machineIdOf(r);
      assertThat(chain.address("MACHINE_REGISTRY_ADDRESS", "controllerOf", new Uint256(id)))
          .isEqualToIgnoringCase(operator.address());
    }
  }

  @Test
  @Order(8)
  void anActiveMachineOfAnotherOwnerIsAStateConflict() throws Exception {
    Path first = dir("main");
    String owner = DevnetReads.walletOf(first);
    Path w = dir("conflict");
    CliProcess.Result r = activate(w, "--credential-subject-hex", owner.toLowerCase(), "--json");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    assertThat(JSON.readTree(r.stdout()).get("error_code").asText()).isEqualTo("STATE_CONFLICT");
  }

  @Test
  @Order(9)
  void chainSideRefusalsCarryTheOfficialCodes() throws Exception {
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      Path w = dir("unpriced");
      admin(chain, "PRICE_ORACLE_ADDRESS", peaqPrice(0));
      try {
        CliProcess.Result r = activate(w, "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
        assertThat(JSON.readTree(r.stdout()).get("error_code").asText())
            .isEqualTo("ORACLE_UNPRICED");
      } finally {
        admin(chain, "PRICE_ORACLE_ADDRESS", peaqPrice(5_000_000L));
      }
      Path p = dir("paused");
      admin(
          chain,
          "MACHINE_STATE_AND_SYNC_ADDRESS",
          new Function("setTechnicalPausedGlobal", List.of(new Bool(true)), List.of()));
      try {
        CliProcess.Result r = activate(p, "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
        assertThat(JSON.readTree(r.stdout()).get("error_code").asText())
            .isEqualTo("TECHNICALLY_PAUSED");
        assertThat(chain.nonce(DevnetReads.walletOf(p))).isZero();
      } finally {
        admin(
            chain,
            "MACHINE_STATE_AND_SYNC_ADDRESS",
            new Function("setTechnicalPausedGlobal", List.of(new Bool(false)), List.of()));
      }
    }
  }

  @Test
  @Order(10)
  void configurationAndInputErrors() throws Exception {
    Path w = dir("errors");
    CliProcess c = new CliProcess(home).env("PEAQOS_DEPLOYMENT_ID", "peaq-moon");
    CliProcess.Result unknown = c.run(w, "activate", "--network", "devnet", "--json");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(JSON.readTree(unknown.stdout()).get("error_code").asText())
        .isEqualTo("DEPLOYMENT_UNKNOWN");

    // The mainnet record against the devnet's RPC: the wrong chain, found before anything else.
    String rpc = new DevnetReads(devnetDir).env.get("PEAQOS_RPC_URL");
    CliProcess m =
        new CliProcess(home)
            .env("PEAQOS_DEPLOYMENT_ID", "peaq-mainnet")
            .env("PEAQOS_RPC_URL", rpc)
            .env("PEAQOS_PRIVATE_KEY", PeaqosClient.generateKeypair().privateKey());
    CliProcess.Result chainMismatch =
        m.run(
            w,
            "activate",
            "--machine-type",
            "Sensor",
            "--credential-subject-hex",
            "0xdeadbeef",
            "--manufacturer",
            DEPLOYER,
            "--tier",
            "entry",
            "--did-document",
            doc(w).toString(),
            "--json");
    assertThat(chainMismatch.exit()).as(chainMismatch.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(JSON.readTree(chainMismatch.stdout()).get("error_code").asText())
        .isEqualTo("CHAIN_MISMATCH");

    // Off the devnet the five identity flags are required (the official CLI's rule).
    CliProcess.Result missing = m.run(w, "activate", "--machine-type", "Sensor");
    assertThat(missing.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(missing.stderr())
        .contains(
            "Missing required option(s): --credential-subject-hex, --manufacturer, --tier,"
                + " --did-document");

    for (String[] bad :
        List.of(
            new String[] {"--tier", "gold"},
            new String[] {"--credential-subject-hex", "deadbeef"},
            new String[] {"--manufacturer", "0x12"},
            new String[] {"--payment", "usdt"},
            new String[] {"--payment", "bitcoin"},
            new String[] {"--slippage-bps", "50"},
            new String[] {"--doc-url", "https://x.example"})) {
      CliProcess.Result r = activate(w, bad);
      assertThat(r.exit()).as(String.join(" ", bad) + ": " + r).isEqualTo(ExitCode.INPUT);
    }
    Files.writeString(
        w.resolve("bad-doc.json"),
        "{\"verificationMethods\":[],\"authentication\":[0],\"serviceEndpoints\":[]}");
    CliProcess.Result badDoc = activate(w, "--did-document", "bad-doc.json");
    assertThat(badDoc.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(badDoc.stderr()).contains("authentication index 0 has no verification method");

    CliProcess.Result badGen =
        cli().run(w, "activate", "--network", "devnet", "--tokenomics", "3.0");
    assertThat(badGen.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(badGen.stderr()).contains("--tokenomics must be 1.0 or 2.0");
    CliProcess.Result flagIn10 = cli().run(w, "activate", "--network", "devnet", "--tier", "pro");
    assertThat(flagIn10.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(flagIn10.stderr()).contains("--tier belong(s) to Economics 2.0");
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      if (Files.exists(w.resolve(".peaqos/machine-key.json"))) {
        assertThat(chain.nonce(DevnetReads.walletOf(w))).isZero();
      }
    }
  }

  static Path doc(Path w) throws Exception {
    Path f = w.resolve("doc.json");
    Files.writeString(
        f,
        "{\"verificationMethods\":[{\"id\":\"#key-1\",\"methodType\":\"EcdsaSecp256k1RecoveryMethod2020\","
            + "\"controller\":\""
            + DEPLOYER
            + "\",\"publicKeyMultibase\":\"zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme\"}],"
            + "\"authentication\":[0],\"serviceEndpoints\":[]}");
    return f;
  }

  @Test
  @Order(11)
  void anActivationWithoutReceiptEndsPendingAndTheRerunReconcilesIt() throws Exception {
    Path w = dir("pending");
    var kp = PeaqosClient.generateKeypair();
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      chain.chain.request(
          "anvil_setBalance",
          kp.address(),
          "0x" + PEAQ.multiply(BigInteger.valueOf(30)).toString(16));
      chain.chain.request("evm_setAutomine", false);
      CliProcess.Result pending;
      try {
        pending =
            new CliProcess(home)
                .env("PEAQOS_PRIVATE_KEY", kp.privateKey())
                .env("PEAQOS_RECEIPT_TIMEOUT_SECONDS", "2")
                .run(
                    w,
                    "activate",
                    "--network",
                    "devnet",
                    "--tokenomics",
                    "2.0",
                    "--skip-funding",
                    "--json");
      } finally {
        chain.chain.request("evm_setAutomine", true);
      }
      assertThat(pending.exit()).as(pending.toString()).isEqualTo(ExitCode.NETWORK);
      JsonNode j = JSON.readTree(pending.stdout());
      assertThat(j.get("error_code").asText()).isEqualTo("PENDING");
      assertThat(j.get("status").asText()).isEqualTo("pending");
      assertThat(j.get("phase").asText()).isEqualTo("approval");
      String hash = j.get("transaction_hash").asText();
      assertThat(submitted(w, "approval")).extracting(JournalEntry::txHash).containsExactly(hash);

      chain.chain.request("evm_mine");
      CliProcess.Result again =
          new CliProcess(home)
              .env("PEAQOS_PRIVATE_KEY", kp.privateKey())
              .run(
                  w,
                  "activate",
                  "--network",
                  "devnet",
                  "--tokenomics",
                  "2.0",
                  "--skip-funding",
                  "--json");
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(submitted(w, "approval")).as("the approval was never sent twice").hasSize(1);
      assertThat(submitted(w, "activation")).hasSize(1);
      assertThat(chain.nonce(kp.address())).isEqualTo(BigInteger.TWO);
    }
  }

  @Test
  @Order(12)
  void machineStatusAndWrites() throws Exception {
    Path w = dir("main");
    CliProcess.Result first = activate(w, "--json");
    String id = JSON.readTree(first.stdout()).get("machine_id").asText();
    String[] net = {"--network", "devnet"};
    CliProcess.Result status =
        cli().run(w, "machine", "status", id, "--network", "devnet", "--json");
    assertThat(status.exit()).as(status.toString()).isZero();
    JsonNode s = JSON.readTree(status.stdout());
    assertThat(s.get("subscription_status").asText()).isEqualTo("active");
    assertThat(s.get("did").asText()).isEqualTo("did:peaq:" + id);
    assertThat(s.get("suspended").asBoolean()).isFalse();

    assertThat(cli().run(w, "machine", "suspend", id, net[0], net[1]).exit()).isZero();
    assertThat(
            JSON.readTree(
                    cli().run(w, "machine", "status", id, "--network", "devnet", "--json").stdout())
                .get("suspended")
                .asBoolean())
        .isTrue();
    CliProcess.Result again =
        cli().run(w, "machine", "suspend", id, "--network", "devnet", "--json");
    assertThat(again.exit()).isEqualTo(ExitCode.NETWORK);
    assertThat(JSON.readTree(again.stdout()).get("error_code").asText()).isEqualTo("NOT_ACTIVE");
    assertThat(cli().run(w, "machine", "resume", id, "--network", "devnet").exit()).isZero();

    long now;
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      now =
          Long.decode(
                  chain
                      .chain
                      .request("eth_getBlockByNumber", "latest", false)
                      .get("timestamp")
                      .asText())
              - 1;
    }
    CliProcess.Result event =
        cli()
            .run(
                w,
                "qualify",
                "event",
                "--machine-id",
                id,
                "--type",
                "revenue",
                "--value",
                "1250",
                "--ts",
                Long.toString(now),
                "--network",
                "devnet",
                "--tokenomics",
                "2.0",
                "--json");
    assertThat(event.exit()).as(event.toString()).isZero();
    assertThat(JSON.readTree(event.stdout()).get("txHash").asText()).startsWith("0x");

    Files.writeString(
        w.resolve("services.json"),
        "[{\"id\":\"#api\",\"serviceType\":\"MachineApi\",\"serviceEndpoint\":\"https://m.example\"}]");
    CliProcess.Result services =
        cli()
            .run(
                w,
                "machine",
                "did",
                "set-services",
                id,
                "--file",
                "services.json",
                "--network",
                "devnet",
                "--json");
    assertThat(services.exit()).as(services.toString()).isZero();
    assertThat(JSON.readTree(services.stdout()).get("transaction_hash").asText()).startsWith("0x");
    assertThat(
            cli()
                .run(
                    w, "machine", "did", "set-authentication", id, "--clear", "--network", "devnet")
                .exit())
        .isZero();
    CliProcess.Result renew = cli().run(w, "machine", "renew", id, "--network", "devnet", "--json");
    // The wallet holds about gas only after its activation: the renewal's bond is short.
    assertThat(renew.exit()).as(renew.toString()).isEqualTo(ExitCode.NETWORK);
    assertThat(JSON.readTree(renew.stdout()).get("error_code").asText())
        .isEqualTo("INSUFFICIENT_PEAQ");

    CliProcess.Result unknown =
        cli().run(w, "machine", "status", "12345", "--network", "devnet", "--json");
    assertThat(unknown.exit()).isEqualTo(ExitCode.NETWORK);
    assertThat(JSON.readTree(unknown.stdout()).get("error_code").asText())
        .isEqualTo("MACHINE_NOT_FOUND");
    assertThat(cli().run(w, "machine", "status", "x1", "--network", "devnet").exit())
        .isEqualTo(ExitCode.INPUT);
  }
}
