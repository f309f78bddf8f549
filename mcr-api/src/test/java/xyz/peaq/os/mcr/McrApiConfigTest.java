package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McrApiConfigTest {
  static final Map<String, String> ENV =
      Map.ofEntries(
          Map.entry("PEAQOS_RPC_URL", "http://127.0.0.1:8545"),
          Map.entry("IDENTITY_REGISTRY_ADDRESS", "0x" + "1".repeat(40)),
          Map.entry("IDENTITY_STAKING_ADDRESS", "0x" + "2".repeat(40)),
          Map.entry("EVENT_REGISTRY_ADDRESS", "0x" + "3".repeat(40)),
          Map.entry("MACHINE_NFT_ADDRESS", "0x" + "4".repeat(40)),
          Map.entry("MCR_HOST", "0.0.0.0"),
          Map.entry("MCR_PORT", "8123"),
          Map.entry("MCR_DATABASE_URL", "jdbc:sqlite:/tmp/x.db"),
          Map.entry("MCR_CONFIRMATIONS", "3"),
          Map.entry("MCR_POLL_INTERVAL_MS", "500"),
          Map.entry("MCR_START_BLOCK", "100"),
          Map.entry("MCR_MAX_BLOCK_RANGE", "50"),
          Map.entry("MCR_RATE_LIMIT_PER_MINUTE", "30"));

  @Test
  void environmentVariablesMapToTheConfig() {
    McrApiConfig c = McrApiConfig.fromEnv(ENV);
    assertThat(c.testMode()).isFalse();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8123);
    assertThat(c.didRegistry()).isEqualTo(McrApiConfig.DEFAULT_DID_REGISTRY);
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(c.confirmations()).isEqualTo(3);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.startBlock()).isEqualTo(100);
    assertThat(c.maxBlockRange()).isEqualTo(50);
    assertThat(c.rateLimitRequests()).isEqualTo(30);
    assertThat(c.rateLimitWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    McrApiConfig c = McrApiConfig.fromEnv(Map.of());
    assertThat(c.testMode()).isTrue();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.rateLimitRequests()).isEqualTo(90);
    assertThat(c.confirmations()).isZero();
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> McrApiConfig.fromEnv(Map.of("MCR_POLL_INTERVAL_MS", "0")))
        .hasMessageContaining("pollInterval must be positive");
    assertThatThrownBy(() -> McrApiConfig.fromEnv(Map.of("MCR_CONFIRMATIONS", "-1")))
        .hasMessageContaining("confirmations must be >= 0");
    java.util.HashMap<String, String> noRpc = new java.util.HashMap<>(ENV);
    noRpc.remove("PEAQOS_RPC_URL");
    assertThatThrownBy(() -> McrApiConfig.fromEnv(noRpc))
        .hasMessageContaining("PEAQOS_RPC_URL is required");
    java.util.HashMap<String, String> bad = new java.util.HashMap<>(ENV);
    bad.put("EVENT_REGISTRY_ADDRESS", "0x1234");
    assertThatThrownBy(() -> McrApiConfig.fromEnv(bad))
        .hasMessageContaining("EVENT_REGISTRY_ADDRESS must be");
    assertThatThrownBy(() -> McrApiConfig.builder().port(70000).build())
        .hasMessageContaining("port must be");
  }

  @Test
  void toStringHidesTheDatabasePassword() {
    McrApiConfig c = McrApiConfig.builder().jdbcPassword("s3cret-pw").build();
    assertThat(c.toString()).doesNotContain("s3cret-pw");
  }
}
