package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.PeaqosClient;

/**
 * {@code peaqos activate --tokenomics 2.0 --payment usdt}, the CLI as a process against one devnet:
 * the main job (the devnet mints the test USDT as it adds the PEAQ bond) and its no-op re-run, a
 * kill between the USDT approval and the activation, too little USDT, a quote that moves above the
 * accepted bound at the consent prompt, and a voucher-covered activation that pays no USDT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Econ2UsdtActivateDevnetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static final String PAID_WITH_USDT =
      Hash.sha3String("PaidWithUsdt(address,uint256,uint256)").toLowerCase();

  @TempDir static Path home;
  @TempDir static Path work;
  CliProcess cli;
  Path devnetDir;

  CliProcess cli() {
    if (cli == null) {
      cli = new CliProcess(home);
      devnetDir = home.resolve(".peaqos/devnet");
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

  static String[] usdtArgs(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "activate",
                "--network",
                "devnet",
                "--tokenomics",
                "2.0",
                "--payment",
                "usdt",
                "--slippage-bps",
                "50"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  List<JournalEntry> submitted(Path w, String step) throws Exception {
    return Journal.read(w.resolve("peaqos.log")).stream()
        .filter(e -> step.equals(e.step()) && "submitted".equals(e.status()))
        .toList();
  }

  /** The PaidWithUsdt logs of a transaction, from MachineSubscription. */
  static List<JsonNode> paidWithUsdt(DevnetReads chain, String txHash) {
    JsonNode receipt = chain.chain.request("eth_getTransactionReceipt", txHash);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode log : receipt.get("logs")) {
      if (log.get("address")
              .asText()
              .equalsIgnoreCase(chain.env.get("MACHINE_SUBSCRIPTION_ADDRESS"))
          && log.get("topics").get(0).asText().equalsIgnoreCase(PAID_WITH_USDT)) {
        out.add(log);
      }
    }
    return out;
  }

  static BigInteger usdtOf(DevnetReads chain, String wallet) {
    String token = chain.address("SUBSCRIPTION_TOKEN_PROVISION_POOL_ADDRESS", "usdtToken");
    String hex =
        chain.chain.call(
            token,
            org.web3j.abi.FunctionEncoder.encode(
                new Function("balanceOf", List.of(new Address(wallet)), List.of())));
    return new BigInteger(hex.substring(2), 16);
  }

  @Test
  @Order(1)
  void mainJobPaysInUsdtThenAReRunIsAlreadyActive() throws Exception {
    Path w = dir("main");
    CliProcess.Result r = cli().run(w, usdtArgs("--json"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains("Devnet: minted 1.005 test USDT", "[7/7] Activate machine");
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("activated");
    assertThat(j.get("payment").asText()).isEqualTo("usdt");
    assertThat(j.get("bond_amount").asText())
        .isEqualTo(PEAQ.multiply(BigInteger.valueOf(20)).toString());
    assertThat(j.get("net_peaq_amount").asText()).isEqualTo(j.get("bond_amount").asText());
    assertThat(j.get("max_usdt_amount").asText()).isEqualTo("1005000");
    assertThat(j.get("usdt_amount").asText()).isEqualTo("1000000");
    assertThat(j.get("usdt_token").asText()).matches("0x[0-9a-fA-F]{40}");
    assertThat(j.get("machine_id").isTextual()).isTrue();
    assertThat(j.get("is_homed_locally").asBoolean()).isTrue();
    assertThat(submitted(w, "approval")).hasSize(1);
    assertThat(submitted(w, "activation")).hasSize(1);

    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      List<JsonNode> paid = paidWithUsdt(chain, j.get("transaction_hash").asText());
      assertThat(paid).hasSize(1);
      assertThat(paid.get(0).get("topics").get(1).asText())
          .endsWith(wallet.substring(2).toLowerCase());
      assertThat(usdtOf(chain, wallet)).isEqualTo(BigInteger.valueOf(5_000));
      BigInteger nonce = chain.nonce(wallet);
      assertThat(nonce).isEqualTo(BigInteger.TWO);
      BigInteger block = chain.block();
      CliProcess.Result again = cli().run(w, usdtArgs("--json"));
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(JSON.readTree(again.stdout()).get("status").asText()).isEqualTo("already_active");
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
            usdtArgs());
    assertThat(submitted(w, "activation")).isEmpty();
    CliProcess.Result r = cli().run(w, usdtArgs("--json"));
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("activated");
    assertThat(j.get("usdt_amount").asText()).isEqualTo("1000000");
    assertThat(r.stderr()).doesNotContain("Devnet: minted");
    assertThat(submitted(w, "approval")).as("one approval ever sent").hasSize(1);
    assertThat(submitted(w, "activation")).as("one activation ever sent").hasSize(1);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(DevnetReads.walletOf(w))).isEqualTo(BigInteger.TWO);
    }
  }

  @Test
  @Order(3)
  void tooLittleUsdtFailsBeforeSending() throws Exception {
    Path w = dir("insufficient-usdt");
    var kp = PeaqosClient.generateKeypair();
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      chain.chain.request("anvil_setBalance", kp.address(), "0x" + PEAQ.toString(16));
    }
    CliProcess.Result r =
        new CliProcess(home)
            .env("PEAQOS_PRIVATE_KEY", kp.privateKey())
            .run(w, usdtArgs("--skip-funding", "--json"));
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    JsonNode j = JSON.readTree(r.stdout());
    // The official CLI's code for the SDK's INSUFFICIENT_BALANCE on either rail.
    assertThat(j.get("error_code").asText()).isEqualTo("INSUFFICIENT_PEAQ");
    assertThat(j.get("message").asText())
        .contains("holds 0 USDT", "quoted 1 USDT", "Nothing was sent");
    assertThat(j.get("guidance").asText()).contains("USDT");
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(kp.address())).isZero();
    }
  }

  @Test
  @Order(4)
  void aQuoteAboveTheAcceptedBoundAtThePromptSendsNothing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux script gives the CLI a pseudo-terminal");
    Path w = dir("usdt-moved");
    String javaCmd = String.join(" ", cli().builder(w, usdtArgs("--json")).command());
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
      // Entry at 1.01 USD: the quote becomes 1.01 USDT, above the accepted 1.005.
      Econ2ActivateDevnetTest.admin(chain, "INFO_DESK_ADDRESS", tierPrice(101_000_000L));
      try {
        p.getOutputStream().write("y\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString()).isEqualTo(ExitCode.NETWORK);
        assertThat(out.toString()).contains("\"error_code\" : \"MAX_USDT_EXCEEDED\"");
        assertThat(chain.nonce(wallet)).as("nothing sent").isEqualTo(nonce);
      } finally {
        Econ2ActivateDevnetTest.admin(chain, "INFO_DESK_ADDRESS", tierPrice(100_000_000L));
      }
    }
    assertThat(submitted(w, "approval")).isEmpty();
    assertThat(submitted(w, "activation")).isEmpty();
  }

  @Test
  @Order(5)
  void aVoucherCoveredActivationPaysNoUsdtAndEmitsNoPaidWithUsdt() throws Exception {
    Path w = dir("voucher");
    var kp = PeaqosClient.generateKeypair();
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      chain.chain.request("anvil_setBalance", kp.address(), "0x" + PEAQ.toString(16));
      Econ2ActivateDevnetTest.admin(
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
            .run(w, usdtArgs("--skip-funding", "--json"));
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("activated");
    assertThat(j.get("net_peaq_amount").asText()).isEqualTo("0");
    assertThat(j.get("usdt_amount").asText()).isEqualTo("0");
    assertThat(submitted(w, "approval")).isEmpty();
    assertThat(submitted(w, "activation")).hasSize(1);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(paidWithUsdt(chain, j.get("transaction_hash").asText())).isEmpty();
      assertThat(usdtOf(chain, kp.address())).isZero();
    }
  }

  @Test
  @Order(6)
  void railAndSlippageInputErrors() throws Exception {
    Path w = dir("input");
    String[][] cases = {
      {"--slippage-bps is required for the USDT rail", "--payment", "usdt"},
      {
        "--slippage-bps must be between 0 and 10000", "--payment", "usdt", "--slippage-bps", "10001"
      },
      {"--slippage-bps must be between 0 and 10000", "--payment", "usdt", "--slippage-bps", "-1"},
      {"--payment must be peaq or usdt", "--payment", "eur"},
      {
        "--slippage-bps does not apply to the PEAQ rail", "--payment", "peaq", "--slippage-bps", "5"
      },
    };
    for (String[] c : cases) {
      List<String> args =
          new ArrayList<>(List.of("activate", "--network", "devnet", "--tokenomics", "2.0"));
      args.addAll(List.of(c).subList(1, c.length));
      CliProcess.Result r = cli().run(w, args.toArray(String[]::new));
      assertThat(r.exit()).as(args + ": " + r).isEqualTo(ExitCode.INPUT);
      assertThat(r.stderr()).as(args.toString()).contains(c[0]);
    }
  }

  static Function tierPrice(long usdE8) {
    return new Function("setTierPriceUsd", List.of(new Uint8(0), new Uint256(usdE8)), List.of());
  }
}
