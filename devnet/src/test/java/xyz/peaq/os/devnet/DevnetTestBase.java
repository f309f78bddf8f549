package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** One devnet chain shared by the tests of a class. */
abstract class DevnetTestBase {
  @TempDir static Path chainDir;
  static DevnetChain chain;
  static TestClient client;
  static DevnetContracts c;

  @BeforeAll
  static void startChain() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(chainDir).build());
    client = new TestClient(chain);
    c = chain.contracts();
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) chain.close();
  }

  /** A fresh funded wallet registered as a machine; returns the receipt of register(). */
  static TransactionReceipt register(Credentials wallet) throws Exception {
    return client.send(
        wallet, c.identityRegistry(), TestClient.encode("register"), TestClient.ONE_PEAQ);
  }

  static TransactionReceipt registerFor(Credentials operator, String machine) throws Exception {
    return client.send(
        operator,
        c.identityRegistry(),
        TestClient.encode("registerFor", new Address(machine)),
        TestClient.ONE_PEAQ);
  }

  static BigInteger machineIdOf(String wallet) throws Exception {
    return client.callUint(
        c.identityRegistry(), TestClient.encode("machineIdOf", new Address(wallet)));
  }

  /** A funded wallet with a registered machine. */
  static Credentials registeredWallet() throws Exception {
    Credentials w = client.newFundedWallet(10);
    register(w);
    return w;
  }
}
