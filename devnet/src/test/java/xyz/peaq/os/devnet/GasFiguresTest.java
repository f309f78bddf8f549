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
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Gas used by the onboarding operations on a fresh devnet, from their receipts, with anvil's dev
 * accounts so the figures repeat run after run. Printed, not asserted (beyond success).
 */
class GasFiguresTest extends DevnetTestBase {
  @Test
  void printGasOfTheOnboardingOperations() throws Exception {
    Credentials operator = client.dev(1);
    String machine = DevAccount.of(2).address();
    Map<String, TransactionReceipt> receipts = new LinkedHashMap<>();

    receipts.put(
        "register()", client.send(operator, c.identityRegistry(), encode("register"), ONE_PEAQ));
    receipts.put(
        "registerFor(machine)",
        client.send(
            operator, c.identityRegistry(), encode("registerFor", new Address(machine)), ONE_PEAQ));
    receipts.put(
        "MachineNFT.mint (first token)",
        client.send(
            operator,
            c.machineNft(),
            encode("mint", new Uint256(1), new Address(operator.getAddress()))));

    String me = operator.getAddress();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("machineId", "1");
    attrs.put("nftTokenId", "1");
    // Self-managed, as the official SDK 0.11.2 and this SDK write it: an empty operator.
    attrs.put("operator", "");
    attrs.put("documentation_url", "https://example.org/docs");
    attrs.put("data_api", "https://example.org/api");
    attrs.put("data_visibility", "public");
    List<DynamicBytes> calls = new ArrayList<>();
    List<Address> to = new ArrayList<>();
    List<Uint256> values = new ArrayList<>();
    List<Uint64> gas = new ArrayList<>();
    attrs.forEach(
        (k, v) -> {
          calls.add(new DynamicBytes(Numeric.hexStringToByteArray(Did.add(me, k, v))));
          to.add(new Address(c.didRegistry()));
          values.add(new Uint256(0));
          gas.add(new Uint64(0));
        });
    receipts.put(
        "batchAll of six DID attributes",
        client.send(
            operator,
            c.batchPrecompile(),
            encode(
                "batchAll",
                new DynamicArray<>(Address.class, to),
                new DynamicArray<>(Uint256.class, values),
                new DynamicArray<>(DynamicBytes.class, calls),
                new DynamicArray<>(Uint64.class, gas))));

    BigInteger now =
        client
            .web3j
            .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
            .send()
            .getBlock()
            .getTimestamp();
    receipts.put(
        "submitEvent (revenue, USD, no metadata)",
        client.send(
            operator,
            c.eventRegistry(),
            EventRegistryTest.submit(BigInteger.ONE, 0, 1500, "USD", now, 0, new byte[0])));

    receipts.forEach(
        (what, r) -> {
          assertThat(r.isStatusOK()).isTrue();
          TestClient.printGas(what, r);
        });
    // One self-managed activation: register, the first mint, the six DID attributes. The SDK's
    // ActivationGasTest sends the same through the SDK beside the official SDK's calls and
    // compares.
    System.out.println(
        "GAS per self-managed activation (register + mint + six DID attributes): "
            + receipts
                .get("register()")
                .getGasUsed()
                .add(receipts.get("MachineNFT.mint (first token)").getGasUsed())
                .add(receipts.get("batchAll of six DID attributes").getGasUsed()));
  }

  /**
   * Economics 2.0 on the same fresh devnet, dev accounts 4 to 6, fixed ids (the figures repeat).
   */
  @Test
  void printGasOfTheEcon2Activation() throws Exception {
    Econ2Contracts e = chain.econ2();
    Map<String, TransactionReceipt> receipts = new LinkedHashMap<>();
    BigInteger bond =
        client.callUint(
            e.machineSubscription(), Econ2Calls.encode("requiredPeaqAmount(uint8)", new Uint8(0)));
    for (int i = 4; i <= 5; i++) {
      Credentials owner = client.dev(i);
      String which = i == 4 ? "first machine" : "second machine";
      receipts.put(
          "approve of the net bond on 0x0809 (" + which + ")",
          client.send(
              owner,
              Econ2Contracts.PEAQ_TOKEN_ADDRESS,
              Econ2Calls.encode(
                  "approve(address,uint256)",
                  new Address(e.machineSubscription()),
                  new Uint256(bond))));
      receipts.put(
          "activateMachine, net bond paid after approval (" + which + ")",
          client.send(
              owner,
              e.machineStateAndSync(),
              Econ2Calls.activateMachine(
                  Econ2Calls.document(owner.getAddress(), owner.getAddress()),
                  "Sensor",
                  new byte[] {(byte) i},
                  owner.getAddress(),
                  0)));
    }
    Credentials covered = client.dev(6);
    chain.econ2Admin().grantVoucher(covered.getAddress(), bond);
    receipts.put(
        "activateMachine, bond covered by a voucher, no approval",
        client.send(
            covered,
            e.machineStateAndSync(),
            Econ2Calls.activateMachine(
                Econ2Calls.document(covered.getAddress(), covered.getAddress()),
                "Sensor",
                new byte[] {6},
                covered.getAddress(),
                0)));
    receipts.forEach(
        (what, r) -> {
          assertThat(r.isStatusOK()).isTrue();
          TestClient.printGas(what, r);
        });
  }
}
