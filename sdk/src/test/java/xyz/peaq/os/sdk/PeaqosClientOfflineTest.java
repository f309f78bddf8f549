package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;

/** Behaviour that needs no chain: input checks come before I/O, and a dead endpoint is named. */
class PeaqosClientOfflineTest {
  static PeaqosClient deadClient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PeaqosConfig cfg =
        PeaqosConfig.builder()
            .preset(Network.AGUNG)
            .rpcUrl("http://127.0.0.1:" + port)
            .privateKey(PeaqosConfigTest.KEY)
            .build();
    return PeaqosClient.builder()
        .config(cfg)
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5)))
        .build();
  }

  @Test
  void unreachableRpcIsAnRpcExceptionNamingTheEndpoint() throws Exception {
    try (PeaqosClient c = deadClient()) {
      String endpoint = c.config().rpcUrl();
      assertThatThrownBy(c::registerMachine)
          .isInstanceOf(RpcException.class)
          .hasMessageContaining(endpoint)
          .satisfies(e -> assertThat(((RpcException) e).endpoint()).isEqualTo(endpoint));
      assertThatThrownBy(c::minBond)
          .isInstanceOf(RpcException.class)
          .hasMessageContaining("2 attempt");
    }
  }

  @Test
  void badInputFailsBeforeAnyIo() throws Exception {
    try (PeaqosClient c = deadClient()) {
      // Against a dead endpoint, any I/O would be an RpcException: these are caught first.
      assertThatThrownBy(() -> c.mintNft(BigInteger.ZERO, c.address()))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> c.mintNft(BigInteger.ONE, "0x12"))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("recipient"));
      assertThatThrownBy(() -> c.registerFor("not-an-address"))
          .isInstanceOf(ValidationException.class)
          .satisfies(
              e -> assertThat(((ValidationException) e).field()).isEqualTo("machineAddress"));
      assertThatThrownBy(() -> c.tokenIdOf(BigInteger.valueOf(-1)))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> c.readAttribute(c.address(), "n".repeat(65)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("64 bytes");
      assertThatThrownBy(
              () ->
                  c.writeProxyDIDAttributes(
                      BigInteger.ONE, List.of(BigInteger.ONE, BigInteger.ZERO)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("machineIds[1]");
      assertThatThrownBy(
              () ->
                  c.submitEvent(
                      EventParams.builder().machineId(1).value(1).currency("usd").build()))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("currency");
    }
  }

  @Test
  void proxyMachineListKeepsTheNewestHundred() {
    List<BigInteger> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      ids.add(BigInteger.valueOf(i));
    }
    ids.add(BigInteger.valueOf(5)); // re-added: now the newest
    List<BigInteger> kept = PeaqosClient.proxyMachinesKept(ids);
    assertThat(kept).hasSize(100);
    assertThat(kept.get(0)).isEqualTo(BigInteger.valueOf(22));
    assertThat(kept.get(99)).isEqualTo(BigInteger.valueOf(5));
  }

  @Test
  void keypairFromPrivateKeyDerivesTheAddress() {
    Keypair kp = Keypair.fromPrivateKey(PeaqosConfigTest.KEY);
    assertThat(kp.address()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  }

  @Test
  void serviceCallsUseTheConfiguredUrls() throws Exception {
    try (PeaqosClient c = deadClient()) {
      // agung has no Gas Station: the URL-less overloads say what is missing.
      assertThatThrownBy(() -> c.setupFaucet2FA(c.address()))
          .isInstanceOf(ValidationException.class)
          .hasMessage("ValidationError: PEAQOS_GAS_STATION_URL is required");
      assertThatThrownBy(() -> c.confirmFaucet2FA(c.address(), "123456"))
          .hasMessage("ValidationError: PEAQOS_GAS_STATION_URL is required");
      assertThat(c.mcr().baseUrl()).isEqualTo(PeaqosConfig.PUBLIC_MCR_API_URL);
      assertThatThrownBy(() -> c.queryMcr("did:peaq:0x12")).isInstanceOf(ValidationException.class);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PeaqosConfig cfg =
        PeaqosConfig.builder()
            .preset(Network.AGUNG)
            .mcrApiUrl("http://127.0.0.1:" + port)
            .gasStationUrl("http://127.0.0.1:" + port)
            .build();
    try (PeaqosClient c = PeaqosClient.create(cfg)) {
      String owner = Keypair.fromPrivateKey(PeaqosConfigTest.KEY).address();
      assertThatThrownBy(() -> c.queryMcr("did:peaq:" + owner))
          .isInstanceOf(xyz.peaq.os.sdk.errors.ApiException.class)
          .satisfies(
              e -> assertThat(((xyz.peaq.os.sdk.errors.ApiException) e).httpStatus()).isZero());
      assertThatThrownBy(() -> c.setupFaucet2FA(owner))
          .isInstanceOf(xyz.peaq.os.sdk.errors.ApiException.class)
          .satisfies(
              e ->
                  assertThat(((xyz.peaq.os.sdk.errors.ApiException) e).code())
                      .isEqualTo("NETWORK_ERROR"));
    }
  }
}
