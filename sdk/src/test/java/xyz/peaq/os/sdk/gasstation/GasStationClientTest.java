package xyz.peaq.os.sdk.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The client's side of the wire: what it sends, and how it reads every kind of answer. A loopback
 * server plays the station here because the replies under test (non-JSON bodies, broken envelopes,
 * codes of future versions) are ones the real station never gives; the real station is driven
 * through this client in the gas-station module's suite.
 */
class GasStationClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final String WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  private HttpServer server;
  private String url;
  private final AtomicReference<String> lastPath = new AtomicReference<>();
  private final AtomicReference<JsonNode> lastBody = new AtomicReference<>();
  private final AtomicReference<String> lastType = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String reply = "{}";
  private volatile String replyType = "application/json";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          lastPath.set(ex.getRequestURI().getPath());
          lastType.set(ex.getRequestHeaders().getFirst("Content-Type"));
          byte[] in = ex.getRequestBody().readAllBytes();
          lastBody.set(in.length == 0 ? null : JSON.readTree(in));
          byte[] out = reply.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", replyType);
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(int s, String body) {
    status = s;
    reply = body;
  }

  @Test
  void setupPostsTheOfficialBodyAndReadsTheData() {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"ownerAddress\":\""
            + OWNER
            + "\",\"otpauthUri\":"
            + "\"otpauth://totp/x:y?secret=ABC\",\"qrImageUrl\":\"http://s/2fa/qr/t\"}}");
    FaucetSetup s = GasStationClient.setupFaucet2FA(OWNER, url);
    assertThat(lastPath.get()).isEqualTo("/2fa/setup");
    assertThat(lastType.get()).isEqualTo("application/json");
    assertThat(lastBody.get().get("ownerAddress").asText()).isEqualTo(OWNER);
    assertThat(lastBody.get().get("format").asText()).isEqualTo("svg");
    assertThat(s)
        .isEqualTo(new FaucetSetup(OWNER, "otpauth://totp/x:y?secret=ABC", "http://s/2fa/qr/t"));
    assertThat(s.toString()).doesNotContain("secret=ABC");
    GasStationClient.setupFaucet2FA(OWNER, url, QrFormat.PNG);
    assertThat(lastBody.get().get("format").asText()).isEqualTo("png");
  }

  @Test
  void confirmPostsOwnerAndCode() {
    answer(200, "{\"status\":\"success\",\"code\":\"2FA_ACTIVATED\"}");
    GasStationClient.confirmFaucet2FA(OWNER, url, "123456");
    assertThat(lastPath.get()).isEqualTo("/2fa/confirm");
    assertThat(lastBody.get().get("twoFactorCode").asText()).isEqualTo("123456");
  }

  @Test
  void fundSendsAGeneratedRequestIdAndReturnsIt() {
    answer(
        200,
        "{\"status\":\"success\",\"code\":\"SUCCESS\",\"data\":{\"txHash\":\"0xabc\",\"fundedAmount\":"
            + "\"2000000000000000000\"}}");
    FundRequest req = FundRequest.of(OWNER, WALLET, "654321");
    FundResult r = GasStationClient.fundFromGasStation(req, url);
    JsonNode sent = lastBody.get();
    assertThat(lastPath.get()).isEqualTo("/faucet/fund");
    assertThat(sent.get("chainId").asText()).isEqualTo("peaq");
    assertThat(sent.get("ownerAddress").asText()).isEqualTo(OWNER);
    assertThat(sent.get("targetWalletAddress").asText()).isEqualTo(WALLET);
    assertThat(sent.get("requestId").asText()).isEqualTo(req.requestId()).matches("[0-9a-f-]{36}");
    // Without a requestId in the reply, the one sent is returned.
    assertThat(r)
        .isEqualTo(
            new FundResult.Funded(req.requestId(), "0xabc", new BigInteger("2000000000000000000")));
    assertThat(FundRequest.of(OWNER, WALLET, "654321").requestId()).isNotEqualTo(req.requestId());
  }

  @Test
  void aSkippedFundIsReadFromTheSkippedEnvelope() {
    answer(
        200,
        "{\"status\":\"skipped\",\"code\":\"SUFFICIENT_BALANCE\",\"data\":{\"requestId\":\"r-1\","
            + "\"currentBalance\":\"600\",\"minGasBalance\":\"500\"}}");
    FundResult r =
        GasStationClient.fundFromGasStation(
            FundRequest.builder()
                .ownerAddress(OWNER)
                .targetWalletAddress(WALLET)
                .twoFactorCode("000001")
                .requestId("r-1")
                .build(),
            url);
    assertThat(r)
        .isEqualTo(new FundResult.Skipped("r-1", BigInteger.valueOf(600), BigInteger.valueOf(500)));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "401|INVALID_2FA|Invalid 2FA code",
        "423|2FA_LOCKED|2FA locked",
        "429|RATE_LIMITED|Faucet rate limit exceeded",
        "429|CAP_EXCEEDED_OWNER|Owner daily funding cap exceeded",
        "429|CAP_EXCEEDED_WALLET|Wallet daily funding cap exceeded",
        "409|DUPLICATE_REQUEST|Request ID is already being processed",
        "502|TRANSFER_FAILED|On-chain transfer failed"
      })
  void knownCodesGetTheGuidesText(int httpStatus, String code, String message) {
    answer(httpStatus, "{\"code\":\"" + code + "\",\"message\":\"server words\"}");
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                GasStationClient.fundFromGasStation(FundRequest.of(OWNER, WALLET, "111111"), url));
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void unknownCodesAreKeptRawWithTheServersMessageButNeverTheCode() {
    answer(503, "{\"code\":\"FAUCET_EMPTY\",\"message\":\"empty; you sent 222333\"}");
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                GasStationClient.fundFromGasStation(FundRequest.of(OWNER, WALLET, "222333"), url));
    assertThat(e.code()).isEqualTo("FAUCET_EMPTY");
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.getMessage()).contains("empty").doesNotContain("222333");
  }

  @Test
  void anErrorWithoutACodeUsesTheHttpStatus() {
    answer(404, "{\"name\":\"NotFound\",\"message\":\"Page not found\",\"code\":404}");
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> GasStationClient.setupFaucet2FA(OWNER, url));
    assertThat(e.code()).isEqualTo("404");
    assertThat(e.httpStatus()).isEqualTo(404);
  }

  @Test
  void aNonJsonBodyIsInvalidResponse() {
    replyType = "text/html";
    answer(502, "<html>Bad Gateway</html>");
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> GasStationClient.setupFaucet2FA(OWNER, url));
    assertThat(e.code()).isEqualTo("INVALID_RESPONSE");
    assertThat(e.httpStatus()).isEqualTo(502);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"error\",\"data\":{}}",
        "{\"data\":{\"txHash\":\"0x1\",\"fundedAmount\":\"1\"}}",
        "{\"status\":\"success\",\"data\":{\"txHash\":\"0x1\"}}",
        "{\"status\":\"success\",\"data\":{\"txHash\":\"0x1\",\"fundedAmount\":\"1.5\"}}",
        "{\"status\":\"skipped\",\"data\":{\"currentBalance\":\"1\"}}",
        "{\"status\":\"success\"}",
        "[1,2,3]"
      })
  void aBrokenEnvelopeIsUnexpectedResponse(String body) {
    answer(200, body);
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                GasStationClient.fundFromGasStation(FundRequest.of(OWNER, WALLET, "111111"), url));
    assertThat(e.code()).isEqualTo("UNEXPECTED_RESPONSE");
  }

  @Test
  void aSetupWithoutItsFieldsIsUnexpectedResponse() {
    answer(200, "{\"status\":\"success\",\"data\":{\"ownerAddress\":\"" + OWNER + "\"}}");
    assertThat(
            catchThrowableOfType(
                    ApiException.class, () -> GasStationClient.setupFaucet2FA(OWNER, url))
                .code())
        .isEqualTo("UNEXPECTED_RESPONSE");
    answer(200, "{\"status\":\"failed\"}");
    assertThat(
            catchThrowableOfType(
                    ApiException.class,
                    () -> GasStationClient.confirmFaucet2FA(OWNER, url, "123456"))
                .code())
        .isEqualTo("UNEXPECTED_RESPONSE");
  }

  @Test
  void aStationThatCannotBeReachedIsNetworkError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> GasStationClient.confirmFaucet2FA(OWNER, "http://127.0.0.1:" + port, "987654"));
    assertThat(e.code()).isEqualTo("NETWORK_ERROR");
    assertThat(e.httpStatus()).isZero();
    assertThat(e.getMessage()).doesNotContain("987654");
  }

  @Test
  void badArgumentsFailBeforeAnyRequest() {
    lastPath.set(null);
    assertThatThrownBy(() -> GasStationClient.setupFaucet2FA("", url))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("ownerAddress"))
        .hasMessage("ValidationError: ownerAddress is required");
    assertThatThrownBy(
            () ->
                GasStationClient.setupFaucet2FA(
                    "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", url))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("0x-prefixed");
    assertThatThrownBy(() -> GasStationClient.confirmFaucet2FA(OWNER, url, "12a456"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("twoFactorCode"))
        .hasMessageNotContaining("12a456");
    assertThatThrownBy(
            () -> GasStationClient.fundFromGasStation(FundRequest.of(OWNER, "0x12", "123456"), url))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("targetWalletAddress"));
    assertThatThrownBy(() -> GasStationClient.setupFaucet2FA(OWNER, "ftp://x"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("PEAQOS_GAS_STATION_URL");
    assertThatThrownBy(() -> GasStationClient.setupFaucet2FA(OWNER, null))
        .hasMessage("ValidationError: PEAQOS_GAS_STATION_URL is required");
    assertThat(lastPath.get()).isNull();
  }

  @Test
  void aFundRequestNeverShowsItsCode() {
    FundRequest r = FundRequest.of(OWNER, WALLET, "424242");
    assertThat(r.toString()).doesNotContain("424242").contains(r.requestId());
    assertThat(r.chainId()).isEqualTo("peaq");
    assertThat(r.withTwoFactorCode("515151").requestId()).isEqualTo(r.requestId());
  }
}
