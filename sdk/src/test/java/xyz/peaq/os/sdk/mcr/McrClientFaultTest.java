package xyz.peaq.os.sdk.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Answers the real MCR API does not give on demand (malformed bodies, 5xx, hangs, a body about
 * another machine), served by a loopback server, and client-side validation. The happy paths run
 * against the real service in the mcr-api module's tests.
 */
class McrClientFaultTest {
  static final String DID = "did:peaq:0x" + "ab".repeat(20);
  HttpServer server;
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<String> body = new AtomicReference<>("{}");
  final AtomicInteger requests = new AtomicInteger();
  final CountDownLatch release = new CountDownLatch(1);
  volatile boolean hang;
  McrClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          if (hang) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status.get(), b.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    // Generous: a loaded machine answered a loopback request after more than 2 s now and then. The
    // hanging-server test has its own short timeout.
    client =
        McrClient.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/")
            .timeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  static String mcrBody(String did) {
    return "{\"did\":\""
        + did
        + "\",\"machine_id\":7,\"mcr_score\":0,\"mcr\":\"Provisioned\",\"mcr_degraded\":false,"
        + "\"bond_status\":\"bonded\",\"negative_flag\":false,\"event_count\":1,\"revenue_event_count\":1,"
        + "\"activity_event_count\":0,\"revenue_trend\":null,\"total_revenue\":1500,"
        + "\"average_revenue_per_event\":1500.0,\"last_updated\":null,\"future_field\":{\"x\":1}}";
  }

  @Test
  void parsesAndIgnoresUnknownFields() {
    body.set(mcrBody(DID.toUpperCase().replace("DID:PEAQ:0X", "did:peaq:0x")));
    McrResponse r = client.queryMcr(DID);
    assertThat(r.machineId()).isEqualTo(java.math.BigInteger.valueOf(7));
    assertThat(r.provisioned()).isTrue();
    assertThat(r.revenueTrend()).isNull();
    assertThat(r.lastUpdated()).isNull();
    assertThat(r.totalRevenue()).isEqualByComparingTo("1500");
  }

