package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.Econ2Calls.encode;
import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import xyz.peaq.os.foundation.DotEnv;

/**
 * Economics 2.0 on the devnet through raw calls: ids, activation paid from the native balance
 * through the ERC-20 face at 0x…0809, vouchers, errors, pauses, the subscription clock and the 2.0
 * EventRegistry's rules. Gas figures are printed (GAS lines), not asserted.
 */
class Econ2DevnetTest extends DevnetTestBase {
  static Econ2Contracts e;
  static final String MANUFACTURER = "0x000000000000000000000000000000000000fab1";

  @BeforeAll
  static void econ2() {
    e = chain.econ2();
  }

  @Test
  void machineIdIsTheKeccakOfTheAbiEncodedTypeAndSubject() throws Exception {
    BigInteger id =
        client.callUint(
            e.machineRegistry(),
            encode(
                "computeTokenId(string,bytes)",
                new Utf8String("Sensor"),
                new DynamicBytes(HexFormat.of().parseHex("deadbeef"))));
    assertThat(id)
        .isEqualTo(
            new BigInteger(
                "6797059852626571897596538631639987226658599017392690144141920250617808126524"));
    String did =
        decodeString(
            client.call(e.machineRegistry(), encode("didFromTokenId(uint256)", new Uint256(id))));
    assertThat(did).isEqualTo("did:peaq:" + id);
    assertThat(
            client.callUint(
                e.machineRegistry(), encode("tokenIdFromDid(string)", new Utf8String(did))))
        .isEqualTo(id);
    client
        .revertOf(
            DevAccount.of(0).address(),
            e.machineRegistry(),
            encode("tokenIdFromDid(string)", new Utf8String("did:peaq:0x12")),
            BigInteger.ZERO)
        .ifPresentOrElse(
            r -> assertThat(r).startsWith(TestClient.selector("InvalidDIDFormat()")),
            () -> {
              throw new AssertionError("a hex DID must be refused");
            });
  }

