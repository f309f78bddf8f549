package xyz.peaq.os.sdk.econ2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.EnvSource;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.ValidationException;

/** The 2.0 operations of the SDK against a real devnet (anvil + the Economics 2.0 contracts). */
class Econ2ClientDevnetTest {
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static final BigInteger BOND = PEAQ.multiply(BigInteger.valueOf(20)); // 1 USD at 0.05 USD/PEAQ

  @TempDir static Path dataDir;
  static DevnetChain devnet;
  static ChainReads chain;
  static Econ2Deployment deployment;

  @BeforeAll
  static void start() {
    devnet = DevnetChain.start(DevnetOptions.builder().dataDir(dataDir).build());
    chain = ChainReads.connect(devnet.rpcUrl());
    deployment = Econ2Deployment.resolve("devnet", dataDir);
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

  /** Records the phase of every transaction the client sends. */
  static final class Phases implements TransactionObserver {
    final List<String> seen = new ArrayList<>();

    @Override
    public void beforeBroadcast(String operation, SignedTransaction tx) {
      seen.add(operation);
    }
  }

  static Keypair funded(BigInteger wei) {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), wei);
    return kp;
  }

  static Econ2Client client(Keypair kp, TransactionObserver observer) {
    return Econ2Client.create(chain, deployment, chain.signer(kp.privateKey()), observer);
  }

  static ActivationParams params(String controller, String type, byte[] subject) {
    return new ActivationParams(
        controller,
        List.of(
            new VerificationMethod(
                "#key-1",
                "EcdsaSecp256k1RecoveryMethod2020",
                controller,
                "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")),
        List.of(BigInteger.ZERO),
        List.of(new ServiceEndpoint("#api", "MachineApi", "https://machine.example/api")),
        type,
        subject,
        controller,
        Tier.ENTRY,
        null,
        null);
  }

  static byte[] unique() {
    return java.nio.ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
  }

  @Test
  void machineIdMatchesTheOfficialVectorAndTheContract() {
    byte[] subject = HexFormat.of().parseHex("deadbeef");
    BigInteger expected =
        new BigInteger(
            "6797059852626571897596538631639987226658599017392690144141920250617808126524");
    assertThat(Econ2Client.computeMachineId("Sensor", subject)).isEqualTo(expected);
    Econ2Client reader = Econ2Client.create(chain, deployment, null, null);
    String onChain =
        reader.call(
            deployment.machineRegistry(),
            Econ2Client.encode(
                "computeTokenId(string,bytes)",
                new org.web3j.abi.datatypes.Utf8String("Sensor"),
                new org.web3j.abi.datatypes.DynamicBytes(subject)),
            "machine_registry");
    assertThat(new BigInteger(onChain.substring(2), 16)).isEqualTo(expected);
  }

  @Test
  void activationApprovesTheExactNetBondOnceThenActivatesAndVerifies() {
    Keypair kp = funded(PEAQ.multiply(BigInteger.valueOf(30)));
    Phases phases = new Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp.address(), "Sensor", unique());

    ActivationPreview preview = econ2.previewMachineActivation(params);
    assertThat(preview.bondAmount()).isEqualTo(BOND);
    assertThat(preview.voucherCredit()).isZero();
    assertThat(preview.netPeaqAmount()).isEqualTo(BOND);
    assertThat(preview.balance()).isEqualTo(chain.balance(kp.address()));
    assertThat(preview.approvalRequired()).isTrue();
    assertThat(phases.seen).isEmpty();

    BigInteger before = chain.balance(kp.address());
    ActivationResult result = econ2.activateMachine(params.boundTo(preview));
    assertThat(phases.seen).containsExactly("approval", "activation");
    TxReceipt approval = chain.receipt(result.approvalTransactionHash()).orElseThrow();
    TxReceipt activation = chain.receipt(result.transactionHash()).orElseThrow();
    BigInteger fees = approval.feePaid().add(activation.feePaid());
    assertThat(before.subtract(chain.balance(kp.address()))).isEqualTo(BOND.add(fees));
    assertThat(result.machineId()).isEqualTo(preview.machineId());
    assertThat(result.owner()).isEqualToIgnoringCase(kp.address());
    assertThat(result.bondAmount()).isEqualTo(BOND);
    assertThat(result.netPeaqAmount()).isEqualTo(BOND);
    assertThat(result.homedLocally()).isTrue();

    MachineActivationState state = econ2.getMachineActivationState(result.machineId());
    assertThat(state.subscription().activated()).isTrue();
    assertThat(state.subscription().statusName()).isEqualTo("active");
    assertThat(state.controller()).isEqualToIgnoringCase(kp.address());

    // Again: refused before anything is signed.
    BigInteger nonce = chain.nonce(kp.address(), BlockRef.latest());
    assertThatThrownBy(() -> econ2.activateMachine(params))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("ALREADY_ACTIVATED"));
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isEqualTo(nonce);
    assertThat(phases.seen).hasSize(2);
  }

  @Test
  void aVoucherCoveringTheBondSendsNoApprovalAndMovesNoPeaq() {
    Keypair kp = funded(PEAQ);
    devnet.econ2Admin().grantVoucher(kp.address(), BOND);
    Phases phases = new Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp.address(), "Sensor", unique());
    ActivationPreview preview = econ2.previewMachineActivation(params);
    assertThat(preview.voucherCredit()).isEqualTo(BOND);
    assertThat(preview.netPeaqAmount()).isZero();
    assertThat(preview.approvalRequired()).isFalse();
    BigInteger before = chain.balance(kp.address());
    ActivationResult result = econ2.activateMachine(params.boundTo(preview));
    assertThat(phases.seen).containsExactly("activation");
    assertThat(result.approvalTransactionHash()).isNull();
    assertThat(result.voucherCreditApplied()).isEqualTo(BOND);
    assertThat(result.netPeaqAmount()).isZero();
    TxReceipt r = chain.receipt(result.transactionHash()).orElseThrow();
    assertThat(before.subtract(chain.balance(kp.address()))).isEqualTo(r.feePaid());
  }

  @Test
  void aQuoteThatRoseAboveThePreviewSendsNothing() {
    Keypair kp = funded(PEAQ.multiply(BigInteger.valueOf(100)));
    Phases phases = new Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp.address(), "Sensor", unique());
    ActivationPreview preview = econ2.previewMachineActivation(params);
    synchronized (Econ2ClientDevnetTest.class) {
      devnet.econ2Admin().setTierPriceUsd(0, BigInteger.valueOf(125_000_000L)); // bond 25
      try {
        assertThatThrownBy(() -> econ2.activateMachine(params.boundTo(preview)))
            .isInstanceOfSatisfying(
                ActivationException.class,
                e -> {
                  assertThat(e.code()).isEqualTo("MAX_NET_PEAQ_EXCEEDED");
                  assertThat(e.transactionHash()).isNull();
                });
      } finally {
        devnet.econ2Admin().setTierPriceUsd(0, BigInteger.valueOf(100_000_000L));
      }
    }
    assertThat(phases.seen).isEmpty();
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isZero();
  }

  @Test
  void tooLittlePeaqForTheNetBondSendsNothing() {
    Keypair kp = funded(PEAQ);
    Phases phases = new Phases();
    assertThatThrownBy(
            () -> client(kp, phases).activateMachine(params(kp.address(), "Sensor", unique())))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("INSUFFICIENT_BALANCE"));
    assertThat(phases.seen).isEmpty();
  }

  @Test
  void anotherBoundMachineIdIsRefused() {
    Keypair kp = funded(PEAQ);
    ActivationParams p = params(kp.address(), "Sensor", unique());
    ActivationParams wrong =
        new ActivationParams(
            p.controller(),
            p.verificationMethods(),
            p.authentication(),
            p.serviceEndpoints(),
            p.machineType(),
            p.credentialSubject(),
            p.manufacturer(),
            p.tier(),
            BigInteger.ONE,
            null);
    assertThatThrownBy(() -> client(kp, null).previewMachineActivation(wrong))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("MACHINE_ID_MISMATCH"));
  }

  @Test
  void anUnknownMachineIsMachineNotFound() {
    assertThatThrownBy(
            () ->
                Econ2Client.create(chain, deployment, null, null)
                    .getMachineActivationState(BigInteger.valueOf(12345)))
        .isInstanceOfSatisfying(
            ActivationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("MACHINE_NOT_FOUND");
              assertThat(e.solidityError()).isEqualTo("ERC721NonexistentToken");
              assertThat(e.revertData()).startsWith("0x");
            });
  }

  @Test
  void authenticationIndicesMustNameAMethod() {
    Keypair kp = funded(PEAQ);
    ActivationParams p = params(kp.address(), "Sensor", unique());
    ActivationParams bad =
        new ActivationParams(
            p.controller(),
            p.verificationMethods(),
            List.of(BigInteger.ONE),
            p.serviceEndpoints(),
            p.machineType(),
            p.credentialSubject(),
            p.manufacturer(),
            p.tier(),
            null,
            null);
    assertThatThrownBy(() -> client(kp, null).previewMachineActivation(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("authentication index 1");
  }

  @Test
  void preflightNamesAWrongChainAndAWrongPeer() {
    Econ2Deployment d = deployment;
    Econ2Deployment otherChain =
        new Econ2Deployment(
            "x",
            "peaq",
            3338,
            d.infoDesk(),
            d.machineRegistry(),
            d.machineStateAndSync(),
            d.machineSubscription(),
            d.crossChainMirror(),
            d.machineBridgeAdapter(),
            d.subscriptionTokenProvisionPool(),
            null,
            null);
    assertThatThrownBy(() -> Econ2Client.create(chain, otherChain, null, null).preflight())
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("CHAIN_MISMATCH"));
    Econ2Deployment swapped =
        new Econ2Deployment(
            "x",
            "peaq",
            d.chainId(),
            d.infoDesk(),
            d.machineSubscription(),
            d.machineStateAndSync(),
            d.machineRegistry(),
            d.crossChainMirror(),
            d.machineBridgeAdapter(),
            d.subscriptionTokenProvisionPool(),
            null,
            null);
    assertThatThrownBy(() -> Econ2Client.create(chain, swapped, null, null).preflight())
        .isInstanceOfSatisfying(
            ActivationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("PEER_MISMATCH");
              assertThat(e.contract()).isEqualTo("machine_registry");
            });
  }

  @Test
  void machineWritesEventsAndRenewal() {
    Keypair kp = funded(PEAQ.multiply(BigInteger.valueOf(60)));
    Keypair stranger = funded(PEAQ);
    Phases phases = new Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp.address(), "Sensor", unique());
    BigInteger id = econ2.activateMachine(params).machineId();

    econ2.setServiceEndpoints(
        id, List.of(new ServiceEndpoint("#api", "MachineApi", "https://other.example/api")));
    econ2.setAuthentication(id, List.of());
    econ2.setVerificationMethods(id, params.verificationMethods());
    assertThat(phases.seen)
        .endsWith("setServiceEndpoints", "setAuthentication", "setVerificationMethods");

    econ2.suspend(id);
    assertThat(econ2.getMachineActivationState(id).suspended()).isTrue();
    assertThatThrownBy(() -> econ2.suspend(id))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("NOT_ACTIVE"));
    econ2.resume(id);
    assertThat(econ2.getMachineActivationState(id).suspended()).isFalse();
    assertThatThrownBy(() -> econ2.resume(id))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("NOT_SUSPENDED"));

    TxReceipt event =
        econ2.submitEvent(
            id,
            0,
            BigInteger.valueOf(1250),
            "USD",
            chain.blockTimestamp(chain.blockNumber()).getEpochSecond(),
            new byte[32],
            0,
            BigInteger.ZERO,
            new byte[32],
            new byte[0]);
    assertThat(event.success()).isTrue();
    assertThatThrownBy(
            () ->
                client(stranger, null)
                    .submitEvent(
                        id,
                        0,
                        BigInteger.ONE,
                        "USD",
                        1,
                        new byte[32],
                        0,
                        BigInteger.ZERO,
                        new byte[32],
                        new byte[0]))
        .isInstanceOfSatisfying(
            ActivationException.class,
            e -> assertThat(e.code()).isEqualTo("NOT_OWNER_OR_CONTROLLER"));

    long end = econ2.subscription(id).periodEnd();
    econ2.renew(id);
    assertThat(econ2.subscription(id).periodEnd()).isGreaterThan(end);
    assertThat(econ2.subscription(id).bondedAmount()).isEqualTo(BOND.multiply(BigInteger.TWO));
    assertThatThrownBy(() -> econ2.activateSubscription(id, Tier.ENTRY))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("ALREADY_ACTIVATED"));

    assertThatThrownBy(() -> client(stranger, null).setController(id, stranger.address(), false))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("NOT_MACHINE_OWNER"));
    assertThatThrownBy(
            () -> econ2.setController(id, "0x0000000000000000000000000000000000000000", false))
        .isInstanceOf(ValidationException.class);
    econ2.setController(id, stranger.address(), false);
    assertThat(econ2.getMachineActivationState(id).controller())
        .isEqualToIgnoringCase(stranger.address());
  }

  @Test
  void legacyOperationsFailWithTheOfficialCodesIn20Mode() {
    Keypair kp = funded(PEAQ.multiply(BigInteger.TEN));
    try (PeaqosClient v2 =
        PeaqosClient.builder()
            .config(
                xyz.peaq.os.sdk.PeaqosConfig.builder()
                    .devnet(dataDir)
                    .build()
                    .withPrivateKey(kp.privateKey()))
            .chain(chain)
            .tokenomicsDeployment("devnet")
            .build()) {
      assertThat(v2.tokenomicsDeployment()).contains("devnet");
      assertThatThrownBy(v2::registerMachine)
          .isInstanceOfSatisfying(
              Econ2Exception.class,
              e -> assertThat(e.code()).isEqualTo("LEGACY_REGISTRATION_UNSUPPORTED"));
      assertThatThrownBy(() -> v2.registerFor(kp.address()))
          .isInstanceOfSatisfying(
              Econ2Exception.class,
              e -> assertThat(e.code()).isEqualTo("SPONSORED_ACTIVATION_UNSUPPORTED"));
      assertThatThrownBy(() -> v2.mintNft(BigInteger.ONE, kp.address()))
          .isInstanceOfSatisfying(
              Econ2Exception.class,
              e -> assertThat(e.code()).isEqualTo("LEGACY_REGISTRATION_UNSUPPORTED"));
      assertThatThrownBy(() -> v2.withSigner(kp.privateKey()).tokenIdOf(BigInteger.ONE))
          .isInstanceOfSatisfying(
              Econ2Exception.class,
              e -> assertThat(e.code()).isEqualTo("LEGACY_REGISTRATION_UNSUPPORTED"));
      assertThat(chain.nonce(kp.address(), BlockRef.latest())).isZero();
    }
    // No deployment id: 1.0 exactly as before.
    try (PeaqosClient v1 =
        PeaqosClient.builder()
            .config(
                xyz.peaq.os.sdk.PeaqosConfig.builder()
                    .devnet(dataDir)
                    .build()
                    .withPrivateKey(kp.privateKey()))
            .chain(chain)
            .build()) {
      assertThat(v1.tokenomicsDeployment()).isEmpty();
      assertThat(v1.registerMachine()).isPositive();
    }
  }

  @Test
  void generationSelection() {
    assertThat(Tokenomics.select(EnvSource.of(Map.of()), null, "devnet")).isEmpty();
    assertThat(Tokenomics.select(EnvSource.of(Map.of()), "2.0", "devnet")).contains("devnet");
    assertThat(Tokenomics.select(EnvSource.of(Map.of()), "2.0", "mainnet"))
        .contains("peaq-mainnet");
    assertThat(
            Tokenomics.select(
                EnvSource.of(Map.of("TOKENOMICS_DEPLOYMENT_ID", "agung-2026-08-28")), null, null))
        .contains("agung-2026-08-28");
    assertThat(
            Tokenomics.select(
                EnvSource.of(
                    Map.of(
                        "PEAQOS_DEPLOYMENT_ID", "devnet",
                        "TOKENOMICS_DEPLOYMENT_ID", "agung-2026-08-28")),
                null,
                null))
        .contains("devnet");
    assertThat(
            Tokenomics.select(EnvSource.of(Map.of("PEAQOS_DEPLOYMENT_ID", "devnet")), "1.0", null))
        .isEmpty();
    // A devnet.env copied into the environment names both generations: 1.0 stays, 2.0 on request.
    EnvSource devnetEnv =
        EnvSource.of(
            Map.of(
                "PEAQOS_DEPLOYMENT_ID", "devnet",
                "IDENTITY_REGISTRY_ADDRESS", "0x0000000000000000000000000000000000000001"));
    assertThat(Tokenomics.select(devnetEnv, null, "devnet")).isEmpty();
    assertThat(Tokenomics.deploymentIdShadowedBy10(devnetEnv)).isTrue();
    assertThat(Tokenomics.select(devnetEnv, "2.0", "devnet")).contains("devnet");
    assertThatThrownBy(() -> Tokenomics.select(EnvSource.of(Map.of()), "3.0", null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("--tokenomics must be 1.0 or 2.0");
    assertThatThrownBy(() -> Econ2Deployment.resolve("peaq-moon", dataDir))
        .isInstanceOfSatisfying(
            Econ2Exception.class, e -> assertThat(e.code()).isEqualTo("DEPLOYMENT_UNKNOWN"));
    assertThat(Econ2Deployment.resolve("peaq-mainnet", null).chainId()).isEqualTo(3338);
    assertThat(Econ2Deployment.resolve("agung-2026-08-28", null).mcrApi()).isEmpty();
    assertThat(Tokenomics.legacyOperation("registerFor", "devnet").code())
        .isEqualTo("SPONSORED_ACTIVATION_UNSUPPORTED");
    assertThat(Tokenomics.legacyOperation("registerMachine", "devnet").code())
        .isEqualTo("LEGACY_REGISTRATION_UNSUPPORTED");
  }
}
