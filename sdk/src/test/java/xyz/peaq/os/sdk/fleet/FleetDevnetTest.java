package xyz.peaq.os.sdk.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.DidAttribute;
import xyz.peaq.os.sdk.KeyStoreFiles;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.econ2.Econ2Client;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.MachineActivationState;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/** Fleets against a real devnet: every machine checked on chain, failures reported, no waste. */
class FleetDevnetTest {
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  @TempDir static Path dataDir;
  static DevnetChain devnet;
  static ChainClient chain;
  static PeaqosConfig config;

  @BeforeAll
  static void start() {
    devnet = DevnetChain.start(DevnetOptions.builder().dataDir(dataDir).build());
    chain = ChainClient.builder(devnet.rpcUrl()).pollInterval(Duration.ofMillis(20)).build();
    config = PeaqosConfig.builder().devnet(dataDir).build();
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

  /** A new operator holding {@code wei}, registered as a machine (registerFor needs it). */
  static Credentials operator(BigInteger wei) {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), wei);
    try (PeaqosClient c =
        PeaqosClient.builder()
            .config(config.withPrivateKey(kp.privateKey()))
            .chain(chain)
            .build()) {
      c.registerMachine();
    }
    return Credentials.create(kp.privateKey());
  }

  static List<FleetMachine> machines(int n) throws Exception {
    List<FleetMachine> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(FleetMachine.of(Credentials.create(Keys.createEcKeyPair())));
    }
    return out;
  }

  static Fleet.Builder fleet(Credentials op, Path journal) {
    return Fleet.builder()
        .chain(chain)
        .operator(op)
        .config(config)
        .journal(FleetJournal.open(journal))
        .concurrency(16);
  }

  static BigInteger uint(String to, String data) {
    return (BigInteger) Abi.decodeOne(chain.call(to, data), "uint256");
  }

  static String address(String to, String data) {
    return (String) Abi.decodeOne(chain.call(to, data), "address");
  }

  static BigInteger nextMachineId() {
    return uint(config.contracts().identityRegistry(), Abi.encodeCall("nextMachineId"));
  }

  /** One identity operated by {@code op}, one NFT owned by the machine, its DID attributes. */
  static void checkOnChain(MachineOutcome m, String op) {
    String registry = config.contracts().identityRegistry();
    String nft = config.contracts().machineNft();
    assertThat(m.status()).as(m.address() + ": " + m.reason()).isEqualTo(MachineOutcome.DONE);
    assertThat(uint(registry, Abi.encodeCall("machineIdOfOwner", new Address(m.address()))))
        .isEqualTo(m.machineId());
    assertThat(address(registry, Abi.encodeCall("operatorOf", new Uint256(m.machineId()))))
        .isEqualToIgnoringCase(op);
    assertThat(uint(nft, Abi.encodeCall("tokenIdOf", new Uint256(m.machineId()))))
        .isEqualTo(m.tokenId());
    assertThat(address(nft, Abi.encodeCall("ownerOf", new Uint256(m.tokenId()))))
        .isEqualToIgnoringCase(m.address());
    try (PeaqosClient reader =
        PeaqosClient.builder().config(config).chain(chain).verifyBeforeWrite(false).build()) {
      assertThat(reader.readAttribute(m.address(), "machineId").map(DidAttribute::value))
          .contains(m.machineId().toString());
      assertThat(reader.readAttribute(m.address(), "nftTokenId").map(DidAttribute::value))
          .contains(m.tokenId().toString());
      assertThat(reader.readAttribute(m.address(), "operator").map(DidAttribute::value))
          .contains("did:peaq:" + op);
    }
  }

  @Test
  void oneRunOnboardsEveryMachineOnceWithItsIdentityNftAndAttributes(@TempDir Path dir)
      throws Exception {
    int n = Integer.getInteger("peaqos.fleet.testMachines", 500);
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(10L * n + 100)));
    String opAddress = Keys.toChecksumAddress(op.getAddress());
    List<FleetMachine> ms = machines(n);
    BigInteger before = nextMachineId();
    FleetReport report = fleet(op, dir.resolve("fleet.journal")).build().run(ms);
    assertThat(report.done()).isEqualTo(n);
    assertThat(report.failed()).isZero();
    assertThat(nextMachineId().subtract(before)).isEqualTo(BigInteger.valueOf(n));
    Set<BigInteger> ids = new HashSet<>();
    Set<BigInteger> tokens = new HashSet<>();
    for (MachineOutcome m : report.machines()) {
      checkOnChain(m, opAddress);
      ids.add(m.machineId());
      tokens.add(m.tokenId());
      assertThat(m.transactions()).containsKeys("register", "mint", "did", "fund");
    }
    assertThat(ids).hasSize(n);
    assertThat(tokens).hasSize(n);

    // The same machines in a new run (another journal): each reported, nothing sent.
    BigInteger nonce = chain.nonce(opAddress, BlockRef.latest());
    FleetReport again = fleet(op, dir.resolve("fleet2.journal")).build().run(ms.subList(0, 3));
    assertThat(again.failed()).isEqualTo(3);
    assertThat(again.machines().get(0).reason()).contains("AlreadyRegistered");
    assertThat(chain.nonce(opAddress, BlockRef.latest())).isEqualTo(nonce);
  }

  @Test
  void aMachineRegisteredBeforeIsReportedAndTheRestComplete(@TempDir Path dir) throws Exception {
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(100)));
    List<FleetMachine> ms = machines(5);
    Credentials taken = ms.get(2).key();
    devnet.setBalance(taken.getAddress(), PEAQ.multiply(BigInteger.valueOf(5)));
    BigInteger existing;
    try (PeaqosClient self =
        PeaqosClient.builder().config(config).chain(chain).signer(taken).build()) {
      existing = self.registerMachine();
    }
    FleetReport report = fleet(op, dir.resolve("j")).build().run(ms);
    assertThat(report.done()).isEqualTo(4);
    MachineOutcome bad = report.machines().get(2);
    assertThat(bad.status()).isEqualTo(MachineOutcome.FAILED);
    assertThat(bad.reason())
        .contains("AlreadyRegistered")
        .contains("machine " + existing)
        .contains(ms.get(2).address());
    assertThat(bad.transactions()).doesNotContainKey("register");
    String opAddress = Keys.toChecksumAddress(op.getAddress());
    for (int i = 0; i < 5; i++) {
      if (i != 2) {
        checkOnChain(report.machines().get(i), opAddress);
      }
    }
  }

  @Test
  void theSendWindowIsHalfABlockOnceTheBaseFeeIsNotSmallBesideTheTip(@TempDir Path dir)
      throws Exception {
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(100)));
    Fleet calm = fleet(op, dir.resolve("j1")).build();
    assertThat(calm.run(machines(2)).done()).isEqualTo(2);
    // a base fee of 1 gwei against the devnet's tip of 1 gwei: fuller blocks would now cost
    rawRpc("anvil_setNextBlockBaseFeePerGas", "0x3b9aca00");
    rawRpc("evm_mine");
    try (ChainReads fresh = ChainReads.connect(devnet.rpcUrl())) { // no cached fees
      Fleet dear =
          Fleet.builder()
              .chain(fresh)
              .operator(op)
              .config(config)
              .journal(FleetJournal.open(dir.resolve("j2")))
              .concurrency(16)
              .build();
      assertThat(dear.run(machines(2)).done()).isEqualTo(2);
      assertThat(dear.gasWindowSize() * 2 * Fleet.BLOCKS_IN_FLIGHT)
          .as("half a block against two blocks")
          .isEqualTo(calm.gasWindowSize());
    }
  }

  private static void rawRpc(String method, Object... params) throws Exception {
    var r =
        new org.web3j.protocol.core.Request<>(
                method,
                java.util.Arrays.asList(params),
                new org.web3j.protocol.http.HttpService(devnet.rpcUrl()),
                org.web3j.protocol.core.methods.response.VoidResponse.class)
            .send();
    assertThat(r.hasError()).as(method + " answered without error").isFalse();
  }

  @Test
  void aCallThatFailsInsideTheOperatorsBatchFailsItsMachineAloneWithTheDecodedReason(
      @TempDir Path dir) throws Exception {
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(100)));
    List<FleetMachine> ms = new ArrayList<>(machines(4));
    // A careless CSV line: the zero address passes the address check, and registerFor refuses it
    // only on chain, inside the batch that registers the others (the estimate probes the first).
    FleetMachine zero =
        new FleetMachine("0x0000000000000000000000000000000000000000", null, null, null, null);
    ms.add(2, zero);
    FleetReport report = fleet(op, dir.resolve("j")).build().run(ms);
    assertThat(report.done()).isEqualTo(4);
    MachineOutcome bad = report.machines().get(2);
    assertThat(bad.status()).isEqualTo(MachineOutcome.FAILED);
    assertThat(bad.reason())
        .startsWith("register: ")
        .contains("InvalidMachineAddress")
        .contains("whose other calls went through");
    String opAddress = Keys.toChecksumAddress(op.getAddress());
    Set<String> registrations = new HashSet<>();
    Set<String> mints = new HashSet<>();
    for (int i = 0; i < ms.size(); i++) {
      if (i != 2) {
        MachineOutcome m = report.machines().get(i);
        checkOnChain(m, opAddress);
        registrations.add(m.transactions().get("register"));
        mints.add(m.transactions().get("mint"));
      }
    }
    // One operator transaction registered the four, one minted their NFTs.
    assertThat(registrations).hasSize(1);
    assertThat(mints).hasSize(1);
    assertThat(bad.transactions().get("register")).isEqualTo(registrations.iterator().next());
    assertThatThrownBy(() -> Fleet.builder().operatorBatch(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("operatorBatch must be 1 to 200");
  }

  @Test
  void anOperatorTooPoorStopsBeforeSendingAndSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(3)));
    String opAddress = Keys.toChecksumAddress(op.getAddress());
    BigInteger balance = chain.balance(opAddress);
    BigInteger nonce = chain.nonce(opAddress, BlockRef.pending());
    Path journal = dir.resolve("j");
    List<FleetMachine> ms = machines(10);
    assertThatThrownBy(() -> fleet(op, journal).build().run(ms))
        .isInstanceOf(FleetFundsException.class)
        .hasMessageContaining("holds " + balance + " wei")
        .hasMessageContaining("10 machine(s) left")
        .hasMessageContaining("Nothing was sent")
        .satisfies(
            e -> {
              FleetFundsException f = (FleetFundsException) e;
              assertThat(f.available()).isEqualTo(balance);
              assertThat(f.missing()).isPositive().isEqualTo(f.required().subtract(balance));
              // 10 bonds of 1 PEAQ alone exceed the 3 PEAQ held
              assertThat(f.required()).isGreaterThan(PEAQ.multiply(BigInteger.TEN));
            });
    assertThat(chain.nonce(opAddress, BlockRef.pending())).isEqualTo(nonce);
    assertThat(chain.balance(opAddress)).isEqualTo(balance);
    List<JsonNode> lines = FleetJournal.read(journal);
    assertThat(lines).extracting(l -> l.path("k").asText()).containsExactly("run");
  }

  @Test
  void keysGeneratedIntoAFolderAreReadAgainOnTheNextRun(@TempDir Path dir) {
    char[] pass = "fleet pass".toCharArray();
    List<FleetMachine> first =
        FleetInputs.generate(dir, 3, pass, KeyStoreFiles.Strength.PUBLIC_PASSPHRASE);
    List<FleetMachine> again =
        FleetInputs.generate(dir, 4, pass, KeyStoreFiles.Strength.PUBLIC_PASSPHRASE);
    assertThat(again.subList(0, 3))
        .extracting(FleetMachine::address)
        .containsExactlyElementsOf(first.stream().map(FleetMachine::address).toList());
    assertThat(FleetInputs.fromKeystore(dir, pass)).hasSize(4);
    assertThatThrownBy(() -> FleetInputs.fromKeystore(dir, "wrong".toCharArray()))
        .hasMessageContaining("cannot read the key file machine-00001.json");
  }

  @Test
  void economics2ActivatesEveryMachineWithTheOperatorAsController(@TempDir Path dir)
      throws Exception {
    int n = 20;
    Credentials op = operator(PEAQ.multiply(BigInteger.valueOf(30L * n + 100)));
    String opAddress = Keys.toChecksumAddress(op.getAddress());
    Econ2Deployment deployment = Econ2Deployment.resolve("devnet", dataDir);
    List<FleetMachine> ms = machines(n);
    FleetReport report =
        Fleet.builder()
            .chain(chain)
            .operator(op)
            .tokenomics(Fleet.V2)
            .deployment(deployment)
            .journal(FleetJournal.open(dir.resolve("j2")))
            .waveSize(8) // three waves: activations overlap the next wave's funding and approvals
            .walletPreparer(devnet::enableNativePullAll)
            .build()
            .run(ms);
    assertThat(report.machines())
        .allSatisfy(m -> assertThat(m.status()).as(m.reason()).isEqualTo(MachineOutcome.DONE));
    Econ2Client reader = Econ2Client.create(chain, deployment, null, null);
    Set<BigInteger> ids = new HashSet<>();
    for (MachineOutcome m : report.machines()) {
      MachineActivationState s = reader.getMachineActivationState(m.machineId());
      assertThat(s.owner()).isEqualToIgnoringCase(m.address());
      assertThat(s.controller()).isEqualToIgnoringCase(opAddress);
      assertThat(s.subscription().activated()).isTrue();
      assertThat(m.did()).isEqualTo("did:peaq:" + m.machineId());
      ids.add(m.machineId());
    }
    assertThat(ids).hasSize(n);
  }
}
