package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * A new devnet's DID emulation keeps its attributes in a store created on the chain (whose new
 * slots a forked anvil never asks its origin for), not in the storage of 0x…0800; only the
 * emulation writes there.
 */
class DidAttributeStoreTest extends DevnetTestBase {
  private static String store() throws Exception {
    String word =
        chain
            .web3j()
            .ethGetStorageAt(
                c.didRegistry(),
                Numeric.toBigInt(Deployer.DID_STORE_SLOT),
                DefaultBlockParameterName.LATEST)
            .send()
            .getData();
    return "0x" + Numeric.cleanHexPrefix(word).substring(24);
  }

  private static byte[] key(String name) {
    return Hash.sha3(name.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewDevnetKeepsItsDidAttributesInTheStore() throws Exception {
    String store = store();
    assertThat(Numeric.toBigInt(store).signum()).as("store address set").isPositive();
    assertThat(chain.web3j().ethGetCode(store, DefaultBlockParameterName.LATEST).send().getCode())
        .as("the store has code")
        .hasSizeGreaterThan(2);
    Credentials me = client.newFundedWallet(1);
    String account = me.getAddress();
    client.send(me, c.didRegistry(), Did.add(account, "storeProbe", "v1"));
    String owner =
        client.call(
            store,
            TestClient.encode("ownerOf", new Address(account), new Bytes32(key("storeProbe"))));
    assertThat(TestClient.topicAddress(owner)).isEqualTo(account);
    // and the emulation reads it back from there
    assertThat(Did.decode(client.call(c.didRegistry(), Did.read(account, "storeProbe"))).text())
        .isEqualTo("v1");
  }

  @Test
  void onlyTheEmulationWritesTheStore() throws Exception {
    Credentials me = client.newFundedWallet(1);
    String account = me.getAddress();
    client.expectMessage(
        me,
        store(),
        TestClient.encode(
            "add",
            new Address(account),
            new Bytes32(key("forged")),
            new DynamicBytes("forged".getBytes(StandardCharsets.UTF_8)),
            new DynamicBytes("x".getBytes(StandardCharsets.UTF_8)),
            new Uint32(0),
            new Uint256(0),
            new Address(account)),
        "DidAttributeStore: only the DID emulation writes");
    client.expectMessage(me, c.didRegistry(), Did.read(account, "forged"), "Cannot find the item");
  }
}
