package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The OCI image the build wrote (target/peaqos-gas-station-image.tar), run for real: its layers
 * unpacked into a folder and its entrypoint started there as a container runtime would
 * (image/run-image.sh: its own root, user, working directory and environment only), configured by
 * environment variables alone; a whole 2FA + funding flow against the devnet.
 */
class ImageTest {
  private static final String URL_LINE = "PEAQOS_GAS_STATION_URL=";

  @TempDir Path dir;

  @Test
  void theImageStartsFromItsEntrypointAndFundsConfiguredByEnvironmentOnly() throws Exception {
    assumeFalse(
        "true".equals(System.getProperty("peaqos.image.skip")),
        "the images are built and run by the image profile: mvn -B -Pimage verify");
    Path tar = Path.of(System.getProperty("peaqos.image.tar", "target/none.tar"));
    assertThat(tar).as("the image the build writes before the tests").exists();
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running an image needs root (namespaces and mounts, as a container runtime)");
    Path root = dir.resolve("root");
    try (TestChain chain = TestChain.start()) {
      Process p =
          new ProcessBuilder(
                  "bash",
                  Path.of("..", "image", "run-image.sh").toString(),
                  tar.toString(),
                  root.toString(),
                  "PEAQOS_RPC_URL=" + chain.rpcUrl(),
                  "PEAQOS_GAS_STATION_FAUCET_KEY=" + chain.devKey(5),
                  "PEAQOS_GAS_STATION_PORT=0")
              .redirectErrorStream(true)
              .start();
      try {
        String url = awaitUrl(p);
        GasStationClient client = GasStationClient.create(url);
        java.net.http.HttpResponse<String> health =
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/health"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"canFund\":true");
        String owner = GasStationSuite.randomAddress();
        String target = GasStationSuite.randomAddress();
        FaucetSetup setup = client.setup(owner, QrFormat.SVG);
        byte[] secret = GasStationSuite.secretOf(setup.otpauthUri());
        Totp totp = new Totp();
        client.confirm(owner, totp.codeAt(secret, Instant.now()));
        FundResult r =
            client.fund(FundRequest.of(owner, target, totp.codeAt(secret, Instant.now())));
        assertThat(r).isInstanceOf(FundResult.Funded.class);
        assertThat(chain.balance(target)).isEqualTo(new BigInteger("2000000000000000000"));
        // The image's defaults: data in /data, written by the unprivileged user, key file 0600.
        Path key = root.resolve("data/encryption.key");
        assertThat(Files.getPosixFilePermissions(key))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getAttribute(key, "unix:uid")).isEqualTo(65534);
        assertThat(root.resolve("data/gas-station.db")).exists();
      } finally {
        List<ProcessHandle> all = p.descendants().toList();
        p.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String awaitUrl(Process p) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                  if (line.startsWith(URL_LINE)) {
                    url.complete(line.substring(URL_LINE.length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              synchronized (out) {
                url.completeExceptionally(
                    new IllegalStateException("the image exited before listening:\n" + out));
              }
            },
            "image-out");
    reader.setDaemon(true);
    reader.start();
    return url.get(180, TimeUnit.SECONDS);
  }
}
