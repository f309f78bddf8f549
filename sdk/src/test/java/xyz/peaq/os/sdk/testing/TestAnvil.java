package xyz.peaq.os.sdk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare anvil (no contracts) for the chain-layer tests, which need only accounts, transfers and
 * raw code. Flows over the peaqOS contracts use the devnet module's DevnetChain instead.
 */
public final class TestAnvil implements AutoCloseable {
  /** anvil's well-known dev keys (mnemonic "test test ... junk"), funded with 10000 ETH each. */
  public static final List<String> DEV_KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

  private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

  private final Process process;
  private final String rpcUrl;

  private TestAnvil(Process process, String rpcUrl) {
    this.process = process;
    this.rpcUrl = rpcUrl;
  }

  public static TestAnvil start(long chainId) throws Exception {
    return start(chainId, List.of());
  }

  /** An anvil started with {@code extraArgs} after the usual ones (say, a mining mode). */
  public static TestAnvil start(long chainId, List<String> extraArgs) throws Exception {
    Path bin = findBinary();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                bin.toString(),
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--chain-id",
                Long.toString(chainId),
                "--hardfork",
                "prague"));
    command.addAll(extraArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    url.complete("http://127.0.0.1:" + m.group(2));
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
              url.completeExceptionally(
                  new IllegalStateException("anvil exited without listening"));
            },
            "anvil-out");
    reader.setDaemon(true);
    reader.start();
    try {
      return new TestAnvil(p, url.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public String devKey(int i) {
    return DEV_KEYS.get(i);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Path findBinary() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path bin = dir.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
      if (Files.isExecutable(bin)) {
        return bin;
      }
    }
    throw new IllegalStateException(
        "anvil binary not found under node_modules/@foundry-rs; run npm ci at the repository root");
  }
}
