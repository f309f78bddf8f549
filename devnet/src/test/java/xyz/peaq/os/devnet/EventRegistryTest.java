package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import xyz.peaq.os.contracts.ContractArtifacts;

class EventRegistryTest extends DevnetTestBase {
  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static Credentials wallet;
  private static BigInteger machineId;

  @BeforeAll
  static void machine() throws Exception {
    wallet = registeredWallet();
    machineId = machineIdOf(wallet.getAddress());
  }

  private static BigInteger now() throws Exception {
    return client
        .web3j
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getTimestamp();
  }

  static String submit(
      BigInteger machineId,
      int eventType,
      long value,
      String currency,
      BigInteger timestamp,
      int trustLevel,
      byte[] metadata) {
    return encode(
        "submitEvent",
        new Uint256(machineId),
        new Uint8(eventType),
        new Uint256(value),
        new Utf8String(currency),
        new Uint256(timestamp),
        new Bytes32(Hash.sha3("raw".getBytes(StandardCharsets.UTF_8))),
        new Uint8(trustLevel),
        new Uint256(3338),
        new Bytes32(new byte[32]),
        new DynamicBytes(metadata));
  }

  private static String revenue(String currency) throws Exception {
    return submit(machineId, 0, 1234, currency, now(), 0, new byte[0]);
  }

  @Test
  void submitEventHasTheRealSelector() {
    assertThat(submit(BigInteger.ONE, 0, 0, "USD", BigInteger.ONE, 0, new byte[0]))
        .startsWith("0xe58a43ca");
  }

