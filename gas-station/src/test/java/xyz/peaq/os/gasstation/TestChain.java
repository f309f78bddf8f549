package xyz.peaq.os.gasstation;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * The devnet (a real anvil on loopback with the peaqOS contracts) for the station's tests, in a
 * temporary folder removed on close. Its well-known dev accounts are the faucet wallets.
 */
final class TestChain implements AutoCloseable {
  private final DevnetChain devnet;
  private final Path dir;
  final ChainClient client;

  private TestChain(DevnetChain devnet, Path dir) {
    this.devnet = devnet;
    this.dir = dir;
    this.client = ChainClient.connect(devnet.rpcUrl());
  }

  static TestChain start() throws IOException {
    Path dir = Files.createTempDirectory("gas-station-devnet-");
    return new TestChain(DevnetChain.start(DevnetOptions.builder().dataDir(dir).build()), dir);
  }

  String rpcUrl() {
    return devnet.rpcUrl();
  }

  String devKey(int i) {
    return devnet.devAccount(i).privateKey();
  }

  String devAddress(int i) {
    return devnet.devAccount(i).address();
  }

  BigInteger balance(String address) {
    return client.balance(address);
  }

  BigInteger nonce(String address) {
    return client.nonce(address, BlockRef.latest());
  }

  void setBalance(String address, BigInteger wei) {
    devnet.setBalance(address, wei);
  }

  void setCode(String address, String code) {
    client.request("anvil_setCode", address, code);
  }

  void automine(boolean on) {
    client.request("evm_setAutomine", on);
  }

  void mine() {
    client.request("evm_mine");
  }

  @Override
  public void close() throws IOException {
    try {
      devnet.close();
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
