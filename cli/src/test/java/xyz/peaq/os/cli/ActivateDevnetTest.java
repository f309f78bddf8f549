package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;

/**
 * The main job and its recovery paths, each a real CLI process against one devnet that the first
 * test starts cold through {@code activate} itself (HOME is a temp folder, so the default {@code
 * ~/.peaqos/devnet} is too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActivateDevnetTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  @TempDir static Path work;
  CliProcess cli;
  Path devnetDir;

  Path newWorkDir(String name) throws Exception {
    return Files.createDirectories(work.resolve(name));
  }

  CliProcess cli() {
    if (cli == null) {
      cli = new CliProcess(home);
      devnetDir = home.resolve(".peaqos/devnet");
    }
    return cli;
  }

  /** Starts the devnet detached unless the first test already did. */
  void devnetUp() {
    CliProcess.Result r = cli().run(work, "devnet", "up", "--detach");
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @AfterAll
  void devnetDown() {
    if (cli == null) {
      return;
    }
    Optional<Long> pid = readPid();
    Optional<Long> anvil = readPid("anvil.pid");
    assertThat(pid).isPresent();
    assertThat(anvil).isPresent();
    CliProcess.Result r = cli.run(work, "devnet", "down");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Devnet stopped");
    for (Optional<Long> p : List.of(pid, anvil)) {
      assertThat(ProcessHandle.of(p.get()).map(ProcessHandle::isAlive).orElse(false))
          .as("process %s gone after devnet down", p.get())
          .isFalse();
    }
    assertThat(cli.run(work, "devnet", "status").stdout()).contains("not running");
  }

  Optional<Long> readPid() {
    return readPid("stack.pid");
  }

  Optional<Long> readPid(String file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(devnetDir.resolve(file)).strip()));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  @Test
  @Order(1)
  void mainJobOnAFreshDevnetFolderThenASecondRunIsANoOp() throws Exception {
    Path w = newWorkDir("main");
    CliProcess.Result r = cli().run(w, "activate", "--network", "devnet");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stderr())
        .contains(
            "starting it in the background",
            "[1/6] Balance check",
            "[2/6] 2FA enrollment",
            "answers the 2FA prompt itself",
            "otpauth URI : otpauth://totp/",
            "QR image URL: http://127.0.0.1:",
            "[3/6] Fund from Gas Station",
            "[4/6] Register machine",
            "Registered. machine_id=",
            "[5/6] Mint NFT",
            "Minted NFT for machine_id=",
            "[6/6] Write DID attributes",
            "machine DID attributes (tx 0x");
    // Without --doc-url/--data-api: machineId, nftTokenId, operator (empty in self mode) and
    // data_visibility.
    assertThat(r.stderr()).contains("Wrote 4 machine DID attributes (tx 0x");
    assertThat(r.stderr()).contains("█").contains("▀");
    assertThat(r.stdout())
        .contains(
            "Machine activated successfully.",
            "Machine ID :",
            "Token ID   :",
            "Machine DID: did:peaq:0x",
            "MCR rating : Provisioned",
            "Explorer   : http://127.0.0.1:");

    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.machineIdOf(wallet)).isPositive();
      assertThat(chain.identityNfts(wallet)).isEqualTo(BigInteger.ONE);
      assertThat(chain.machineNfts(wallet)).isEqualTo(BigInteger.ONE);
      assertThat(r.stdout()).contains("Machine ID : " + chain.machineIdOf(wallet));

      // Secrets stay in 0600 files and never reach the output.
      assertThat(Files.getPosixFilePermissions(w.resolve("peaqos.log")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(w.resolve(".peaqos/machine-key.json")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      CliProcess.Result reveal = cli().run(w, "keys", "show", "--reveal", "--json");
      String key = JSON.readTree(reveal.stdout()).get("privateKey").asText();
      assertThat(key).matches("0x[0-9a-f]{64}");
      assertThat(Credentials.create(key).getAddress()).isEqualToIgnoringCase(wallet);
      assertThat(r.all()).doesNotContain(key.substring(2));
      assertThat(Files.readString(w.resolve("peaqos.log"))).doesNotContain(key.substring(2));
      assertThat(Files.readString(w.resolve(".peaqos/machine-key.json")))
          .doesNotContain(key.substring(2));
      CliProcess.Result hidden = cli().run(w, "keys", "show");
      assertThat(hidden.all()).doesNotContain(key.substring(2)).contains("--reveal");

      // Second run in the same folder: same machine, no transaction from anyone.
      BigInteger nonce = chain.nonce(wallet);
      BigInteger block = chain.block();
      CliProcess.Result again = cli().run(w, "activate", "--network", "devnet", "--json");
      assertThat(again.exit()).as(again.toString()).isZero();
      JsonNode j = JSON.readTree(again.stdout());
      assertThat(j.get("status").asText()).isEqualTo("already_activated");
      assertThat(j.get("transactionsSent").asInt()).isZero();
      assertThat(j.get("machineId").asText()).isEqualTo(chain.machineIdOf(wallet).toString());
      assertThat(j.get("mcr").asText()).isEqualTo("Provisioned");
      // The explorer link of the summary opens the machine's page on the devnet's MCR API.
      String explorer = j.get("explorerUrl").asText();
      assertThat(explorer).endsWith("/explorer/machine/" + j.get("machineDid").asText());
      assertThat(r.stdout()).contains("Explorer   : " + explorer);
      java.net.http.HttpResponse<String> page =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(explorer))
                      .timeout(java.time.Duration.ofSeconds(30))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<span id=\"machine-id\">" + chain.machineIdOf(wallet) + "</span>");
      assertThat(again.stderr())
          .doesNotContain("starting it in the background")
          .contains("(no transaction)");
      assertThat(chain.nonce(wallet)).isEqualTo(nonce);
      assertThat(chain.block()).isEqualTo(block);
    }
  }

  @Test
  @Order(2)
  void runKilledRightAfterRegistrationCompletesWithOneMachineAndOneNft() throws Exception {
    devnetUp();
    Path w = newWorkDir("kill-register");
    String stderr =
        cli()
            .runAndKillWhen(
                w,
                line ->
                    line.contains("\"step\":\"register\"")
                        && line.contains("\"status\":\"confirmed\""),
                "activate",
                "--network",
                "devnet");
    assertThat(stderr).contains("[4/6] Register machine");
    assertRecovers(w, "register");
  }

  @Test
  @Order(3)
  void runKilledRightAfterMintingCompletesWithOneMachineAndOneNft() throws Exception {
    devnetUp();
    Path w = newWorkDir("kill-mint");
    cli()
        .runAndKillWhen(
            w,
            line -> line.contains("\"step\":\"mint\"") && line.contains("\"status\":\"confirmed\""),
            "activate",
            "--network",
            "devnet");
    assertRecovers(w, "mint");
  }

  @Test
  @Order(4)
  void runKilledBetweenBroadcastAndReceiptReconcilesFromTheJournal() throws Exception {
    devnetUp();
    Path w = newWorkDir("kill-submitted");
    cli()
        .runAndKillWhen(
            w,
            line ->
                line.contains("\"step\":\"register\"") && line.contains("\"status\":\"submitted\""),
            "activate",
            "--network",
            "devnet");
    assertRecovers(w, "register");
  }

  private void assertRecovers(Path w, String step) throws Exception {
    String wallet = DevnetReads.walletOf(w);
    CliProcess.Result r = cli().run(w, "activate", "--network", "devnet");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("Machine activated successfully.");
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.identityNfts(wallet)).as("one registration").isEqualTo(BigInteger.ONE);
      assertThat(chain.machineNfts(wallet)).as("one Machine NFT").isEqualTo(BigInteger.ONE);
      BigInteger id = chain.machineIdOf(wallet);
      assertThat(chain.uint("MACHINE_NFT_ADDRESS", "tokenIdOf", new Uint256(id))).isPositive();
    }
    List<JournalEntry> journal = Journal.read(w.resolve("peaqos.log"));
    for (String s : List.of("register", "mint")) {
      assertThat(
              journal.stream()
                  .filter(e -> s.equals(e.step()) && "submitted".equals(e.status()))
                  .count())
          .as("one %s transaction ever sent", s)
          .isEqualTo(1);
    }
    CliProcess.Result third = cli().run(w, "activate", "--network", "devnet", "--json");
    assertThat(JSON.readTree(third.stdout()).get("transactionsSent").asInt()).isZero();
  }

  @Test
  @Order(5)
  void proxyModeRegistersTheMachineForTheOperator() throws Exception {
    devnetUp();
    Path op = newWorkDir("operator");
    assertThat(cli().run(op, "activate", "--network", "devnet").exit()).isZero();
    String operator = DevnetReads.walletOf(op);
    Credentials machine = Credentials.create(Keys.createEcKeyPair());
    Path keyFile = op.resolve("machine.key");
    Files.writeString(
        keyFile,
        org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                machine.getEcKeyPair().getPrivateKey(), 64)
            + "\n");
    String machineAddress = Keys.toChecksumAddress(machine.getAddress());

    CliProcess.Result r =
        cli()
            .run(
                op,
                "activate",
                "--network",
                "devnet",
                "--for",
                machineAddress,
                "--machine-key",
                keyFile.toString(),
                "--doc-url",
                "https://example.org/docs",
                "--data-api",
                "https://example.org/api");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains(
            "Machine activated successfully.",
            "Machine Address: " + machineAddress,
            "Operator DID   : did:peaq:" + operator);
    assertThat(r.stderr())
        .contains(
            "Wrote 6 machine DID attributes (tx 0x",
            "Wrote the operator's proxy DID attributes (tx 0x");
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      BigInteger id = chain.machineIdOf(machineAddress);
      assertThat(id).isPositive();
      assertThat(chain.address("IDENTITY_REGISTRY_ADDRESS", "operatorOf", new Uint256(id)))
          .isEqualToIgnoringCase(operator);
      assertThat(chain.machineNfts(machineAddress)).isEqualTo(BigInteger.ONE);
      assertThat(chain.identityNfts(operator)).isEqualTo(BigInteger.ONE);
    }
    CliProcess.Result list =
        cli()
            .run(
                op,
                "show",
                "operator",
                "machines",
                "did:peaq:" + operator,
                "--network",
                "devnet",
                "--json");
    assertThat(list.exit()).as(list.toString()).isZero();

    CliProcess.Result again =
        cli()
            .run(
                op,
                "activate",
                "--network",
                "devnet",
                "--for",
                machineAddress,
                "--machine-key",
                keyFile.toString(),
                "--doc-url",
                "https://example.org/docs",
                "--data-api",
                "https://example.org/api",
                "--json");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(JSON.readTree(again.stdout()).get("transactionsSent").asInt()).isZero();
  }

  @Test
  @Order(6)
  void proxyModeWithTheWrongKeyIsRefusedBeforeAnyTransaction() throws Exception {
    devnetUp();
    Path op = work.resolve("operator");
    Credentials other = Credentials.create(Keys.createEcKeyPair());
    Path wrong =
        Files.writeString(
            op.resolve("wrong.key"),
            org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                other.getEcKeyPair().getPrivateKey(), 64));
    String forAddress =
        Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
    String operator = DevnetReads.walletOf(op);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      BigInteger nonce = chain.nonce(operator);
      CliProcess.Result r =
          cli()
              .run(
                  op,
                  "activate",
                  "--network",
                  "devnet",
                  "--for",
                  forAddress,
                  "--machine-key",
                  wrong.toString());
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INPUT);
      assertThat(r.stderr())
          .contains(
              "Machine key does not match --for address",
              forAddress,
              Keys.toChecksumAddress(other.getAddress()));
      assertThat(chain.nonce(operator)).isEqualTo(nonce);
      assertThat(chain.machineIdOf(forAddress)).isZero();
    }
    CliProcess.Result half = cli().run(op, "activate", "--network", "devnet", "--for", forAddress);
    assertThat(half.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(half.stderr()).contains("--for and --machine-key must be used together");
    Path garbage = Files.writeString(op.resolve("garbage.key"), "not a key");
    CliProcess.Result bad =
        cli()
            .run(
                op,
                "activate",
                "--network",
                "devnet",
                "--for",
                forAddress,
                "--machine-key",
                garbage.toString());
    assertThat(bad.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(bad.stderr()).contains("Invalid private key").doesNotContain("not a key");
  }

  @Test
  @Order(7)
  void proxyModeNeedsARegisteredOperator() throws Exception {
    devnetUp();
    Path w = newWorkDir("unregistered-operator");
    assertThat(cli().run(w, "keys", "generate").exit()).isZero();
    Credentials m = Credentials.create(Keys.createEcKeyPair());
    Path k =
        Files.writeString(
            w.resolve("m.key"),
            org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                m.getEcKeyPair().getPrivateKey(), 64));
    CliProcess.Result r =
        cli()
            .run(
                w,
                "activate",
                "--network",
                "devnet",
                "--for",
                Keys.toChecksumAddress(m.getAddress()),
                "--machine-key",
                k.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    assertThat(r.stderr()).contains("is not registered");
  }

  @Test
  @Order(8)
  void withoutATerminalOffTheDevnetA2faCodeMustBeGiven() throws Exception {
    devnetUp();
    Path w = newWorkDir("no-tty");
    assertThat(cli().run(w, "keys", "generate").exit()).isZero();
    // The devnet's own addresses and services, but not as the "devnet" network: the CLI must not
    // answer 2FA itself, and with stdin closed there is nobody to ask.
    CliProcess c = new CliProcess(home);
    new DevnetReads(devnetDir)
        .env.forEach(
            (k, v) -> {
              if (!k.equals("PEAQOS_NETWORK") && !k.startsWith("PEAQOS_DEVNET")) {
                c.env(k, v);
              }
            });
    c.env("PEAQOS_KEY_PASSPHRASE", "peaqos-devnet-insecure");
    CliProcess.Result r = c.run(w, "activate");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INPUT);
    assertThat(r.stderr())
        .contains("[2/6] 2FA enrollment", "no terminal is attached", "--totp-code")
        .doesNotContain("answers the 2FA prompt itself");
    CliProcess.Result badCode = c.run(w, "activate", "--totp-code", "12ab56");
    assertThat(badCode.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(badCode.stderr()).contains("--totp-code must be 6 digits");
  }

  @Test
  @Order(9)
  void readCommandsQualifyAndWhoami() throws Exception {
    devnetUp();
    Path w = work.resolve("main");
    String wallet = DevnetReads.walletOf(w);
    String did = "did:peaq:" + wallet;
    CliProcess.Result mcr = cli().run(w, "qualify", "mcr", did, "--network", "devnet", "--json");
    assertThat(mcr.exit()).as(mcr.toString()).isZero();
    assertThat(JSON.readTree(mcr.stdout()).get("mcr").asText()).isEqualTo("Provisioned");
    CliProcess.Result human = cli().run(w, "qualify", "mcr", did, "--network", "devnet");
    assertThat(human.stdout()).contains("Rating      : Provisioned", "Bond Status : bonded");
    CliProcess.Result show = cli().run(w, "show", "machine", did, "--network", "devnet");
    assertThat(show.exit()).as(show.toString()).isZero();
    String id;
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      id = chain.machineIdOf(wallet).toString();
    }
    CliProcess.Result ev =
        cli()
            .run(
                w,
                "qualify",
                "event",
                "--network",
                "devnet",
                "--machine-id",
                id,
                "--type",
                "revenue",
                "--value",
                "1500",
                "--ts",
                Long.toString(System.currentTimeMillis() / 1000 - 60),
                "--json");
    assertThat(ev.exit()).as(ev.toString()).isZero();
    assertThat(JSON.readTree(ev.stdout()).get("txHash").asText()).startsWith("0x");
    CliProcess.Result capped =
        new CliProcess(home)
            .env("PEAQOS_MAX_VALUE_PER_TX", "100")
            .run(
                w,
                "qualify",
                "event",
                "--network",
                "devnet",
                "--machine-id",
                id,
                "--type",
                "revenue",
                "--value",
                "1500",
                "--ts",
                Long.toString(System.currentTimeMillis() / 1000 - 60));
    assertThat(capped.exit()).as(capped.toString()).isEqualTo(ExitCode.INPUT);
    assertThat(capped.stderr()).contains("ValueCapExceeded");
    CliProcess.Result notMine =
        cli()
            .run(
                w,
                "qualify",
                "event",
                "--network",
                "devnet",
                "--machine-id",
                "999999",
                "--type",
                "activity",
                "--value",
                "1",
                "--ts",
                Long.toString(System.currentTimeMillis() / 1000 - 60));
    assertThat(notMine.exit()).as(notMine.toString()).isEqualTo(ExitCode.NETWORK);
    CliProcess.Result who = cli().run(w, "whoami", "--network", "devnet", "--json");
    assertThat(who.exit()).as(who.toString()).isZero();
    assertThat(JSON.readTree(who.stdout()).get("address").asText()).isEqualToIgnoringCase(wallet);
    CliProcess.Result unknown =
        cli()
            .run(
                w,
                "qualify",
                "mcr",
                "did:peaq:0x000000000000000000000000000000000000dEaD",
                "--network",
                "devnet");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(ExitCode.NETWORK);
    CliProcess.Result st = cli().run(w, "devnet", "status", "--json");
    JsonNode s = JSON.readTree(st.stdout());
    assertThat(s.get("running").asBoolean()).isTrue();
    assertThat(s.get("chainId").asLong()).isEqualTo(33380);
  }

  @Test
  @Order(10)
  void initVerifiesAddressesAndRefusesSwappedOnes() throws Exception {
    devnetUp();
    Path w = newWorkDir("init");
    CliProcess.Result ok = cli().run(w, "init", "--non-interactive", "--network", "devnet");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(Files.getPosixFilePermissions(w.resolve(".env")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(ok.stdout()).contains("EVENT_REGISTRY_ADDRESS=");
    Path w2 = newWorkDir("init-swapped");
    String ir = new DevnetReads(devnetDir).env.get("IDENTITY_REGISTRY_ADDRESS");
    // The official init's classic mistake: the IdentityRegistry address under
    // EVENT_REGISTRY_ADDRESS.
    CliProcess.Result bad =
        new CliProcess(home)
            .env("EVENT_REGISTRY_ADDRESS", ir)
            .run(w2, "init", "--non-interactive", "--network", "devnet");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(bad.stderr()).contains("EVENT_REGISTRY_ADDRESS", "answers as IdentityRegistry");
    assertThat(Files.exists(w2.resolve(".env"))).isFalse();
  }

  @Test
  @Order(11)
  void aStoppedDevnetRestartsWithItsStateAndTheMachineIsStillThere() throws Exception {
    devnetUp();
    Path w = work.resolve("main");
    assertThat(cli().run(w, "devnet", "down").exit()).isZero();
    CliProcess.Result r = cli().run(w, "activate", "--network", "devnet", "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains("starting it in the background");
    JsonNode j = JSON.readTree(r.stdout());
    assertThat(j.get("status").asText()).isEqualTo("already_activated");
    assertThat(j.get("transactionsSent").asInt()).isZero();
    assertThat(j.get("mcr").asText()).isEqualTo("Provisioned");
  }

  @Test
  @Order(12)
  void initPromptsOnATerminal() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux script gives the CLI a pseudo-terminal");
    devnetUp();
    Path w = newWorkDir("init-interactive");
    // The JVM under a pseudo-terminal (System.console() present); the answers are typed ahead.
    String javaCmd = String.join(" ", cli().builder(w, "init").command());
    ProcessBuilder pb =
        new ProcessBuilder("/usr/bin/script", "-qec", javaCmd, "/dev/null").directory(w.toFile());
    pb.environment().clear();
    pb.environment().putAll(cli().builder(w).environment());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    // network, RPC, MCR, Gas Station, six addresses: all defaults; then "generate" the key.
    p.getOutputStream().write("devnet\n\n\n\n\n\n\n\n\n\ngenerate\n".getBytes());
    p.getOutputStream().flush();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains(
            "Network (mainnet|agung|devnet)",
            "EVENT_REGISTRY_ADDRESS [0x",
            "Machine key: generate",
            "Wrote " + w.resolve(".env"),
            "Machine key: generated 0x");
    assertThat(Files.getPosixFilePermissions(w.resolve(".env")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(w.resolve(".env")))
        .contains("PEAQOS_NETWORK=devnet")
        .doesNotContain("PRIVATE_KEY");
  }

  @Test
  @Order(13)
  void skipFundingWithAnEmptyWalletStopsBeforeSendingWithTheGuideMessage() throws Exception {
    devnetUp();
    Path w = newWorkDir("skip-funding");
    CliProcess.Result r = cli().run(w, "activate", "--network", "devnet", "--skip-funding");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    assertThat(r.stderr())
        .contains(
            "[1/6] Balance check (skipped: --skip-funding)", "Insufficient balance for gas + bond");
    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.nonce(wallet)).isZero();
      assertThat(chain.machineIdOf(wallet)).isZero();
    }
  }

  /**
   * A generated key's file is written beside the first steps: when it cannot be written, the run
   * stops with the write's error (exit 3) before the Gas Station funds the key, so no value ever
   * sits at an address whose key is lost.
   */
  @Test
  @Order(13)
  void aKeyFileThatCannotBeWrittenStopsTheRunBeforeFunding() throws Exception {
    devnetUp();
    Path w = newWorkDir("key-unwritable");
    // The key file's folder is a regular file: the folder cannot be made (root included).
    Files.writeString(w.resolve("blocker"), "not a folder\n");
    CliProcess.Result r =
        new CliProcess(home)
            .env("PEAQOS_KEY_FILE", "blocker/machine-key.json")
            .run(w, "activate", "--network", "devnet");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.stderr())
        .contains("Cannot write key file", "blocker/machine-key.json")
        .doesNotContain("[3/6]");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("generated (0x[0-9a-fA-F]{40})").matcher(r.stderr());
    assertThat(m.find()).as(r.stderr()).isTrue();
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      assertThat(chain.balance(m.group(1))).isZero();
      assertThat(chain.nonce(m.group(1))).isZero();
    }
    assertThat(w.resolve("blocker")).hasContent("not a folder");
  }

  /**
   * Two activations started together in one empty folder: one runs, the other stops at the lock
   * before it generates a key. Exactly one key, and it is the registered machine's.
   */
  @Test
  @Order(14)
  void twoActivationsStartedTogetherInOneEmptyFolderMakeOneKeyAndOneMachine() throws Exception {
    devnetUp();
    for (int trial = 0; trial < 3; trial++) {
      Path w = newWorkDir("race-" + trial);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<CliProcess.Result>> runs = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
          runs.add(
              pool.submit(
                  () -> {
                    go.await();
                    return cli().run(w, "activate", "--network", "devnet");
                  }));
        }
        go.countDown();
        List<CliProcess.Result> results = List.of(runs.get(0).get(), runs.get(1).get());
        assertThat(results).as("trial %d: %s", trial, results).anyMatch(r -> r.exit() == 0);
        for (CliProcess.Result r : results) {
          assertThat(r.exit()).as(r.toString()).isIn(0, 1);
          if (r.exit() == 1) {
            assertThat(r.stderr())
                .contains("Another 'peaqos activate' is running in this directory")
                .doesNotContain("generated");
          }
        }
        String wallet = DevnetReads.walletOf(w);
        try (DevnetReads chain = new DevnetReads(devnetDir)) {
          assertThat(chain.machineIdOf(wallet))
              .as("the key on disk is the registered machine's")
              .isPositive();
          assertThat(chain.identityNfts(wallet)).isEqualTo(BigInteger.ONE);
        }
        try (var files = Files.list(w.resolve(".peaqos"))) {
          assertThat(
                  files.map(f -> f.getFileName().toString()).filter(n -> n.contains("machine-key")))
              .containsExactly("machine-key.json");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A run killed after a transaction was mined but before its receipt reached the journal leaves it
   * "submitted"; the re-run finds the step complete on chain and settles the entry, sending
   * nothing.
   */
  @Test
  @Order(15)
  void aMinedTransactionLeftSubmittedIsSettledByTheRerun() throws Exception {
    devnetUp();
    Path w = newWorkDir("settle");
    CliProcess.Result first = cli().run(w, "activate", "--network", "devnet");
    assertThat(first.exit()).as(first.toString()).isZero();
    Path log = w.resolve("peaqos.log");
    // The kill point: the register transaction mined, its receipt's line (and all after it) never
    // written.
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
    int confirmed = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"step\":\"register\"")
          && lines.get(i).contains("\"status\":\"confirmed\"")) {
        confirmed = i;
      }
    }
    assertThat(confirmed).isNotNegative();
    String hash = JSON.readTree(lines.get(confirmed)).get("txHash").asText();
    Files.write(log, lines.subList(0, confirmed));
    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      BigInteger nonce = chain.nonce(wallet);
      CliProcess.Result again = cli().run(w, "activate", "--network", "devnet");
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(chain.nonce(wallet)).isEqualTo(nonce);
    }
    List<JournalEntry> after =
        Journal.read(log).stream().filter(e -> hash.equals(e.txHash())).toList();
    assertThat(after.get(after.size() - 1).status()).isEqualTo(JournalEntry.STATUS_CONFIRMED);
    assertThat(after.get(after.size() - 1).detail()).contains("settled on re-run");
  }

  /**
   * The MCR API unreachable after an activation: the summary, then exit 2 naming the URL, not exit
   * 0.
   */
  @Test
  @Order(16)
  void anUnreachableMcrApiIsANetworkErrorNotNotIndexedYet() throws Exception {
    devnetUp();
    Path w = newWorkDir("mcr-down");
    CliProcess.Result first = cli().run(w, "activate", "--network", "devnet");
    assertThat(first.exit()).as(first.toString()).isZero();
    // The same machine through the custom network (explicit variables), with a dead MCR URL.
    CliProcess c = new CliProcess(home);
    for (String line : Files.readAllLines(devnetDir.resolve("devnet.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0
          && !line.startsWith("#")
          && !line.startsWith("PEAQOS_NETWORK=")
          && !line.startsWith("PEAQOS_MCR_API_URL=")) {
        c.env(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    int deadPort;
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = ss.getLocalPort();
    }
    c.env("PEAQOS_MCR_API_URL", "http://127.0.0.1:" + deadPort);
    CliProcess.Result r = c.run(w, "activate", "--skip-funding");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    assertThat(r.stdout())
        .contains(
            "Machine activated successfully.",
            "MCR rating : unknown: the MCR API cannot be reached")
        .doesNotContain("not indexed yet");
    assertThat(r.stderr())
        .contains(
            "cannot be reached", "http://127.0.0.1:" + deadPort, "peaqos qualify mcr did:peaq:");
  }

  /**
   * The launcher runs activate on the client class path (cli/README.md, start-up): the same run and
   * output, and no class read from the services' jars or their lib/ folders, where the full class
   * path found Jackson and web3j first.
   */
  @Test
  @Order(17)
  void theLauncherActivatesOnTheClientClassPath() throws Exception {
    devnetUp();
    Path w = newWorkDir("launcher");
    Path classLog = work.resolve("launcher-classes.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                CliProcess.REPO.resolve("peaqos").toString(),
                "activate",
                "--network",
                "devnet")
            .directory(w.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("PEAQOS_") || k.endsWith("_ADDRESS"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PEAQOS_LAUNCHER_QUIET", "1");
    pb.environment().put("PEAQOS_JAVA_OPTS", "-Xlog:class+load:file=" + classLog);
    Process p = pb.start();
    java.util.concurrent.CompletableFuture<byte[]> err =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getErrorStream().readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            r -> new Thread(r, "launcher-stderr").start());
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String stderr =
        new String(
            err.get(30, java.util.concurrent.TimeUnit.SECONDS),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out + stderr).isZero();
    assertThat(stderr)
        .contains(
            "[1/6] Balance check",
            "[3/6] Fund from Gas Station",
            "[6/6] Write DID attributes",
            "Wrote 4 machine DID attributes (tx 0x");
    assertThat(out).contains("Machine activated successfully.", "Machine ID :", "Token ID   :");
    List<String> sources =
        Files.readAllLines(classLog).stream().filter(l -> l.contains(" source: ")).toList();
    assertThat(sources).as("classes loaded").hasSizeGreaterThan(1000);
    assertThat(sources)
        .filteredOn(l -> l.contains("/gas-station/") || l.contains("/mcr-api/"))
        .as("classes read from the services' jars")
        .isEmpty();
    assertThat(sources).anyMatch(l -> l.contains("org.web3j.crypto.Sign "));
  }

  /**
   * A receipt that does not come in time ends the run PENDING (exit 2) with the hash journaled; the
   * re-run finds that transaction mined and sends no second registration.
   */
  @Test
  @Order(20)
  void aRegistrationWithoutReceiptEndsPendingAndTheRerunReconcilesIt() throws Exception {
    devnetUp();
    Path w = newWorkDir("pending");
    assertThat(cli().run(w, "keys", "generate").exit()).isZero();
    String wallet = DevnetReads.walletOf(w);
    try (DevnetReads chain = new DevnetReads(devnetDir)) {
      chain.chain.request("anvil_setBalance", wallet, "0x" + BigInteger.TEN.pow(19).toString(16));
      chain.chain.request("evm_setAutomine", false);
      CliProcess.Result pending;
      BigInteger idWhilePending;
      try {
        pending =
            cli()
                .env("PEAQOS_RECEIPT_TIMEOUT_SECONDS", "2")
                .run(w, "activate", "--network", "devnet", "--skip-funding");
        idWhilePending = chain.machineIdOf(wallet);
      } finally {
        chain.chain.request("evm_setAutomine", true);
        cli().env("PEAQOS_RECEIPT_TIMEOUT_SECONDS", "120");
      }
      assertThat(pending.exit()).as(pending.toString()).isEqualTo(ExitCode.NETWORK);
      assertThat(pending.stderr()).contains("[4/6] Register machine", "PENDING");
      List<JournalEntry> journaled = Journal.read(w.resolve("peaqos.log"));
      assertThat(journaled)
          .anySatisfy(
              e -> {
                assertThat(e.step()).isEqualTo("register");
                assertThat(e.txHash()).startsWith("0x");
              });
      assertThat(idWhilePending).as("not mined while automine was off").isZero();

      chain.chain.request("evm_mine");
      CliProcess.Result again = cli().run(w, "activate", "--network", "devnet", "--skip-funding");
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(again.stdout()).contains("Machine activated successfully.");
      assertThat(chain.identityNfts(wallet)).isEqualTo(BigInteger.ONE);
      assertThat(chain.machineNfts(wallet)).isEqualTo(BigInteger.ONE);
      // register (mined late), mint and the DID batch: three transactions from the wallet, no
      // second registration.
      assertThat(chain.nonce(wallet)).isEqualTo(BigInteger.valueOf(3));
      assertThat(
              Journal.read(w.resolve("peaqos.log")).stream()
                  .filter(e -> "register".equals(e.step()) && "submitted".equals(e.status()))
                  .count())
          .as("one registration ever sent")
          .isEqualTo(1);
    }
    CliProcess.Result bad =
        new CliProcess(home)
            .env("PEAQOS_RECEIPT_TIMEOUT_SECONDS", "soon")
            .run(w, "activate", "--network", "devnet");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(bad.stderr())
        .contains("PEAQOS_RECEIPT_TIMEOUT_SECONDS must be a whole number of seconds");
  }
}
