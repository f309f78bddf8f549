package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

class BatchEmulationTest extends DevnetTestBase {
  private static final String SUCCEEDED =
      "0xbf855484633929c3d6688eb3caf8eff910fb4bef030a8d7dbc9390d26759714d";
  private static final String FAILED =
      "0xdbc5d06f4f877f959b1ff12d2161cdd693fa8e442ee53f1790b2804b24881f05";

  private static String batch(
      String fn, List<String> to, List<BigInteger> values, List<String> calls, List<Long> gas) {
    return encode(
        fn,
        new DynamicArray<>(Address.class, to.stream().map(Address::new).toList()),
        new DynamicArray<>(Uint256.class, values.stream().map(Uint256::new).toList()),
        new DynamicArray<>(
            DynamicBytes.class,
            calls.stream().map(h -> new DynamicBytes(Numeric.hexStringToByteArray(h))).toList()),
        new DynamicArray<>(Uint64.class, gas.stream().map(Uint64::new).toList()));
  }

  private static String didBatch(String fn, List<String> calls) {
    return batch(
        fn, calls.stream().map(x -> c.didRegistry()).toList(), List.of(), calls, List.of());
  }

  private static boolean hasAttribute(String account, String name) throws Exception {
    return client
        .revertOf(account, c.didRegistry(), Did.read(account, name), BigInteger.ZERO)
        .isEmpty();
  }

  private static List<BigInteger> indexes(TransactionReceipt r, String topic) {
    return TestClient.logs(r, c.batchPrecompile(), topic).stream()
        .map(l -> Numeric.toBigInt(l.getData()))
        .toList();
  }

  @Test
  void sixDidWritesInOneBatchAllLandUnderTheSignersDid() throws Exception {
    Credentials machine = client.newFundedWallet(1);
    String me = machine.getAddress();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("machineId", "7");
    attrs.put("nftTokenId", "3");
    attrs.put("operator", "did:peaq:0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    attrs.put("documentation_url", "https://example.org/docs");
    attrs.put("data_api", "https://example.org/api");
    attrs.put("data_visibility", "public");
    List<String> calls = new ArrayList<>();
    attrs.forEach((k, v) -> calls.add(Did.add(me, k, v)));
    // value and gasLimit arrays left empty: padded with 0 and "all remaining gas"
    TransactionReceipt r = client.send(machine, c.batchPrecompile(), didBatch("batchAll", calls));
    TestClient.printGas("batchAll of six DID attributes", r);
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      assertThat(Did.decode(client.call(c.didRegistry(), Did.read(me, e.getKey()))).text())
          .isEqualTo(e.getValue());
    }
    assertThat(indexes(r, SUCCEEDED))
        .containsExactly(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            BigInteger.valueOf(3),
            BigInteger.valueOf(4),
            BigInteger.valueOf(5));
    List<Log> adds = TestClient.logs(r, c.didRegistry(), Did.ADD_TOPIC);
    assertThat(adds)
        .hasSize(6)
        .allSatisfy(
            l ->
                assertThat(
                        TestClient.topicAddress(
                            "0x" + Numeric.cleanHexPrefix(l.getData()).substring(0, 64)))
                    .isEqualTo(me));
    // nothing landed under the batch address itself
    assertThat(hasAttribute(c.batchPrecompile(), "machineId")).isFalse();
  }

  @Test
  void batchAllRevertsEverythingOnOneFailure() throws Exception {
    Credentials w = client.newFundedWallet(1);
    String me = w.getAddress();
    client.send(w, c.didRegistry(), Did.add(me, "taken", "x"));
    String data =
        didBatch(
            "batchAll",
            List.of(Did.add(me, "a", "1"), Did.add(me, "taken", "y"), Did.add(me, "b", "2")));
    client.expectMessage(w, c.batchPrecompile(), data, "AttributeAlreadyExist");
    assertThat(hasAttribute(me, "a")).isFalse();
    assertThat(hasAttribute(me, "b")).isFalse();
  }

  @Test
  void batchSomeGoesOnAfterAFailure() throws Exception {
    Credentials w = client.newFundedWallet(1);
    String me = w.getAddress();
    client.send(w, c.didRegistry(), Did.add(me, "taken", "x"));
    TransactionReceipt r =
        client.send(
            w,
            c.batchPrecompile(),
            didBatch(
                "batchSome",
                List.of(Did.add(me, "a", "1"), Did.add(me, "taken", "y"), Did.add(me, "b", "2"))));
    assertThat(hasAttribute(me, "a")).isTrue();
    assertThat(hasAttribute(me, "b")).isTrue();
    assertThat(indexes(r, SUCCEEDED)).containsExactly(BigInteger.ZERO, BigInteger.TWO);
    assertThat(indexes(r, FAILED)).containsExactly(BigInteger.ONE);
  }