  @Test
  void machineWalletSubmitsRevenueAndActivityStoredPerMachine() throws Exception {
    Credentials w = registeredWallet();
    BigInteger id = machineIdOf(w.getAddress());
    BigInteger total = client.callUint(c.eventRegistry(), encode("totalEventCount"));
    BigInteger ts = now();
    TransactionReceipt r =
        client.send(
            w,
            c.eventRegistry(),
            submit(id, 0, 1500, "USD", ts, 1, "meta".getBytes(StandardCharsets.UTF_8)));
    client.send(w, c.eventRegistry(), submit(id, 1, 0, "", ts, 2, new byte[0]));
    TestClient.printGas("submitEvent", r);

    assertThat(client.callUint(c.eventRegistry(), encode("getEventCount", new Uint256(id))))
        .isEqualTo(2);
    assertThat(client.callUint(c.eventRegistry(), encode("totalEventCount")))
        .isEqualTo(total.add(BigInteger.TWO));
    String first =
        client.call(c.eventRegistry(), encode("getEventAt", new Uint256(id), new Uint256(0)));
    // tuple at word 1: machineId, eventType, value, timestamp, dataHash, trustLevel, sourceChainId,
    // ...
    assertThat(TestClient.word(first, 1)).isEqualTo(id);
    assertThat(TestClient.word(first, 2)).isEqualTo(0);
    assertThat(TestClient.word(first, 3)).isEqualTo(1500);
    assertThat(TestClient.word(first, 4)).isEqualTo(ts);
    assertThat(TestClient.word(first, 5))
        .isEqualTo(Numeric.toBigInt(Hash.sha3("raw".getBytes(StandardCharsets.UTF_8))));
    assertThat(TestClient.word(first, 6)).isEqualTo(1);
    assertThat(TestClient.word(first, 7)).isEqualTo(3338);
    assertThat(first).contains(Numeric.toHexStringNoPrefix("USD".getBytes(StandardCharsets.UTF_8)));
    String page =
        client.call(
            c.eventRegistry(),
            encode("getEvents", new Uint256(id), new Uint256(0), new Uint256(10)));
    assertThat(TestClient.word(page, 1)).as("page length").isEqualTo(2);
    String tail =
        client.call(
            c.eventRegistry(),
            encode("getEvents", new Uint256(id), new Uint256(1), new Uint256(10)));
    assertThat(TestClient.word(tail, 1)).isEqualTo(1);
    String empty =
        client.call(
            c.eventRegistry(),
            encode("getEvents", new Uint256(id), new Uint256(2), new Uint256(10)));
    assertThat(TestClient.word(empty, 1)).isZero();

    List<Log> logs =
        TestClient.logs(
            r,
            c.eventRegistry(),
            TestClient.topic("EventSubmitted(uint256,uint256,uint8,uint256,string)"));
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).getTopics()).hasSize(4);
    assertThat(Numeric.toBigInt(logs.get(0).getTopics().get(1))).isEqualTo(id);
    assertThat(Numeric.toBigInt(logs.get(0).getTopics().get(2))).isZero();
    assertThat(logs.get(0).getTopics().get(3)).isEqualTo(Hash.sha3String("USD"));
  }

  @Test
  void operatorSubmitsForItsMachine() throws Exception {
    Credentials operator = registeredWallet();
    Credentials machine = client.newFundedWallet(0);
    registerFor(operator, machine.getAddress());
    BigInteger id = machineIdOf(machine.getAddress());
    client.send(operator, c.eventRegistry(), submit(id, 0, 10, "EUR", now(), 0, new byte[0]));
    assertThat(client.callUint(c.eventRegistry(), encode("getEventCount", new Uint256(id))))
        .isEqualTo(1);
  }

  @Test
  void unauthorisedSenderReverts() throws Exception {
    Credentials stranger = registeredWallet();
    client.expectError(stranger, c.eventRegistry(), revenue("USD"), "NotAuthorizedSubmitter()");
    Credentials unregistered = client.newFundedWallet(1);
    client.expectError(unregistered, c.eventRegistry(), revenue("USD"), "NotAuthorizedSubmitter()");
  }

  @Test
  void unknownMachineReverts() throws Exception {
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(BigInteger.valueOf(987654), 0, 1, "USD", now(), 0, new byte[0]),
        "MachineNotFound()");
  }

  @Test
  void unbondedMachineReverts() throws Exception {
    Credentials owner = client.dev(0);
    String emptyStaking =
        client.deployProxy(
            owner,
            ContractArtifacts.identityStaking(),
            encode("initialize", new Address(ZERO), new Address(owner.getAddress())));
    String events =
        client.deployProxy(
            owner,
            ContractArtifacts.eventRegistry(),
            encode(
                "initialize",
                new Address(c.identityRegistry()),
                new Address(emptyStaking),
                new Address(owner.getAddress())));
    client.expectError(wallet, events, revenue("USD"), "MachineNotBonded()");
    assertThat(client.callUint(events, encode("getEventCount", new Uint256(machineId)))).isZero();
  }

  @Test
  void deactivatedMachineReverts() throws Exception {
    Credentials w = registeredWallet();
    BigInteger id = machineIdOf(w.getAddress());
    client.send(client.dev(0), c.identityRegistry(), encode("deactivateMachine", new Uint256(id)));
    client.expectError(
        w,
        c.eventRegistry(),
        submit(id, 0, 1, "USD", now(), 0, new byte[0]),
        "MachineDeactivated()");
    client.send(w, c.identityRegistry(), encode("reactivateMachine", new Uint256(id)));
    client.send(w, c.eventRegistry(), submit(id, 0, 1, "USD", now(), 0, new byte[0]));
  }

  @Test
  void eventTypeAboveOneReverts() throws Exception {
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(machineId, 2, 1, "", now(), 0, new byte[0]),
        "InvalidEventType()");
  }

  @Test
  void trustLevelAboveTwoReverts() throws Exception {
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(machineId, 0, 1, "USD", now(), 3, new byte[0]),
        "InvalidTrustLevel()");
  }

  @Test
  void futureTimestampReverts() throws Exception {
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(machineId, 0, 1, "USD", now().add(BigInteger.valueOf(3600)), 0, new byte[0]),
        "FutureTimestamp()");
  }

  @Test
  void currencyShapeIsEnforced() throws Exception {
    for (String bad : List.of("", "US", "usd", "US-D", "ABCDEFGHIJK", "US D")) {
      client.expectError(wallet, c.eventRegistry(), revenue(bad), "InvalidCurrencyShape()");
    }
    // activity events carry no currency
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(machineId, 1, 0, "USD", now(), 0, new byte[0]),
        "InvalidCurrencyShape()");
    for (String good : List.of("USD", "JPY", "ABCDEFGHIJ", "USDT0")) {
      client.send(wallet, c.eventRegistry(), revenue(good));
    }
  }

  @Test
  void metadataAbove4096BytesReverts() throws Exception {
    client.expectError(
        wallet,
        c.eventRegistry(),
        submit(machineId, 0, 1, "USD", now(), 0, new byte[4097]),
        "MetadataTooLarge()");
    client.send(
        wallet, c.eventRegistry(), submit(machineId, 0, 1, "USD", now(), 0, new byte[4096]));
  }

  @Test
  void readsOutOfBoundsRevert() throws Exception {
    Credentials w = registeredWallet();
    BigInteger id = machineIdOf(w.getAddress());
    assertThat(
            client.revertOf(
                w.getAddress(),
                c.eventRegistry(),
                encode("getEventAt", new Uint256(id), new Uint256(0)),
                BigInteger.ZERO))
        .hasValueSatisfying(
            d -> assertThat(d).startsWith(TestClient.selector("OffsetOutOfBounds()")));
    assertThat(
            client.revertOf(
                w.getAddress(),
                c.eventRegistry(),
                encode("getEvents", new Uint256(id), new Uint256(1), new Uint256(5)),
                BigInteger.ZERO))
        .hasValueSatisfying(
            d -> assertThat(d).startsWith(TestClient.selector("OffsetOutOfBounds()")));
  }

  @Test
  void pointsAtTheIdentityContracts() throws Exception {
    assertThat(client.callAddress(c.eventRegistry(), encode("identityRegistryAddress")))
        .isEqualToIgnoringCase(c.identityRegistry());
    assertThat(client.callAddress(c.eventRegistry(), encode("identityStakingAddress")))
        .isEqualToIgnoringCase(c.identityStaking());
    assertThat(client.callUint(c.eventRegistry(), encode("MAX_METADATA_SIZE"))).isEqualTo(4096);
  }
}
