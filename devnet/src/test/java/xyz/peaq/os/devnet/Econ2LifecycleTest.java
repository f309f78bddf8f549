package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.Econ2Calls.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.foundation.DotEnv;

/**
 * The 2.0 set survives restarts, and a folder from before 2.0 gets it in place, keeping its 1.0
 * state.
 */
class Econ2LifecycleTest {
  @TempDir Path dir;

  @Test
  void aRestartKeepsTheEcon2StateAndDeploysNothing() throws Exception {
    Econ2Contracts first;
    BigInteger id;
    String owner;
    BigInteger bonded;
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      first = chain.econ2();
      TestClient client = new TestClient(chain);
      Credentials w = client.newFundedWallet(100);
      owner = w.getAddress();
      id = activate(client, chain.econ2(), w);
      chain.econ2Admin().setTechnicalPaused(BigInteger.ONE, true);
      bonded =
          TestClient.word(
              client.call(
                  first.machineSubscription(), encode("subscriptions(uint256)", new Uint256(id))),
              3);
    }
    assertThat(DevnetDeployment.read(dir).orElseThrow().econ2()).isEqualTo(first);
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.freshlyDeployed()).isFalse();
      assertThat(chain.econ2()).isEqualTo(first);
      TestClient client = new TestClient(chain);
      assertThat(
              client.callAddress(
                  first.machineRegistry(), encode("ownerOf(uint256)", new Uint256(id))))
          .isEqualToIgnoringCase(owner);
      assertThat(
              TestClient.word(
                  client.call(
                      first.machineSubscription(),
                      encode("subscriptions(uint256)", new Uint256(id))),
                  3))
          .isEqualTo(bonded);
      assertThat(
              client.callBool(
                  first.machineStateAndSync(),
                  encode("isTechnicalPaused(uint256)", new Uint256(BigInteger.ONE))))
          .isTrue();
      assertThat(
              client.callBool(
                  first.crossChainMirror(), encode("isHomedLocally(uint256)", new Uint256(id))))
          .isTrue();
      // the dev accounts still pay through 0x0809 after the restart
      activate(client, first, client.dev(3));
    }
  }

  @Test
  void aFolderFromBeforeEcon2GetsTheSetInPlaceAndKeepsItsMachines() throws Exception {
    BigInteger legacyMachine;
    String wallet;
    DevnetContracts v1;
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      TestClient client = new TestClient(chain);
      Credentials w = client.newFundedWallet(10);
      wallet = w.getAddress();
      client.send(
          w,
          chain.contracts().identityRegistry(),
          TestClient.encode("register"),
          TestClient.ONE_PEAQ);
      legacyMachine =
          client.callUint(
              chain.contracts().identityRegistry(),
              TestClient.encode("machineIdOf", new Address(wallet)));
      v1 = chain.contracts();
    }
    // What an older devnet wrote: no econ2 section, no 2.0 implementations.
    Path file = dir.resolve("deployment.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode n = (ObjectNode) json.readTree(file.toFile());
    n.remove("econ2");
    ObjectNode impls = (ObjectNode) n.get("implementations");
    for (String name : xyz.peaq.os.contracts.ContractArtifacts.ECON2_NAMES) impls.remove(name);
    Files.writeString(file, json.writeValueAsString(n));
    assertThat(DevnetDeployment.read(dir).orElseThrow().econ2()).isNull();

    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.contracts()).isEqualTo(v1);
      assertThat(chain.econ2()).isNotNull();
      TestClient client = new TestClient(chain);
      assertThat(
              client.callUint(
                  v1.identityRegistry(), TestClient.encode("machineIdOf", new Address(wallet))))
          .isEqualTo(legacyMachine);
      activate(client, chain.econ2(), client.newFundedWallet(100));
      assertThat(DevnetDeployment.read(dir).orElseThrow().econ2()).isEqualTo(chain.econ2());
      assertThat(json.readTree(file.toFile()).path("econ2").path("deploymentId").asText())
          .isEqualTo("devnet");
      assertThat(DotEnv.read(chain.envFile()))
          .containsEntry("MACHINE_REGISTRY_ADDRESS", chain.econ2().machineRegistry());
    }
  }

  private static BigInteger activate(TestClient client, Econ2Contracts e, Credentials owner)
      throws Exception {
    BigInteger bond =
        client.callUint(e.machineSubscription(), encode("requiredPeaqAmount(uint8)", new Uint8(0)));
    client.send(
        owner,
        Econ2Contracts.PEAQ_TOKEN_ADDRESS,
        encode(
            "approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(bond)));
    byte[] subject = owner.getAddress().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    client.send(
        owner,
        e.machineStateAndSync(),
        Econ2Calls.activateMachine(
            Econ2Calls.document(owner.getAddress(), owner.getAddress()),
            "Sensor",
            subject,
            "0x000000000000000000000000000000000000fab1",
            0));
    return client.callUint(
        e.machineRegistry(),
        encode(
            "computeTokenId(string,bytes)", new Utf8String("Sensor"), new DynamicBytes(subject)));
  }
}
