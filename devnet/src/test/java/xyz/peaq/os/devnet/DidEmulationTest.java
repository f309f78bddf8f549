package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The DID emulation at 0x…0800 of a new devnet, which keeps its attributes in a {@code
 * DidAttributeStore}; {@link DidEmulationInPlaceTest} runs every test again on the layout of a
 * devnet made before, attributes in the emulation's own storage.
 */
class DidEmulationTest extends DevnetTestBase {
  private static final long NO_EXPIRY = 4294967295L;

  /** Where the emulation under test is installed. */
  String did() {
    return c.didRegistry();
  }

  private Did.Attribute read(String account, String name) throws Exception {
    return Did.decode(client.call(did(), Did.read(account, name)));
  }

  private static BigInteger blockTimestamp(TransactionReceipt r) throws Exception {
    return client
        .web3j
        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(r.getBlockNumber()), false)
        .send()
        .getBlock()
        .getTimestamp();
  }

  @Test
  void addReadUpdateRemove() throws Exception {
    Credentials me = client.newFundedWallet(1);
    String account = me.getAddress();
    TransactionReceipt added = client.send(me, did(), Did.add(account, "machineId", "42"));
    Did.Attribute a = read(account, "machineId");
    assertThat(a.name()).isEqualTo("machineId");
    assertThat(a.text()).isEqualTo("42");
    assertThat(a.validity()).isEqualTo(NO_EXPIRY);
    assertThat(a.created()).isEqualTo(blockTimestamp(added).multiply(BigInteger.valueOf(1000)));

    // events: topic0 only, everything in data, as the real precompile emits them
    List<Log> addLogs = TestClient.logs(added, did(), Did.ADD_TOPIC);
    assertThat(addLogs).hasSize(1);
    assertThat(addLogs.get(0).getTopics()).hasSize(1);
    assertThat(
            TestClient.topicAddress(
                "0x" + Numeric.cleanHexPrefix(addLogs.get(0).getData()).substring(0, 64)))
        .isEqualTo(account);
    assertThat(
            TestClient.topicAddress(
                "0x" + Numeric.cleanHexPrefix(addLogs.get(0).getData()).substring(64, 128)))
        .isEqualTo(account);

    TransactionReceipt updated = client.send(me, did(), Did.update(account, "machineId", "43", 0));
    assertThat(read(account, "machineId").text()).isEqualTo("43");
    assertThat(TestClient.logs(updated, did(), Did.UPDATE_TOPIC))
        .singleElement()
        .satisfies(l -> assertThat(l.getTopics()).hasSize(1));

    TransactionReceipt removed = client.send(me, did(), Did.remove(account, "machineId"));
    // the node's topic (with its typo), one topic, (didAccount, name) in data
    assertThat(TestClient.logs(removed, did(), Did.REMOVE_TOPIC))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getTopics()).hasSize(1);
              assertThat(
                      TestClient.topicAddress(
                          "0x" + Numeric.cleanHexPrefix(l.getData()).substring(0, 64)))
                  .isEqualTo(account);
              assertThat(l.getData()).contains(Numeric.toHexStringNoPrefix(Did.utf8("machineId")));
            });
    assertThat(TestClient.logs(removed, did(), Did.REMOVE_TOPIC_BY_ABI)).isEmpty();
    client.expectMessage(me, did(), Did.read(account, "machineId"), "Cannot find the item");
    // once removed it can be added again
    client.send(me, did(), Did.add(account, "machineId", "44"));
    assertThat(read(account, "machineId").text()).isEqualTo("44");
  }

  @Test
  void eventTopicsAreTheRealPrecompileOnes() {
    assertThat(TestClient.topic("AddAttribute(address,address,bytes,bytes,uint32)"))
        .isEqualTo(Did.ADD_TOPIC);
    assertThat(TestClient.topic("UpdateAttribute(address,address,bytes,bytes,uint32)"))
        .isEqualTo(Did.UPDATE_TOPIC);
    assertThat(TestClient.topic("RemoveAttribute(address,bytes)"))
        .isEqualTo(Did.REMOVE_TOPIC_BY_ABI);
    assertThat(Did.REMOVE_TOPIC).isNotEqualTo(Did.REMOVE_TOPIC_BY_ABI);
    assertThat(TestClient.selector("readAttribute(address,bytes)")).isEqualTo("0xb2028b7d");
    assertThat(TestClient.selector("addAttribute(address,bytes,bytes,uint32)"))
        .isEqualTo("0xcc4a70ca");
    assertThat(TestClient.selector("updateAttribute(address,bytes,bytes,uint32)"))
        .isEqualTo("0x68b4b2c1");
    assertThat(TestClient.selector("removeAttribute(address,bytes)")).isEqualTo("0xe8a81690");
  }

  @Test
  void addingAnExistingNameReverts() throws Exception {
    Credentials me = client.newFundedWallet(1);
    client.send(me, did(), Did.add(me.getAddress(), "data_api", "https://a"));
    client.expectMessage(
        me, did(), Did.add(me.getAddress(), "data_api", "https://b"), "AttributeAlreadyExist");
    assertThat(read(me.getAddress(), "data_api").text()).isEqualTo("https://a");
  }

  @Test
  void updateAndRemoveByANonOwnerRevert() throws Exception {
    Credentials owner = client.newFundedWallet(1);
    Credentials other = client.newFundedWallet(1);
    client.send(owner, did(), Did.add(owner.getAddress(), "operator", "did:peaq:0x1"));
    client.expectMessage(
        other,
        did(),
        Did.update(owner.getAddress(), "operator", "did:peaq:0x2", 0),
        "AttributeAuthorizationFailed");
    client.expectMessage(
        other, did(), Did.remove(owner.getAddress(), "operator"), "AttributeAuthorizationFailed");
    assertThat(read(owner.getAddress(), "operator").text()).isEqualTo("did:peaq:0x1");
  }

  @Test
  void updateOrRemoveOfAMissingNameReverts() throws Exception {
    Credentials me = client.newFundedWallet(1);
    client.expectMessage(
        me, did(), Did.update(me.getAddress(), "nothing", "x", 0), "AttributeNotFound");
    client.expectMessage(me, did(), Did.remove(me.getAddress(), "nothing"), "AttributeNotFound");
  }

  @Test
  void readingAnAbsentAttributeReverts() throws Exception {
    Credentials me = client.newFundedWallet(1);
    client.expectMessage(me, did(), Did.read(me.getAddress(), "absent"), "Cannot find the item");
  }

  @Test
  void callerMustBeTheDidAccount() throws Exception {
    Credentials me = client.newFundedWallet(1);
    String someoneElse = client.newFundedWallet(0).getAddress();
    client.expectMessage(
        me, did(), Did.add(someoneElse, "machineId", "1"), "msg.sender != didAccount");
    client.expectMessage(me, did(), Did.read(someoneElse, "machineId"), "Cannot find the item");
  }

  @Test
  void nameLimitIs64Bytes() throws Exception {
    Credentials me = client.newFundedWallet(1);
    String name64 = "n".repeat(64);
    client.send(me, did(), Did.add(me.getAddress(), name64, "v"));
    assertThat(read(me.getAddress(), name64).name()).isEqualTo(name64);
    client.expectMessage(
        me, did(), Did.add(me.getAddress(), "n".repeat(65), "v"), "AttributeNameExceedMax64");
    client.expectMessage(
        me, did(), Did.remove(me.getAddress(), "n".repeat(65)), "AttributeNameExceedMax64");
    client.expectMessage(
        me, did(), Did.add(me.getAddress(), "n".repeat(2561), "v"), "Name too long");
  }

  @Test
  void valueLimitIs2560Bytes() throws Exception {
    Credentials me = client.newFundedWallet(1);
    client.send(me, did(), Did.add(me.getAddress(), "big", new byte[2560], 0));
    assertThat(read(me.getAddress(), "big").value()).hasSize(2560);
    client.expectMessage(
        me, did(), Did.add(me.getAddress(), "bigger", new byte[2561], 0), "Value too long");
    client.expectMessage(
        me, did(), Did.update(me.getAddress(), "big", "x".repeat(2561), 0), "Value too long");
  }

  @Test
  void validityIsCountedInBlocks() throws Exception {
    Credentials me = client.newFundedWallet(1);
    TransactionReceipt r =
        client.send(me, did(), Did.add(me.getAddress(), "short", Did.utf8("v"), 100));
    assertThat(read(me.getAddress(), "short").validity())
        .isEqualTo(r.getBlockNumber().longValueExact() + 100);
    TransactionReceipt u = client.send(me, did(), Did.update(me.getAddress(), "short", "w", 0));
    assertThat(read(me.getAddress(), "short").validity()).isEqualTo(NO_EXPIRY);
    assertThat(u.isStatusOK()).isTrue();
    client.expectMessage(
        me,
        did(),
        Did.add(me.getAddress(), "overflow", Did.utf8("v"), NO_EXPIRY),
        "MaxBlockNumberExceeded");
  }

  @Test
  void snakeCaseAliasesAreRouted() throws Exception {
    Credentials me = client.newFundedWallet(1);
    String account = me.getAddress();
    client.send(
        me,
        did(),
        TestClient.encode(
            "add_attribute",
            new Address(account),
            new DynamicBytes(Did.utf8("k")),
            new DynamicBytes(Did.utf8("v1")),
            new Uint32(0)));
    client.send(
        me,
        did(),
        TestClient.encode(
            "update_attribute",
            new Address(account),
            new DynamicBytes(Did.utf8("k")),
            new DynamicBytes(Did.utf8("v2")),
            new Uint32(0)));
    assertThat(
            Did.decode(
                    client.call(
                        did(),
                        TestClient.encode(
                            "read_attribute",
                            new Address(account),
                            new DynamicBytes(Did.utf8("k")))))
                .text())
        .isEqualTo("v2");
    client.send(
        me,
        did(),
        TestClient.encode(
            "remove_attribute", new Address(account), new DynamicBytes(Did.utf8("k"))));
    client.expectMessage(me, did(), Did.read(account, "k"), "Cannot find the item");
  }
}