  @Test
  void infoDeskRegistersEveryRoleTheOfficialSdkChecks() throws Exception {
    Map<String, String> roles =
        Map.of(
            "MACHINE_REGISTRY",
            e.machineRegistry(),
            "MACHINE_SUBSCRIPTION",
            e.machineSubscription(),
            "MACHINE_STATE_AND_SYNC",
            e.machineStateAndSync(),
            "CROSS_CHAIN_MIRROR",
            e.crossChainMirror(),
            "MACHINE_BRIDGE_ADAPTER",
            e.machineBridgeAdapter(),
            "SUBSCRIPTION_TOKEN_PROVISION_POOL",
            e.subscriptionTokenProvisionPool());
    for (var role : roles.entrySet()) {
      String peer =
          client.callAddress(
              e.infoDesk(),
              encode(
                  "peer(bytes32)",
                  new Bytes32(
                      Hash.sha3(role.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
      assertThat(peer).as(role.getKey()).isEqualToIgnoringCase(role.getValue());
    }
    assertThat(client.callAddress(e.infoDesk(), encode("peaqToken()")))
        .isEqualToIgnoringCase(Econ2Contracts.PEAQ_TOKEN_ADDRESS);
    assertThat(client.callBool(e.machineSubscription(), encode("isEconomicAuthority()"))).isTrue();
    assertThat(client.callUint(e.infoDesk(), encode("localChainId()"))).isEqualTo(BigInteger.ONE);
    // default prices: 1, 5, 20 USD at 0.05 USD/PEAQ
    assertThat(required(0)).isEqualTo(ONE_PEAQ.multiply(BigInteger.valueOf(20)));
    assertThat(required(1)).isEqualTo(ONE_PEAQ.multiply(BigInteger.valueOf(100)));
    assertThat(required(2)).isEqualTo(ONE_PEAQ.multiply(BigInteger.valueOf(400)));
    assertThat(
            client.revertOf(
                DevAccount.of(0).address(),
                e.machineSubscription(),
                encode("requiredPeaqAmount(uint8)", new Uint8(3)),
                BigInteger.ZERO))
        .hasValueSatisfying(r -> assertThat(r).startsWith(TestClient.selector("InvalidTier()")));
    for (String address : e.all()) {
      assertThat(
              chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode())
          .as(address)
          .hasSizeGreaterThan(2);
    }
    Map<String, String> env = DotEnv.read(chain.envFile());
    assertThat(env)
        .containsEntry("PEAQOS_DEPLOYMENT_ID", "devnet")
        .containsEntry("INFO_DESK_ADDRESS", e.infoDesk())
        .containsEntry("MACHINE_STATE_AND_SYNC_ADDRESS", e.machineStateAndSync())
        .containsEntry("EVENT_REGISTRY_V2_ADDRESS", e.eventRegistry())
        .containsEntry("PEAQ_TOKEN_ADDRESS", Econ2Contracts.PEAQ_TOKEN_ADDRESS)
        .containsEntry("IDENTITY_REGISTRY_ADDRESS", c.identityRegistry());
  }

  @Test
  void activationMovesExactlyTheNetBondFromTheNativeBalance() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    Credentials controller = client.newFundedWallet(1);
    BigInteger voucher = ONE_PEAQ.multiply(BigInteger.valueOf(5));
    chain.econ2Admin().grantVoucher(owner.getAddress(), voucher);
    BigInteger bond = required(0);
    BigInteger net = bond.subtract(voucher);
    assertThat(
            client.callUint(
                e.machineSubscription(),
                encode("pendingVoucherCredit(address)", new Address(owner.getAddress()))))
        .isEqualTo(voucher);
    assertThat(tokenBalance(owner.getAddress())).isEqualTo(nativeBalance(owner.getAddress()));

    BigInteger before = nativeBalance(owner.getAddress());
    BigInteger subscriptionBefore = nativeBalance(e.machineSubscription());
    TransactionReceipt approve =
        client.send(
            owner,
            Econ2Contracts.PEAQ_TOKEN_ADDRESS,
            encode(
                "approve(address,uint256)",
                new Address(e.machineSubscription()),
                new Uint256(net)));
    assertThat(
            TestClient.logs(
                approve,
                Econ2Contracts.PEAQ_TOKEN_ADDRESS,
                TestClient.topic("Approval(address,address,uint256)")))
        .hasSize(1);
    byte[] subject = randomSubject();
    TransactionReceipt activation =
        client.send(
            owner,
            e.machineStateAndSync(),
            Econ2Calls.activateMachine(
                Econ2Calls.document(controller.getAddress(), controller.getAddress()),
                "Sensor",
                subject,
                MANUFACTURER,
                0));
    TestClient.printGas("approve (0x0809)", approve);
    TestClient.printGas("activateMachine (net bond after approval, voucher part)", activation);

    BigInteger fees = fee(approve).add(fee(activation));
    assertThat(before.subtract(nativeBalance(owner.getAddress()))).isEqualTo(net.add(fees));
    assertThat(nativeBalance(e.machineSubscription()).subtract(subscriptionBefore)).isEqualTo(net);
    assertThat(allowance(owner.getAddress())).isZero();

    BigInteger id = idOf("Sensor", subject);
    assertThat(
            TestClient.logs(
                activation,
                e.machineStateAndSync(),
                TestClient.topic("MachineOnboarded(uint256,address)")))
        .hasSize(1);
    assertThat(
            TestClient.logs(
                activation,
                e.machineRegistry(),
                TestClient.topic("MachineMinted(uint256,address,address,string)")))
        .hasSize(1);
    var activated =
        TestClient.logs(
            activation,
            e.machineSubscription(),
            TestClient.topic("Activated(uint256,address,uint8,uint256,uint64,uint64)"));
    assertThat(activated).hasSize(1);
    assertThat(Numeric.toBigInt(activated.get(0).getTopics().get(1))).isEqualTo(id);
    assertThat(TestClient.word(activated.get(0).getData(), 1)).isEqualTo(bond);
    var redeemed =
        TestClient.logs(
            activation,
            e.machineSubscription(),
            TestClient.topic("VoucherRedeemed(uint256,address,uint256)"));
    assertThat(redeemed).hasSize(1);
    assertThat(TestClient.word(redeemed.get(0).getData(), 0)).isEqualTo(voucher);

    assertThat(client.callAddress(e.machineRegistry(), encode("ownerOf(uint256)", new Uint256(id))))
        .isEqualToIgnoringCase(owner.getAddress());
    assertThat(
            client.callAddress(
                e.machineRegistry(), encode("controllerOf(uint256)", new Uint256(id))))
        .isEqualToIgnoringCase(controller.getAddress());
    String sub =
        client.call(e.machineSubscription(), encode("subscriptions(uint256)", new Uint256(id)));
    assertThat(TestClient.word(sub, 0)).isZero(); // tier Entry
    assertThat(TestClient.word(sub, 2).subtract(TestClient.word(sub, 1)))
        .isEqualTo(BigInteger.valueOf(Econ2Defaults.PERIOD_SECONDS));
    assertThat(TestClient.word(sub, 3)).isEqualTo(bond);
    assertThat(status(id)).isEqualTo(1);
    assertThat(
            client.callBool(
                e.crossChainMirror(), encode("isHomedLocally(uint256)", new Uint256(id))))
        .isTrue();
    assertThat(
            client.callUint(
                e.machineSubscription(),
                encode("pendingVoucherCredit(address)", new Address(owner.getAddress()))))
        .isZero();
  }

  @Test
  void aVoucherCoveringTheWholeBondNeedsNoApprovalAndMovesNoPeaq() throws Exception {
    Credentials owner = client.newFundedWallet(1);
    BigInteger bond = required(2);
    chain.econ2Admin().grantVoucher(owner.getAddress(), bond.add(BigInteger.TEN));
    BigInteger before = nativeBalance(owner.getAddress());
    byte[] subject = randomSubject();
    TransactionReceipt r =
        client.send(
            owner,
            e.machineStateAndSync(),
            Econ2Calls.activateMachine(
                Econ2Calls.document(owner.getAddress(), owner.getAddress()),
                "Robot",
                subject,
                MANUFACTURER,
                2));
    TestClient.printGas("activateMachine (voucher covers the bond, no approval)", r);
    assertThat(before.subtract(nativeBalance(owner.getAddress()))).isEqualTo(fee(r));
    String sub =
        client.call(
            e.machineSubscription(),
            encode("subscriptions(uint256)", new Uint256(idOf("Robot", subject))));
    assertThat(TestClient.word(sub, 0)).isEqualTo(BigInteger.TWO);
    assertThat(TestClient.word(sub, 3)).isEqualTo(bond);
    assertThat(
            client.callUint(
                e.machineSubscription(),
                encode("pendingVoucherCredit(address)", new Address(owner.getAddress()))))
        .isEqualTo(BigInteger.TEN);
  }

  @Test
  void aSecondActivationOfTheSameTypeAndSubjectRevertsAlreadyActivated() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    byte[] subject = randomSubject();
    activate(owner, "Sensor", subject, 0);
    approve(owner, required(0));
    Credentials other = client.newFundedWallet(1000);
    approve(other, required(0));
    String again =
        Econ2Calls.activateMachine(
            Econ2Calls.document(owner.getAddress(), owner.getAddress()),
            "Sensor",
            subject,
            MANUFACTURER,
            0);
    BigInteger before = nativeBalance(other.getAddress());
    client.expectError(owner, e.machineStateAndSync(), again, "AlreadyActivated()");
    client.expectError(other, e.machineStateAndSync(), again, "AlreadyActivated()");
    assertThat(allowance(other.getAddress())).isEqualTo(required(0));
    assertThat(before.subtract(nativeBalance(other.getAddress()))).isLessThan(ONE_PEAQ); // gas only
  }

  @Test
  void anApprovalShortByOneWeiRevertsAndChangesNothing() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    BigInteger bond = required(1);
    approve(owner, bond.subtract(BigInteger.ONE));
    byte[] subject = randomSubject();
    String data =
        Econ2Calls.activateMachine(
            Econ2Calls.document(owner.getAddress(), owner.getAddress()),
            "Meter",
            subject,
            MANUFACTURER,
            1);
    BigInteger before = nativeBalance(owner.getAddress());
    client.expectMessage(owner, e.machineStateAndSync(), data, "trying to spend more than allowed");
    BigInteger id = idOf("Meter", subject);
    assertThat(
            client.revertOf(
                DevAccount.of(0).address(),
                e.machineRegistry(),
                encode("ownerOf(uint256)", new Uint256(id)),
                BigInteger.ZERO))
        .hasValueSatisfying(
            r -> assertThat(r).startsWith(TestClient.selector("ERC721NonexistentToken(uint256)")));
    assertThat(status(id)).isZero();
    assertThat(allowance(owner.getAddress())).isEqualTo(bond.subtract(BigInteger.ONE));
    assertThat(before.subtract(nativeBalance(owner.getAddress())))
        .isLessThan(ONE_PEAQ.divide(BigInteger.TEN)); // gas only
    // one more wei of allowance and it goes through
    approve(owner, bond);
    client.send(owner, e.machineStateAndSync(), data);
    assertThat(status(id)).isEqualTo(1);
  }

  @Test
  void anAccountWithoutTheNativePullDelegationCannotPayAndIsToldWhy() throws Exception {
    Credentials stranger = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
    // funded behind the devnet's back: no delegation
    new Request<>(
            "anvil_setBalance",
            List.of(
                stranger.getAddress(),
                Numeric.toHexStringWithPrefix(ONE_PEAQ.multiply(BigInteger.valueOf(1000)))),
            new HttpService(chain.rpcUrl()),
            VoidResponse.class)
        .send();
    approve(stranger, required(0));
    String data =
        Econ2Calls.activateMachine(
            Econ2Calls.document(stranger.getAddress(), stranger.getAddress()),
            "Sensor",
            randomSubject(),
            MANUFACTURER,
            0);
    client.expectMessage(
        stranger,
        e.machineStateAndSync(),
        data,
        "account "
            + stranger.getAddress().toLowerCase()
            + " has no native-pull delegation, so 0x0809 cannot move its PEAQ: on the devnet only accounts the devnet funds "
            + "(dev accounts, DevnetChain.setBalance) or enables (DevnetChain.enableNativePull) can pay through the PEAQ token");
    chain.enableNativePull(stranger.getAddress());
    BigInteger before = nativeBalance(stranger.getAddress());
    TransactionReceipt r = client.send(stranger, e.machineStateAndSync(), data);
    assertThat(before.subtract(nativeBalance(stranger.getAddress())))
        .isEqualTo(required(0).add(fee(r)));
  }

  @Test
  void manyAccountsAreEnabledAtOnceAndAccountsWithCodeAreLeftAlone() throws Exception {
    Credentials a = client.newFundedWallet(1000);
    Credentials b = client.newFundedWallet(1000);
    String contract = e.machineStateAndSync();
    String contractCode = code(contract);
    chain.enableNativePullAll(List.of(a.getAddress(), b.getAddress(), contract));
    for (Credentials w : List.of(a, b)) {
      assertThat(code(w.getAddress()))
          .as("delegation of %s", w.getAddress())
          .isEqualToIgnoringCase("0xef0100" + Econ2Contracts.NATIVE_PULL_ADDRESS.substring(2));
    }
    assertThat(code(contract)).isEqualTo(contractCode);
    // and the delegation is the one a payment needs
    approve(a, required(0));
    String data =
        Econ2Calls.activateMachine(
            Econ2Calls.document(a.getAddress(), a.getAddress()),
            "Sensor",
            randomSubject(),
            MANUFACTURER,
            0);
    BigInteger before = nativeBalance(a.getAddress());
    TransactionReceipt r = client.send(a, e.machineStateAndSync(), data);
    assertThat(before.subtract(nativeBalance(a.getAddress()))).isEqualTo(required(0).add(fee(r)));
    chain.enableNativePullAll(List.of()); // nothing to do
  }

  private static String code(String address) throws Exception {
    return chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
  }

  @Test
  void anApprovalSentThroughTheBatchPrecompileIsTheSignersAsOnPeaq() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    BigInteger bond = required(0);
    String approve =
        encode("approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(bond));
    client.send(
        owner,
        c.batchPrecompile(),
        encode(
            "batchAll(address[],uint256[],bytes[],uint64[])",
            new DynamicArray<>(
                Address.class, List.of(new Address(Econ2Contracts.PEAQ_TOKEN_ADDRESS))),
            new DynamicArray<>(Uint256.class, List.of(new Uint256(0))),
            new DynamicArray<>(
                DynamicBytes.class,
                List.of(new DynamicBytes(Numeric.hexStringToByteArray(approve)))),
            new DynamicArray<>(
                org.web3j.abi.datatypes.generated.Uint64.class,
                List.of(new org.web3j.abi.datatypes.generated.Uint64(0)))));
    assertThat(allowance(owner.getAddress())).isEqualTo(bond);
    BigInteger before = nativeBalance(owner.getAddress());
    TransactionReceipt r =
        client.send(
            owner,
            e.machineStateAndSync(),
            Econ2Calls.activateMachine(
                Econ2Calls.document(owner.getAddress(), owner.getAddress()),
                "Batched",
                randomSubject(),
                MANUFACTURER,
                0));
    assertThat(before.subtract(nativeBalance(owner.getAddress()))).isEqualTo(bond.add(fee(r)));
  }

  @Test
  void pauseFlagsBlockActivation() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    approve(owner, required(0));
    byte[] subject = randomSubject();
    String data =
        Econ2Calls.activateMachine(
            Econ2Calls.document(owner.getAddress(), owner.getAddress()),
            "Sensor",
            subject,
            MANUFACTURER,
            0);
    chain.econ2Admin().setTechnicalPausedGlobal(true);
    try {
      assertThat(client.callBool(e.machineStateAndSync(), encode("isTechnicalPausedGlobal()")))
          .isTrue();
      client.expectError(owner, e.machineStateAndSync(), data, "TechnicallyPaused()");
    } finally {
      chain.econ2Admin().setTechnicalPausedGlobal(false);
    }
    BigInteger id = idOf("Sensor", subject);
    chain.econ2Admin().setTechnicalPaused(id, true);
    assertThat(
            client.callBool(
                e.machineStateAndSync(), encode("isTechnicalPaused(uint256)", new Uint256(id))))
        .isTrue();
    client.expectError(owner, e.machineStateAndSync(), data, "TechnicallyPaused()");
    chain.econ2Admin().setTechnicalPaused(id, false);
    client.send(owner, e.machineStateAndSync(), data);
    assertThat(status(id)).isEqualTo(1);
  }