  @Test
  void statusesMapToCodesWithTheServerDetail() {
    int[][] cases = {{404}, {503}, {500}, {502}, {429}, {400}, {418}};
    String[] codes = {
      "NOT_FOUND",
      "SERVICE_UNAVAILABLE",
      "SERVER_ERROR",
      "SERVER_ERROR",
      "RATE_LIMITED",
      "INVALID_REQUEST",
      "HTTP_ERROR"
    };
    for (int i = 0; i < cases.length; i++) {
      status.set(cases[i][0]);
      body.set("{\"detail\":\"because " + cases[i][0] + "\"}");
      int expected = cases[i][0];
      String code = codes[i];
      assertThatThrownBy(() -> client.queryMcr(DID))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(expected);
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.getMessage()).contains("because " + expected);
              });
    }
  }

  @Test
  void validationListDetailIsSummarised() {
    status.set(422);
    body.set(
        "{\"detail\":[{\"type\":\"less_than_equal\",\"loc\":[\"query\",\"limit\"],"
            + "\"msg\":\"Input should be less than or equal to 20\",\"input\":\"21\"}]}");
    assertThatThrownBy(() -> client.queryOperatorMachines(DID, 0, 20))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("limit: Input should be less than or equal to 20"));
  }

  @Test
  void malformedBodiesAreBadResponse() {
    for (String b :
        new String[] {
          "not json",
          "[1,2]",
          "{\"did\":\"" + DID + "\"}",
          mcrBody(DID).replace("\"Provisioned\"", "\"CCC\""),
          mcrBody(DID).replace("\"mcr_score\":0", "\"mcr_score\":101"),
          mcrBody(DID).replace("\"revenue_trend\":null,", "")
        }) {
      body.set(b);
      assertThatThrownBy(() -> client.queryMcr(DID))
          .as(b)
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("BAD_RESPONSE"));
    }
  }

  @Test
  void anAnswerAboutAnotherMachineIsBadResponse() {
    body.set(mcrBody("did:peaq:0x" + "cd".repeat(20)));
    assertThatThrownBy(() -> client.queryMcr(DID))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("BAD_RESPONSE");
              assertThat(e.getMessage()).contains("different machine");
            });
  }

  @Test
  void awaitMcrGivesUpWithTimeoutAndStopsOnOtherErrors() {
    status.set(404);
    body.set("{\"detail\":\"Machine not found\"}");
    assertThatThrownBy(() -> client.awaitMcr(DID, r -> true, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("TIMEOUT"));
    status.set(503);
    assertThatThrownBy(() -> client.awaitMcr(DID, r -> true, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE"));
    status.set(200);
    body.set(mcrBody(DID));
    assertThat(client.awaitMcr(DID, McrResponse::provisioned, Duration.ofSeconds(5)).eventCount())
        .isEqualTo(1);
  }

  @Test
  void aHangingServerIsTimeout() {
    hang = true;
    McrClient impatient =
        McrClient.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/")
            .timeout(Duration.ofSeconds(2))
            .build();
    assertThatThrownBy(() -> impatient.queryMcr(DID))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("TIMEOUT");
              assertThat(e.httpStatus()).isZero();
            });
  }

  @Test
  void nobodyListeningIsNetworkError() {
    server.stop(0);
    assertThatThrownBy(() -> client.queryMcr(DID))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("NETWORK_ERROR"));
  }

  @Test
  void badInputIsRejectedBeforeAnyRequest() {
    for (String bad :
        new String[] {
          "",
          "  ",
          "did:peaq:0x123",
          // a decimal DID names a 2.0 machine: a leading zero, a sign, 79 digits are malformed
          "did:peaq:0" + "1".repeat(39),
          "did:peaq:-1",
          "did:peaq:" + "1".repeat(79),
          "0x" + "g".repeat(40),
          "did:key:0x" + "ab".repeat(20)
        }) {
      assertThatThrownBy(() -> client.queryMcr(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("did"));
    }
    // an operator is an account: its DID stays an address DID
    assertThatThrownBy(() -> client.queryOperatorMachines("did:peaq:" + "1".repeat(40)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("did"));
    assertThatThrownBy(() -> client.queryOperatorMachines(DID, 0, 21))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> client.queryOperatorMachines(DID, -1, 5))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("offset"));
    assertThatThrownBy(() -> McrClient.create("ftp://x"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("PEAQOS_MCR_API_URL");
    assertThat(requests.get()).isZero();
  }

  @Test
  void profileWithOnchainEventData() {
    body.set(
        "{\"schema_version\":\"1.0\",\"name\":\"Machine #3\",\"peaqos\":{\"machine_id\":5,\"did\":\""
            + DID
            + "\",\"operator\":null,\"mcr\":\"NR\",\"mcr_score\":0,\"bond_status\":\"unbonded\",\"negative_flag\":false,"
            + "\"event_count\":2,\"data_visibility\":\"onchain\",\"documentation_url\":null,\"event_data\":["
            + "{\"event_type\":0,\"origin_value\":2500,\"timestamp\":1700000000,\"trust_level\":2,\"metadata\":{},"
            + "\"origin_currency\":\"USD\",\"usd_value\":2500,\"origin_subunit\":100,\"usd_subunit\":100,\"amount_status\":\"ok\"},"
            + "{\"event_type\":1,\"origin_value\":0,\"timestamp\":1700000001,\"trust_level\":0,\"metadata\":{\"k\":\"v\"}}]}}");
    MachineProfile p = client.queryMachine(DID);
    assertThat(p.name()).isEqualTo("Machine #3");
    assertThat(p.peaqos().eventData()).hasSize(2);
    assertThat(p.peaqos().eventData().get(0).amountStatus()).isEqualTo("ok");
    assertThat(p.peaqos().eventData().get(1).originCurrency()).isNull();
    assertThat(p.peaqos().eventData().get(1).metadata().get("k").asText()).isEqualTo("v");
    assertThat(p.peaqos().operator()).isNull();
  }
}
