package xyz.peaq.os.gasstation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.chain.Hex;

/** A real anvil on loopback for the station's tests, with its well-known funded dev accounts. */
final class TestChain implements AutoCloseable {
  /** anvil's dev keys (mnemonic "test test ... junk"); 10000 ETH each at start. */
  static final List<String> DEV_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
      "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
      "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
      "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
      "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
  static final long CHAIN_ID = 33380;
  private static final Pattern LISTENING = Pattern.compile("Listening on [0-9.]+:(\\d+)");

  private final Process process;
  private final String rpcUrl;
  final ChainClient client;

  private TestChain(Process process, String rpcUrl) {
    this.process = process;
    this.rpcUrl = rpcUrl;
    this.client = ChainClient.connect(rpcUrl);
  }

  static TestChain start() throws Exception {
    Process p = new ProcessBuilder(anvil().toString(), "--port", "0", "--host", "127.0.0.1", "--chain-id",
        Long.toString(CHAIN_ID), "--accounts", "10").redirectErrorStream(true).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete("http://127.0.0.1:" + m.group(1));
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
      url.completeExceptionally(new IllegalStateException("anvil exited before listening"));
    }, "anvil-out");
    reader.setDaemon(true);
    reader.start();
    try {
      return new TestChain(p, url.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  String rpcUrl() {
    return rpcUrl;
  }

  String devKey(int i) {
    return DEV_KEYS.get(i);
  }

  String devAddress(int i) {
    return ChainClient.credentials(DEV_KEYS.get(i)).getAddress();
  }

  BigInteger balance(String address) {
    return client.balance(address);
  }

  BigInteger nonce(String address) {
    return client.nonce(address, BlockRef.latest());
  }

  void setBalance(String address, BigInteger wei) {
    client.request("anvil_setBalance", address, Hex.quantity(wei));
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
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Path anvil() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path bin = dir.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
      if (Files.isExecutable(bin)) {
        return bin;
      }
    }
    throw new IllegalStateException("anvil not found under node_modules/@foundry-rs: run npm ci at the repository root");
  }
}