  @Test
  void statusMovesThroughGraceRunoffAndTerminationWithBlockTime() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    byte[] subject = randomSubject();
    BigInteger id = activate(owner, "Clock", subject, 0);
    String sub =
        client.call(e.machineSubscription(), encode("subscriptions(uint256)", new Uint256(id)));
    long periodEnd = TestClient.word(sub, 2).longValueExact();
    assertThat(status(id)).isEqualTo(1);
    submitEvent(owner, id);
    setNextTimestamp(periodEnd);
    assertThat(status(id)).as("at periodEnd").isEqualTo(2);
    submitEvent(owner, id); // grace still accepts events
    setNextTimestamp(periodEnd + Econ2Defaults.GRACE_SECONDS);
    assertThat(status(id)).as("after grace").isEqualTo(3);
    String revert =
        client.expectError(
            owner, e.eventRegistry(), submitEventData(id), "SubscriptionNotEligible(uint8)");
    assertThat(TestClient.word(Numeric.cleanHexPrefix(revert).substring(8), 0))
        .isEqualTo(BigInteger.valueOf(3));
    // a renewal in runoff starts a new period now
    approve(owner, required(0));
    TransactionReceipt renewed =
        client.send(owner, e.machineSubscription(), encode("renew(uint256)", new Uint256(id)));
    assertThat(
            TestClient.logs(
                renewed,
                e.machineSubscription(),
                TestClient.topic("Renewed(uint256,address,uint8,uint256,uint64)")))
        .hasSize(1);
    assertThat(status(id)).isEqualTo(1);
    sub = client.call(e.machineSubscription(), encode("subscriptions(uint256)", new Uint256(id)));
    long newEnd = TestClient.word(sub, 2).longValueExact();
    setNextTimestamp(newEnd + Econ2Defaults.GRACE_SECONDS + Econ2Defaults.RUNOFF_SECONDS);
    assertThat(status(id)).as("after runoff").isEqualTo(4);
    approve(owner, required(0));
    client.expectError(
        owner,
        e.machineSubscription(),
        encode("renew(uint256)", new Uint256(id)),
        "AlreadyTerminated()");
  }

  @Test
  void eventsComeOnlyFromTheOwnerOrTheController() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    Credentials controller = client.newFundedWallet(1);
    Credentials stranger = client.newFundedWallet(1);
    byte[] subject = randomSubject();
    approve(owner, required(0));
    client.send(
        owner,
        e.machineStateAndSync(),
        Econ2Calls.activateMachine(
            Econ2Calls.document(controller.getAddress(), owner.getAddress()),
            "Sensor",
            subject,
            MANUFACTURER,
            0));
    BigInteger id = idOf("Sensor", subject);
    client.expectError(stranger, e.eventRegistry(), submitEventData(id), "NotOwnerOrController()");
    TransactionReceipt r = submitEvent(controller, id);
    TestClient.printGas("submitEvent 2.0 (revenue, USD, by the controller)", r);
    submitEvent(owner, id);
    assertThat(
            client.callUint(e.eventRegistry(), encode("getEventCount(uint256)", new Uint256(id))))
        .isEqualTo(BigInteger.TWO);
    client.expectError(
        owner,
        e.eventRegistry(),
        submitEventData(id.add(BigInteger.ONE)),
        "ERC721NonexistentToken(uint256)");
    // the 1.0 EventRegistry is untouched and still refuses a 2.0 machine id
    assertThat(
            client.revertOf(
                owner.getAddress(), c.eventRegistry(), submitEventData(id), BigInteger.ZERO))
        .hasValueSatisfying(
            rev -> assertThat(rev).startsWith(TestClient.selector("MachineNotFound()")));
  }

  @Test
  void didDocumentSettersFollowTheOwnerAndControllerRules() throws Exception {
    Credentials owner = client.newFundedWallet(1000);
    Credentials controller = client.newFundedWallet(1);
    Credentials stranger = client.newFundedWallet(1);
    byte[] subject = randomSubject();
    approve(owner, required(0));
    client.send(
        owner,
        e.machineStateAndSync(),
        Econ2Calls.activateMachine(
            Econ2Calls.document(controller.getAddress(), owner.getAddress()),
            "Sensor",
            subject,
            MANUFACTURER,
            0));
    BigInteger id = idOf("Sensor", subject);
    TransactionReceipt set =
        client.send(
            controller,
            e.machineRegistry(),
            Econ2Calls.setServiceEndpoints(id, "https://new.example"));
    assertThat(
            TestClient.logs(
                set, e.machineRegistry(), TestClient.topic("ServiceEndpointsUpdated(uint256)")))
        .hasSize(1);
    client.expectError(
        stranger,
        e.machineRegistry(),
        Econ2Calls.setServiceEndpoints(id, "https://evil.example"),
        "NotOwnerOrController()");
    client.expectError(
        controller,
        e.machineRegistry(),
        encode(
            "setController(uint256,address)", new Uint256(id), new Address(stranger.getAddress())),
        "NotMachineOwner()");
    client.expectError(
        owner,
        e.machineRegistry(),
        encode(
            "setAuthentication(uint256,uint256[])",
            new Uint256(id),
            new DynamicArray<>(Uint256.class, List.of(new Uint256(1)))),
        "InvalidAuthenticationIndex()");
    TransactionReceipt moved =
        client.send(
            owner,
            e.machineRegistry(),
            encode(
                "setController(uint256,address)",
                new Uint256(id),
                new Address(stranger.getAddress())));
    assertThat(
            TestClient.logs(
                moved,
                e.machineRegistry(),
                TestClient.topic("ControllerUpdated(uint256,address,address)")))
        .hasSize(1);
    client.expectError(
        controller,
        e.machineRegistry(),
        Econ2Calls.setServiceEndpoints(id, "https://old.example"),
        "NotOwnerOrController()");
    // suspend / resume by the new controller
    client.send(stranger, e.machineStateAndSync(), encode("suspend(uint256)", new Uint256(id)));
    assertThat(
            client.callBool(
                e.machineStateAndSync(), encode("isOperatorPaused(uint256)", new Uint256(id))))
        .isTrue();
    client.expectError(
        stranger,
        e.machineStateAndSync(),
        encode("suspend(uint256)", new Uint256(id)),
        "NotActive()");
    client.send(owner, e.machineStateAndSync(), encode("resume(uint256)", new Uint256(id)));
    client.expectError(
        owner,
        e.machineStateAndSync(),
        encode("resume(uint256)", new Uint256(id)),
        "NotSuspended()");
  }

  @Test
  void adminCallsAreOwnerOnlyAndAPriceOfZeroMakesQuotesFail() throws Exception {
    Credentials stranger = client.newFundedWallet(1);
    client.expectError(
        stranger,
        e.machineStateAndSync(),
        encode("setTechnicalPausedGlobal(bool)", new Bool(true)),
        "OwnableUnauthorizedAccount(address)");
    client.expectError(
        stranger,
        e.machineSubscription(),
        encode(
            "grantVoucher(address,uint256)",
            new Address(stranger.getAddress()),
            new Uint256(ONE_PEAQ)),
        "OwnableUnauthorizedAccount(address)");
    chain.econ2Admin().setPeaqUsdPrice(BigInteger.ZERO);
    try {
      assertThat(
              client.revertOf(
                  DevAccount.of(0).address(),
                  e.machineSubscription(),
                  encode("requiredPeaqAmount(uint8)", new Uint8(0)),
                  BigInteger.ZERO))
          .hasValueSatisfying(
              r -> assertThat(r).startsWith(TestClient.selector("PriceNotAvailable()")));
    } finally {
      chain.econ2Admin().setPeaqUsdPrice(Econ2Defaults.PEAQ_USD_E8);
    }
    chain.econ2Admin().setPeaqUsdPrice(BigInteger.valueOf(3)); // 3e-8 USD: the quote rounds up
    try {
      assertThat(required(0))
          .isEqualTo(
              new BigInteger("100000000")
                  .multiply(ONE_PEAQ)
                  .add(BigInteger.TWO)
                  .divide(BigInteger.valueOf(3)));
    } finally {
      chain.econ2Admin().setPeaqUsdPrice(Econ2Defaults.PEAQ_USD_E8);
    }
  }

  // ---- helpers ----

  static BigInteger activate(Credentials owner, String type, byte[] subject, int tier)
      throws Exception {
    approve(owner, required(tier));
    client.send(
        owner,
        e.machineStateAndSync(),
        Econ2Calls.activateMachine(
            Econ2Calls.document(owner.getAddress(), owner.getAddress()),
            type,
            subject,
            MANUFACTURER,
            tier));
    return idOf(type, subject);
  }

  static void approve(Credentials owner, BigInteger amount) throws Exception {
    client.send(
        owner,
        Econ2Contracts.PEAQ_TOKEN_ADDRESS,
        encode(
            "approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(amount)));
  }

  static TransactionReceipt submitEvent(Credentials from, BigInteger id) throws Exception {
    return client.send(from, e.eventRegistry(), submitEventData(id));
  }

  static String submitEventData(BigInteger id) throws Exception {
    BigInteger now =
        chain
            .web3j()
            .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
            .send()
            .getBlock()
            .getTimestamp();
    return encode(
        "submitEvent(uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes)",
        new Uint256(id),
        new Uint8(0),
        new Uint256(1234),
        new Utf8String("USD"),
        new Uint256(now),
        new Bytes32(new byte[32]),
        new Uint8(0),
        new Uint256(33380),
        new Bytes32(new byte[32]),
        new DynamicBytes(new byte[0]));
  }

  static BigInteger required(int tier) throws Exception {
    return client.callUint(
        e.machineSubscription(), encode("requiredPeaqAmount(uint8)", new Uint8(tier)));
  }

  static int status(BigInteger id) throws Exception {
    return client
        .callUint(e.machineSubscription(), encode("subscriptionStatus(uint256)", new Uint256(id)))
        .intValueExact();
  }

  static BigInteger idOf(String type, byte[] subject) throws Exception {
    return client.callUint(
        e.machineRegistry(),
        encode("computeTokenId(string,bytes)", new Utf8String(type), new DynamicBytes(subject)));
  }

  static BigInteger allowance(String owner) throws Exception {
    return client.callUint(
        Econ2Contracts.PEAQ_TOKEN_ADDRESS,
        encode(
            "allowance(address,address)",
            new Address(owner),
            new Address(e.machineSubscription())));
  }

  static BigInteger tokenBalance(String owner) throws Exception {
    return client.callUint(
        Econ2Contracts.PEAQ_TOKEN_ADDRESS, encode("balanceOf(address)", new Address(owner)));
  }

  static BigInteger nativeBalance(String address) throws Exception {
    return chain
        .web3j()
        .ethGetBalance(address, DefaultBlockParameterName.LATEST)
        .send()
        .getBalance();
  }

  static BigInteger fee(TransactionReceipt r) {
    return r.getGasUsed().multiply(Numeric.decodeQuantity(r.getEffectiveGasPrice()));
  }

  static byte[] randomSubject() {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  /** Mines a block at {@code timestamp} (later than now), so that views see the new time. */
  static void setNextTimestamp(long timestamp) throws Exception {
    HttpService http = new HttpService(chain.rpcUrl());
    new Request<>("evm_setNextBlockTimestamp", List.of(timestamp), http, VoidResponse.class).send();
    new Request<>("evm_mine", List.of(), http, VoidResponse.class).send();
  }

  static String decodeString(String hex) {
    String h = Numeric.cleanHexPrefix(hex);
    int len = new BigInteger(h.substring(64, 128), 16).intValueExact();
    return new String(
        Arrays.copyOfRange(Numeric.hexStringToByteArray(h.substring(128)), 0, len),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
