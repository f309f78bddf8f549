package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The standalone station as a child process, killed with SIGKILL after it recorded and broadcast a
 * transfer and while it waits for the receipt (anvil's automine is off, so no receipt comes). A new
 * station on the same database finishes the request; the chain shows one transfer.
 */
class KillNineRecoveryTest {
  private static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  @TempDir Path dir;

  @Test
  void aStationKilledBetweenRecordingAndReceiptFinishesOnRestartWithOneTransfer() throws Exception {
    try (TestChain chain = TestChain.start()) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String keyB64 = Base64.getEncoder().encodeToString(key);
      Path db = dir.resolve("gas-station.db");
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              GasStationServer.class.getName());
      Map<String, String> env = pb.environment();
      env.put("PEAQOS_RPC_URL", chain.rpcUrl());
      env.put("PEAQOS_GAS_STATION_FAUCET_KEY", chain.devKey(3));
      env.put("PEAQOS_GAS_STATION_PORT", "0");
      env.put("PEAQOS_GAS_STATION_DATA_DIR", dir.toString());
      env.put("PEAQOS_GAS_STATION_ENCRYPTION_KEY", keyB64);
      env.put("PEAQOS_GAS_STATION_FUND_AMOUNT", "1 PEAQ");
      pb.redirectErrorStream(true);
      Process child = pb.start();
      CompletableFuture<String> url = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    if (line.startsWith("PEAQOS_GAS_STATION_URL=")) {
                      url.complete(line.substring("PEAQOS_GAS_STATION_URL=".length()).trim());
                    }
                  }
                } catch (IOException ignored) {
                  // the child died
                }
                url.completeExceptionally(
                    new IllegalStateException("the station exited before listening"));
              },
              "station-out");
      reader.setDaemon(true);
      reader.start();
      GasStationClient client;
      String owner = GasStationSuite.randomAddress();
      String target = GasStationSuite.randomAddress();
      FundRequest req;
      byte[] secret;
      BigInteger nonce;
      String hash;
      try {
        client = GasStationClient.create(url.get(60, TimeUnit.SECONDS));
        FaucetSetup s = client.setup(owner, QrFormat.SVG);
        secret = GasStationSuite.secretOf(s.otpauthUri());
        Totp totp = new Totp();
        client.confirm(owner, totp.codeAt(secret, Instant.now()));
        nonce = chain.nonce(chain.devAddress(3));
        req = FundRequest.of(owner, target, totp.codeAt(secret, Instant.now()));
        chain.automine(false);
        CompletableFuture<Object> call =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return client.fund(req);
                  } catch (ApiException e) {
                    return e;
                  }
                });
        hash = awaitSentTransfer(chain, db, req.requestId());
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Object answer = call.get(60, TimeUnit.SECONDS);
        assertThat(answer)
            .isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo("NETWORK_ERROR"));
      } finally {
        child.destroyForcibly();
        chain.automine(true);
      }
      assertThat(state(db, req.requestId())).isEqualTo("SIGNED");
      chain.mine(); // the transfer the dead station sent lands while no station runs

      try (GasStationServer restarted =
          GasStationServer.start(
              GasStationConfig.builder()
                  .rpcUrl(chain.rpcUrl())
                  .faucetPrivateKey(chain.devKey(3))
                  .dataDir(dir)
                  .encryptionKeyBase64(keyB64)
                  .fundAmount(PEAQ)
                  .build())) {
        // Start-up reconciliation found the receipt before the port opened.
        assertThat(state(db, req.requestId())).isEqualTo("DONE");
        FundResult replay =
            GasStationClient.create(restarted.url())
                .fund(req.withTwoFactorCode(new Totp().codeAt(secret, Instant.now())));
        assertThat(replay)
            .isInstanceOfSatisfying(
                FundResult.Funded.class, f -> assertThat(f.txHash()).isEqualTo(hash));
      }
      assertThat(chain.nonce(chain.devAddress(3))).isEqualTo(nonce.add(BigInteger.ONE));
      assertThat(chain.balance(target)).isEqualTo(PEAQ);
    }
  }

  private static String awaitSentTransfer(TestChain chain, Path db, String requestId)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT state, tx_hash FROM fund_requests WHERE request_id = '"
                      + requestId
                      + "'")) {
        if (rs.next() && "SIGNED".equals(rs.getString(1))) {
          String hash = rs.getString(2);
          if (chain.client.transaction(hash).isPresent()) {
            return hash;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the station never recorded and sent the transfer");
  }

  private static String state(Path db, String requestId) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT state FROM fund_requests WHERE request_id = '" + requestId + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