  @Test
  void batchSomeUntilFailureStopsAtTheFirstFailure() throws Exception {
    Credentials w = client.newFundedWallet(1);
    String me = w.getAddress();
    client.send(w, c.didRegistry(), Did.add(me, "taken", "x"));
    TransactionReceipt r =
        client.send(
            w,
            c.batchPrecompile(),
            didBatch(
                "batchSomeUntilFailure",
                List.of(Did.add(me, "a", "1"), Did.add(me, "taken", "y"), Did.add(me, "b", "2"))));
    assertThat(r.isStatusOK()).isTrue();
    assertThat(hasAttribute(me, "a")).isTrue();
    assertThat(hasAttribute(me, "b")).isFalse();
    assertThat(indexes(r, SUCCEEDED)).containsExactly(BigInteger.ZERO);
    assertThat(indexes(r, FAILED)).containsExactly(BigInteger.ONE);
  }

  @Test
  void subcallsRunAsTheSignerWithForwardedValue() throws Exception {
    // register() through the batch: the registry sees the signer, and the bond comes from msg.value
    Credentials w = client.newFundedWallet(5);
    String data =
        batch(
            "batchAll",
            List.of(c.identityRegistry()),
            List.of(ONE_PEAQ),
            List.of(encode("register")),
            List.of());
    client.send(w, c.batchPrecompile(), data, ONE_PEAQ);
    BigInteger id = machineIdOf(w.getAddress());
    assertThat(id).isPositive();
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(id))))
        .isEqualTo(w.getAddress());
    assertThat(
            client
                .web3j
                .ethGetBalance(c.batchPrecompile(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isZero();
  }

  @Test
  void unspentValueGoesBackToTheSigner() throws Exception {
    Credentials w = client.newFundedWallet(5);
    String payee = client.newFundedWallet(0).getAddress();
    // subcall 0 pays 1 PEAQ to an EOA, subcall 1 (register with a wrong bond) fails and keeps
    // nothing
    String data =
        batch(
            "batchSome",
            List.of(payee, c.identityRegistry()),
            List.of(ONE_PEAQ, ONE_PEAQ.divide(BigInteger.TWO)),
            List.of("0x", encode("register")),
            List.of());
    TransactionReceipt r =
        client.send(w, c.batchPrecompile(), data, ONE_PEAQ.multiply(BigInteger.TWO));
    assertThat(indexes(r, FAILED)).containsExactly(BigInteger.ONE);
    assertThat(
            client.web3j.ethGetBalance(payee, DefaultBlockParameterName.LATEST).send().getBalance())
        .isEqualTo(ONE_PEAQ);
    assertThat(
            client
                .web3j
                .ethGetBalance(c.batchPrecompile(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isZero();
    BigInteger fee = r.getGasUsed().multiply(TestClient.GAS_PRICE);
    assertThat(
            client
                .web3j
                .ethGetBalance(w.getAddress(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isEqualTo(ONE_PEAQ.multiply(BigInteger.valueOf(4)).subtract(fee));
  }

  @Test
  void aTooSmallGasLimitFailsTheSubcall() throws Exception {
    Credentials w = client.newFundedWallet(1);
    String me = w.getAddress();
    String data =
        batch(
            "batchSome",
            List.of(c.didRegistry(), c.didRegistry()),
            List.of(),
            List.of(Did.add(me, "starved", "1"), Did.add(me, "fed", "2")),
            List.of(5_000L, 0L));
    TransactionReceipt r = client.send(w, c.batchPrecompile(), data);
    assertThat(indexes(r, FAILED)).containsExactly(BigInteger.ZERO);
    assertThat(hasAttribute(me, "starved")).isFalse();
    assertThat(hasAttribute(me, "fed")).isTrue();
  }

  @Test
  void contractsCannotCallTheBatch() throws Exception {
    Credentials w = client.newFundedWallet(1);
    String inner = didBatch("batchAll", List.of(Did.add(w.getAddress(), "x", "1")));
    String outer =
        batch("batchAll", List.of(c.batchPrecompile()), List.of(), List.of(inner), List.of());
    client.expectMessage(w, c.batchPrecompile(), outer, "Function not callable by smart contracts");
  }

  @Test
  void moreThan512SubcallsRevert() throws Exception {
    Credentials w = client.newFundedWallet(1);
    List<String> to = new ArrayList<>();
    for (int i = 0; i < 513; i++) to.add(w.getAddress());
    client.expectMessage(
        w,
        c.batchPrecompile(),
        batch("batchSome", to, List.of(), List.of(), List.of()),
        "Value is too large for length");
  }

  @Test
  void selectorsAreTheRealOnes() {
    assertThat(TestClient.selector("batchAll(address[],uint256[],bytes[],uint64[])"))
        .isEqualTo("0x96e292b8");
    assertThat(TestClient.selector("batchSome(address[],uint256[],bytes[],uint64[])"))
        .isEqualTo("0x79df4b9c");
    assertThat(TestClient.selector("batchSomeUntilFailure(address[],uint256[],bytes[],uint64[])"))
        .isEqualTo("0xcf0491c7");
    assertThat(TestClient.topic("SubcallSucceeded(uint256)")).isEqualTo(SUCCEEDED);
    assertThat(TestClient.topic("SubcallFailed(uint256)")).isEqualTo(FAILED);
  }
}
