package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.peaq.os.devnet.Econ2Calls.encode;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * A devnet on a fork before prague has no EIP-7702: the 2.0 set is deployed and the PEAQ token
 * reads balances, but no account is delegated, so bonds cannot be paid and enableNativePull says
 * why. Bad admin arguments are refused before anything is sent.
 */
class Econ2ForkAndAdminErrorsTest {
  @TempDir Path dir;

  @Test
  void beforePragueTheTokenReadsBalancesButCannotMoveThem() throws Exception {
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).hardfork("paris").build())) {
      TestClient client = new TestClient(chain);
      Econ2Contracts e = chain.econ2();
      Credentials owner = client.dev(1);
      assertThat(
              chain
                  .web3j()
                  .ethGetCode(owner.getAddress(), DefaultBlockParameterName.LATEST)
                  .send()
                  .getCode())
          .isEqualTo("0x");
      BigInteger balance =
          chain
              .web3j()
              .ethGetBalance(owner.getAddress(), DefaultBlockParameterName.LATEST)
              .send()
              .getBalance();
      assertThat(
              client.callUint(
                  Econ2Contracts.PEAQ_TOKEN_ADDRESS,
                  encode("balanceOf(address)", new Address(owner.getAddress()))))
          .isEqualTo(balance);
      assertThatThrownBy(() -> chain.enableNativePull(owner.getAddress()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("paris")
          .hasMessageContaining("prague");
      assertThatThrownBy(() -> chain.enableNativePullAll(List.of(owner.getAddress())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("paris")
          .hasMessageContaining("prague");
      BigInteger bond =
          client.callUint(
              e.machineSubscription(), encode("requiredPeaqAmount(uint8)", new Uint8(0)));
      client.send(
          owner,
          Econ2Contracts.PEAQ_TOKEN_ADDRESS,
          encode(
              "approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(bond)));
      String revert =
          client
              .revertOf(
                  owner.getAddress(),
                  e.machineStateAndSync(),
                  Econ2Calls.activateMachine(
                      Econ2Calls.document(owner.getAddress(), owner.getAddress()),
                      "Sensor",
                      new byte[] {1},
                      owner.getAddress(),
                      0),
                  BigInteger.ZERO)
              .orElseThrow();
      assertThat(TestClient.decodeErrorString(revert)).contains("has no native-pull delegation");
      // a voucher covering the bond needs no transfer, so it works on any fork
      chain.econ2Admin().grantVoucher(owner.getAddress(), bond);
      client.send(
          owner,
          e.machineStateAndSync(),
          Econ2Calls.activateMachine(
              Econ2Calls.document(owner.getAddress(), owner.getAddress()),
              "Sensor",
              new byte[] {1},
              owner.getAddress(),
              0));
    }
  }

  @Test
  void aFolderStartedOnParisThenOnPragueKeepsItsStateAndItsAccountsCanPay() throws Exception {
    BigInteger legacyMachine;
    Credentials wallet;
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).hardfork("paris").build())) {
      TestClient client = new TestClient(chain);
      wallet = client.dev(2);
      client.send(
          wallet,
          chain.contracts().identityRegistry(),
          TestClient.encode("register"),
          TestClient.ONE_PEAQ);
      legacyMachine =
          client.callUint(
              chain.contracts().identityRegistry(),
              TestClient.encode("machineIdOf", new Address(wallet.getAddress())));
    }
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) { // prague, the default
      TestClient client = new TestClient(chain);
      assertThat(chain.freshlyDeployed()).isFalse();
      assertThat(
              client.callUint(
                  chain.contracts().identityRegistry(),
                  TestClient.encode("machineIdOf", new Address(wallet.getAddress()))))
          .isEqualTo(legacyMachine);
      Econ2Contracts e = chain.econ2();
      BigInteger bond =
          client.callUint(
              e.machineSubscription(), encode("requiredPeaqAmount(uint8)", new Uint8(0)));
      client.send(
          wallet,
          Econ2Contracts.PEAQ_TOKEN_ADDRESS,
          encode(
              "approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(bond)));
      client.send(
          wallet,
          e.machineStateAndSync(),
          Econ2Calls.activateMachine(
              Econ2Calls.document(wallet.getAddress(), wallet.getAddress()),
              "Sensor",
              new byte[] {2},
              wallet.getAddress(),
              0));
    }
  }

  @Test
  void badAdminArgumentsAreRefusedBeforeAnythingIsSent() {
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      Econ2Admin admin = chain.econ2Admin();
      assertThatThrownBy(() -> admin.setTierPriceUsd(3, BigInteger.ONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tier")
          .hasMessageContaining("3");
      assertThatThrownBy(() -> admin.setPeaqUsdPrice(BigInteger.valueOf(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("usdE8");
      assertThatThrownBy(
              () -> admin.grantVoucher(DevAccount.of(1).address(), BigInteger.valueOf(-5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wei");
      assertThatThrownBy(() -> admin.setSubscriptionClock(0, 1, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("period");
      assertThatThrownBy(() -> admin.grantVoucher(null, BigInteger.ONE))
          .isInstanceOf(NullPointerException.class);
      chain.close();
      assertThatThrownBy(chain::econ2Admin)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
