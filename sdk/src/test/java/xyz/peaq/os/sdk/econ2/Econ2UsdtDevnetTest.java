package xyz.peaq.os.sdk.econ2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The USDT rail against a real devnet: the test USDT (6 decimals) and the provision pool that
 * converts it into the PEAQ bond at the oracle price (1 USD Entry bond = 20 PEAQ = 1 USDT).
 */
class Econ2UsdtDevnetTest {
  static final BigInteger PEAQ = Econ2ClientDevnetTest.PEAQ;
  static final BigInteger BOND = Econ2ClientDevnetTest.BOND;
  static final BigInteger ONE_USDT = BigInteger.valueOf(1_000_000);

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

  /** A fresh wallet with 1 PEAQ for gas (far below the 20 PEAQ bond) and {@code usdt} units. */
  static Keypair wallet(BigInteger usdt) {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), PEAQ);
    if (usdt.signum() > 0) {
      devnet.econ2Admin().mintUsdt(kp.address(), usdt);
    }
    return kp;
  }

  static Econ2Client client(Keypair kp, Econ2ClientDevnetTest.Phases phases) {
    return Econ2Client.create(chain, deployment, chain.signer(kp.privateKey()), phases);
  }

  static BigInteger usdtOf(Econ2Client econ2, String who) {
    return econ2.uint(
        econ2.usdtToken(), Abi.encodeCall("balanceOf", new Address(who)), "usdt_token");
  }

  static ActivationParams params(Keypair kp) {
    return Econ2ClientDevnetTest.params(kp.address(), "Sensor", Econ2ClientDevnetTest.unique());
  }

  @Test
  void theDevnetPoolNamesItsTestUsdtAndEveryDevAccountHoldsSome() {
    Econ2Client reader = Econ2Client.create(chain, deployment, null, null);
    assertThat(reader.usdtToken()).isEqualToIgnoringCase(devnet.econ2Admin().usdtToken());
    assertThat(reader.uint(reader.usdtToken(), Abi.encodeCall("decimals"), "usdt_token").intValue())
        .isEqualTo(6);
    assertThat(usdtOf(reader, xyz.peaq.os.devnet.DevAccount.of(3).address()))
        .isEqualTo(xyz.peaq.os.devnet.Econ2Defaults.DEV_ACCOUNT_USDT);
  }

  @Test
  void activationApprovesTheBoundOncePaysInUsdtAndEmitsPaidWithUsdt() {
    Keypair kp = wallet(ONE_USDT.multiply(BigInteger.TEN));
    Econ2ClientDevnetTest.Phases phases = new Econ2ClientDevnetTest.Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp);

    UsdtActivationPreview preview = econ2.previewMachineActivationWithUsdt(params, 50);
    assertThat(preview.netPeaqAmount()).isEqualTo(BOND);
    assertThat(preview.quotedUsdtAmount()).isEqualTo(ONE_USDT);
    assertThat(preview.maxUsdtAmount()).isEqualTo(BigInteger.valueOf(1_005_000));
    assertThat(preview.balance()).isEqualTo(ONE_USDT.multiply(BigInteger.TEN));
    assertThat(preview.currentAllowance()).isZero();
    assertThat(preview.approvalRequired()).isTrue();
    assertThat(phases.seen).isEmpty();

    String pool = deployment.subscriptionTokenProvisionPool();
    BigInteger poolUsdt = usdtOf(econ2, pool);
    BigInteger poolPeaq = chain.balance(pool);
    BigInteger subscriptionPeaq = chain.balance(deployment.machineSubscription());
    BigInteger peaqBefore = chain.balance(kp.address());

    UsdtActivationResult result =
        econ2.activateMachineWithUsdt(
            params.boundTo(previewAsPeaq(preview)), preview.maxUsdtAmount());
    assertThat(phases.seen).containsExactly("approval", "activation");
    ActivationResult a = result.activation();
    assertThat(result.usdtAmount()).isEqualTo(ONE_USDT);
    assertThat(result.maxUsdtAmount()).isEqualTo(preview.maxUsdtAmount());
    assertThat(a.bondAmount()).isEqualTo(BOND);
    assertThat(a.netPeaqAmount()).isEqualTo(BOND);
    assertThat(a.subscription().bondedAmount()).isEqualTo(BOND);
    assertThat(a.owner()).isEqualToIgnoringCase(kp.address());

    // USDT moved from the signer to the pool; the PEAQ bond came from the pool's reserve.
    assertThat(usdtOf(econ2, kp.address())).isEqualTo(ONE_USDT.multiply(BigInteger.valueOf(9)));
    assertThat(usdtOf(econ2, pool).subtract(poolUsdt)).isEqualTo(ONE_USDT);
    assertThat(poolPeaq.subtract(chain.balance(pool))).isEqualTo(BOND);
    assertThat(chain.balance(deployment.machineSubscription()).subtract(subscriptionPeaq))
        .isEqualTo(BOND);
    TxReceipt approval = chain.receipt(a.approvalTransactionHash()).orElseThrow();
    TxReceipt activation = chain.receipt(a.transactionHash()).orElseThrow();
    assertThat(peaqBefore.subtract(chain.balance(kp.address())))
        .isEqualTo(approval.feePaid().add(activation.feePaid()));
    // The approval was exactly the bound, to the pool, and the pool spent only the quote.
    assertThat(
            econ2.uint(
                result.usdtToken(),
                Abi.encodeCall("allowance", new Address(kp.address()), new Address(pool)),
                "usdt_token"))
        .isEqualTo(preview.maxUsdtAmount().subtract(ONE_USDT));

    List<LogEntry> paid =
        activation.logs(deployment.machineSubscription(), Econ2Client.TOPIC_PAID_USDT);
    assertThat(paid).hasSize(1);
    assertThat(paid.get(0).topicAsAddress(1)).isEqualToIgnoringCase(kp.address());
    assertThat(Abi.decode(paid.get(0).data(), "uint256", "uint256"))
        .containsExactly(BOND, ONE_USDT);
  }

  @Test
  void anExistingAllowanceSendsNoApproval() {
    Keypair kp = wallet(ONE_USDT.multiply(BigInteger.TWO));
    Econ2Client setup = client(kp, null);
    setup.send(
        "approval",
        "usdt_token",
        setup.usdtToken(),
        Abi.encodeCall(
            "approve",
            new Address(deployment.subscriptionTokenProvisionPool()),
            new Uint256(ONE_USDT.multiply(BigInteger.TWO))));
    Econ2ClientDevnetTest.Phases phases = new Econ2ClientDevnetTest.Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp);
    UsdtActivationPreview preview = econ2.previewMachineActivationWithUsdt(params, 100);
    assertThat(preview.approvalRequired()).isFalse();
    UsdtActivationResult result = econ2.activateMachineWithUsdt(params, preview.maxUsdtAmount());
    assertThat(phases.seen).containsExactly("activation");
    assertThat(result.activation().approvalTransactionHash()).isNull();
    assertThat(result.usdtAmount()).isEqualTo(ONE_USDT);
    assertThat(usdtOf(econ2, kp.address())).isEqualTo(ONE_USDT);
  }

  @Test
  void aVoucherCoveredActivationPaysNoUsdtAndEmitsNoPaidWithUsdt() {
    Keypair kp = wallet(BigInteger.ZERO);
    devnet.econ2Admin().grantVoucher(kp.address(), BOND);
    Econ2ClientDevnetTest.Phases phases = new Econ2ClientDevnetTest.Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp);
    UsdtActivationPreview preview = econ2.previewMachineActivationWithUsdt(params, 0);
    assertThat(preview.netPeaqAmount()).isZero();
    assertThat(preview.quotedUsdtAmount()).isZero();
    assertThat(preview.maxUsdtAmount()).isZero();
    assertThat(preview.approvalRequired()).isFalse();
    UsdtActivationResult result = econ2.activateMachineWithUsdt(params, preview.maxUsdtAmount());
    assertThat(phases.seen).containsExactly("activation");
    assertThat(result.usdtAmount()).isZero();
    assertThat(result.activation().voucherCreditApplied()).isEqualTo(BOND);
    TxReceipt r = chain.receipt(result.activation().transactionHash()).orElseThrow();
    assertThat(r.logs(deployment.machineSubscription(), Econ2Client.TOPIC_PAID_USDT)).isEmpty();
  }

  @Test
  void tooLittleUsdtIsRefusedBeforeAnythingIsSent() {
    Keypair kp = wallet(ONE_USDT.divide(BigInteger.TWO));
    Econ2ClientDevnetTest.Phases phases = new Econ2ClientDevnetTest.Phases();
    Econ2Client econ2 = client(kp, phases);
    assertThatThrownBy(
            () -> econ2.activateMachineWithUsdt(params(kp), ONE_USDT.multiply(BigInteger.TWO)))
        .isInstanceOfSatisfying(
            ActivationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("INSUFFICIENT_BALANCE");
              assertThat(e.contract()).isEqualTo("usdt_token");
              assertThat(e.getMessage()).contains("1000000", "500000");
            });
    assertThat(phases.seen).isEmpty();
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isZero();
  }

  @Test
  void aQuoteAboveTheBoundSendsNothingAndTheContractEnforcesTheBound() {
    Keypair kp = wallet(ONE_USDT.multiply(BigInteger.TEN));
    Econ2ClientDevnetTest.Phases phases = new Econ2ClientDevnetTest.Phases();
    Econ2Client econ2 = client(kp, phases);
    ActivationParams params = params(kp);
    UsdtActivationPreview preview = econ2.previewMachineActivationWithUsdt(params, 0);
    synchronized (Econ2ClientDevnetTest.class) {
      devnet.econ2Admin().setTierPriceUsd(0, BigInteger.valueOf(101_000_000L)); // 1.01 USD
      try {
        assertThatThrownBy(() -> econ2.activateMachineWithUsdt(params, preview.maxUsdtAmount()))
            .isInstanceOfSatisfying(
                ActivationException.class,
                e -> {
                  assertThat(e.code()).isEqualTo("MAX_USDT_EXCEEDED");
                  assertThat(e.transactionHash()).isNull();
                });
      } finally {
        devnet.econ2Admin().setTierPriceUsd(0, BigInteger.valueOf(100_000_000L));
      }
    }
    assertThat(phases.seen).isEmpty();
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isZero();

    // Past the SDK's own check, the contract refuses a bound below the quote (simulation).
    Econ2Client raw = client(kp, null);
    raw.send(
        "approval",
        "usdt_token",
        raw.usdtToken(),
        Abi.encodeCall(
            "approve",
            new Address(deployment.subscriptionTokenProvisionPool()),
            new Uint256(ONE_USDT)));
    assertThatThrownBy(
            () ->
                raw.send(
                    "activation",
                    "machine_state_and_sync",
                    deployment.machineStateAndSync(),
                    Econ2Client.encode(
                        Econ2Client.ACTIVATE_MACHINE_WITH_USDT,
                        Econ2Client.document(params),
                        new Utf8String(params.machineType()),
                        new DynamicBytes(params.credentialSubject()),
                        new Address(params.manufacturer()),
                        new Uint8(0),
                        new Uint256(ONE_USDT.subtract(BigInteger.ONE)))))
        .isInstanceOfSatisfying(
            ActivationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("SLIPPAGE_EXCEEDED");
              assertThat(e.solidityError()).isEqualTo("SlippageExceeded");
            });
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isOne();
    assertThat(econ2.subscription(preview.machineId()).activated()).isFalse();
  }

  @Test
  void renewalInUsdtExtendsThePeriodAndEmitsPaidWithUsdt() {
    Keypair kp = wallet(ONE_USDT.multiply(BigInteger.TEN));
    Econ2Client econ2 = client(kp, null);
    ActivationParams params = params(kp);
    BigInteger max = econ2.previewMachineActivationWithUsdt(params, 0).maxUsdtAmount();
    BigInteger id = econ2.activateMachineWithUsdt(params, max).activation().machineId();
    long end = econ2.subscription(id).periodEnd();
    TxReceipt renewal = econ2.renewWithUsdt(id, ONE_USDT);
    assertThat(econ2.subscription(id).periodEnd()).isGreaterThan(end);
    assertThat(econ2.subscription(id).bondedAmount()).isEqualTo(BOND.multiply(BigInteger.TWO));
    assertThat(renewal.logs(deployment.machineSubscription(), Econ2Client.TOPIC_PAID_USDT))
        .hasSize(1);
    assertThat(usdtOf(econ2, kp.address())).isEqualTo(ONE_USDT.multiply(BigInteger.valueOf(8)));
    assertThatThrownBy(() -> econ2.renewWithUsdt(id, ONE_USDT.subtract(BigInteger.ONE)))
        .isInstanceOfSatisfying(
            ActivationException.class, e -> assertThat(e.code()).isEqualTo("MAX_USDT_EXCEEDED"));
  }

  @Test
  void theBoundRoundsUpAndSlippageIsChecked() {
    assertThat(Econ2Client.maxUsdtAmount(BigInteger.valueOf(10_000), 250))
        .isEqualTo(BigInteger.valueOf(10_250));
    assertThat(Econ2Client.maxUsdtAmount(BigInteger.ONE, 1)).isEqualTo(BigInteger.TWO);
    assertThat(Econ2Client.maxUsdtAmount(BigInteger.ZERO, 10_000)).isZero();
    assertThatThrownBy(() -> Econ2Client.maxUsdtAmount(BigInteger.ONE, 10_001))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("slippage_bps");
    assertThatThrownBy(() -> Econ2Client.maxUsdtAmount(BigInteger.ONE, -1))
        .isInstanceOf(ValidationException.class);
  }

  /** The PEAQ-rail preview the USDT preview carries, for binding the params to its machine id. */
  static ActivationPreview previewAsPeaq(UsdtActivationPreview p) {
    return new ActivationPreview(
        p.chainId(),
        p.deploymentId(),
        deployment,
        p.signer(),
        p.controller(),
        p.machineId(),
        p.tier(),
        null,
        p.bondAmount(),
        p.voucherCredit(),
        p.netPeaqAmount(),
        BigInteger.ZERO,
        BigInteger.ZERO,
        false);
  }
}
