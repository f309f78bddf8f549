package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.errors.ValidationException;

class GasStationConfigTest {
  private static final String KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  private static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PEAQOS_RPC_URL", "http://127.0.0.1:8545");
    env.put("PEAQOS_GAS_STATION_FAUCET_KEY", KEY);
    return env;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    GasStationConfig c = GasStationConfig.fromEnv(env());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8090);
    assertThat(c.fundAmount()).isEqualTo(PEAQ.multiply(BigInteger.TWO));
    assertThat(c.minGasBalance()).isEqualTo(PEAQ.divide(BigInteger.TWO));
    assertThat(c.ownerDailyCap()).isEqualTo(PEAQ.multiply(BigInteger.TEN));
    assertThat(c.walletDailyCap()).isEqualTo(PEAQ.multiply(BigInteger.valueOf(4)));
    assertThat(c.rateLimit).isEqualTo(5);
    assertThat(c.rateWindow).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.lockoutThreshold).isEqualTo(5);
    assertThat(c.lockoutDuration).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.qrTtl).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.chainNames).containsExactly("peaq");
    assertThat(c.jdbcUrl()).startsWith("jdbc:sqlite:").endsWith("gas-station.db");
  }

  @Test
  void variablesOverrideAndAmountsTakeWeiOrPeaq() {
    Map<String, String> env = env();
    env.put("PEAQOS_GAS_STATION_PORT", "9999");
    env.put("PEAQOS_GAS_STATION_FUND_AMOUNT", "0.1 PEAQ");
    env.put("PEAQOS_GAS_STATION_MIN_GAS_BALANCE", "12345");
    env.put("PEAQOS_GAS_STATION_RATE_LIMIT", "7");
    env.put("PEAQOS_GAS_STATION_RATE_WINDOW_SECONDS", "30");
    env.put("PEAQOS_GAS_STATION_CHAINS", "peaq, agung");
    env.put("PEAQOS_GAS_STATION_DB_URL", "jdbc:postgresql://127.0.0.1:5432/gs?password=hunter2");
    env.put(
        "PEAQOS_GAS_STATION_ENCRYPTION_KEY",
        java.util.Base64.getEncoder().encodeToString(new byte[32]));
    env.put("PEAQOS_GAS_STATION_RECEIPT_TIMEOUT_SECONDS", "3");
    env.put("PEAQOS_GAS_STATION_RECONCILE_INTERVAL_SECONDS", "2");
    env.put("PEAQOS_GAS_STATION_CLAIM_LEASE_SECONDS", "5");
    GasStationConfig c = GasStationConfig.fromEnv(env);
    assertThat(c.receiptTimeout).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.reconcileInterval).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.claimLease).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.port()).isEqualTo(9999);
    assertThat(c.fundAmount()).isEqualTo(PEAQ.divide(BigInteger.TEN));
    assertThat(c.minGasBalance()).isEqualTo(BigInteger.valueOf(12345));
    assertThat(c.rateLimit).isEqualTo(7);
    assertThat(c.rateWindow).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.chainNames).containsExactlyInAnyOrder("peaq", "agung");
    assertThat(c.toString()).doesNotContain(KEY.substring(2)).doesNotContain("hunter2");
  }

  @Test
  void missingOrMalformedValuesNameTheVariable() {
    Map<String, String> env = env();
    env.remove("PEAQOS_RPC_URL");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(env))
        .isInstanceOf(ValidationException.class)
        .hasMessage("ValidationError: PEAQOS_RPC_URL is required");
    Map<String, String> noKey = env();
    noKey.remove("PEAQOS_GAS_STATION_FAUCET_KEY");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(noKey))
        .hasMessage("ValidationError: PEAQOS_GAS_STATION_FAUCET_KEY is required");
    Map<String, String> badKey = env();
    badKey.put("PEAQOS_GAS_STATION_FAUCET_KEY", "0x1234");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(badKey))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("PEAQOS_GAS_STATION_FAUCET_KEY"))
        .hasMessageNotContaining("0x1234");
    Map<String, String> badAmount = env();
    badAmount.put("PEAQOS_GAS_STATION_FUND_AMOUNT", "two");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(badAmount))
        .hasMessageContaining("PEAQOS_GAS_STATION_FUND_AMOUNT");
    Map<String, String> zero = env();
    zero.put("PEAQOS_GAS_STATION_FUND_AMOUNT", "0");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(zero)).hasMessageContaining("positive");
    Map<String, String> pgNoKey = env();
    pgNoKey.put("PEAQOS_GAS_STATION_DB_URL", "jdbc:postgresql://127.0.0.1/gs");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(pgNoKey))
        .hasMessage("ValidationError: PEAQOS_GAS_STATION_ENCRYPTION_KEY is required");
    Map<String, String> badDb = env();
    badDb.put("PEAQOS_GAS_STATION_DB_URL", "jdbc:mysql://x/y");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(badDb))
        .hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:");
    Map<String, String> shortKey = env();
    shortKey.put(
        "PEAQOS_GAS_STATION_ENCRYPTION_KEY",
        java.util.Base64.getEncoder().encodeToString(new byte[16]));
    assertThatThrownBy(() -> GasStationConfig.fromEnv(shortKey)).hasMessageContaining("32 bytes");
    Map<String, String> badPort = env();
    badPort.put("PEAQOS_GAS_STATION_PORT", "http");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(badPort))
        .hasMessageContaining("PEAQOS_GAS_STATION_PORT");
    Map<String, String> zeroLease = env();
    zeroLease.put("PEAQOS_GAS_STATION_CLAIM_LEASE_SECONDS", "0");
    assertThatThrownBy(() -> GasStationConfig.fromEnv(zeroLease))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("PEAQOS_GAS_STATION_CLAIM_LEASE_SECONDS"))
        .hasMessageContaining("at least 1");
  }
}
