package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The Gas Station end to end: a real server on loopback, a real anvil, a real database (SQLite or
 * PostgreSQL by subclass), driven through the SDK client and raw HTTP.
 */
abstract class GasStationSuite {
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static final BigInteger AMOUNT = PEAQ;
  static final BigInteger MIN = PEAQ.divide(BigInteger.TWO);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final SecureRandom RANDOM = new SecureRandom();
  static final Totp TOTP = new Totp();

  static TestChain chain;

  @TempDir Path dir;
  MutableClock clock;
  GasStationServer server;
  GasStationClient client;
  String jdbcUrl;
  byte[] encryptionKey;
  final List<GasStationServer> extra = new ArrayList<>();

  /** A JDBC URL of an empty database for one test. */
  abstract String newDatabase(Path dir) throws Exception;

  @BeforeAll
  static void startChain() throws Exception {
    chain = TestChain.start();
  }

  @AfterAll
  static void stopChain() throws Exception {
    if (chain != null) {
      chain.close();
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    // Mid-step, so codes of the steps either side are valid too.
    clock = new MutableClock(Instant.parse("2030-01-15T10:00:10Z"));
    jdbcUrl = newDatabase(dir);
    encryptionKey = new byte[32];
    RANDOM.nextBytes(encryptionKey);
    server = GasStationServer.start(config().build());
    client = GasStationClient.create(server.url());
  }

  @AfterEach
  void stopServer() {
    for (GasStationServer s : extra) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  GasStationConfig.Builder config() {
    return GasStationConfig.builder()
        .rpcUrl(chain.rpcUrl())
        .faucetPrivateKey(chain.devKey(1))
        .jdbcUrl(jdbcUrl)
        .dataDir(dir)
        .encryptionKey(encryptionKey)
        .fundAmount(AMOUNT)
        .minGasBalance(MIN)
        .ownerDailyCap(PEAQ.multiply(BigInteger.valueOf(3)))
        .walletDailyCap(PEAQ.multiply(BigInteger.TWO))
        .rateLimit(1000, Duration.ofMinutes(1))
        // The station-wide limits of their own tests (AbuseLimits*): out of the way of the rest.
        .clientRateLimit(100_000, Duration.ofMinutes(1))
        .clientDailyCap(PEAQ.multiply(BigInteger.valueOf(1000)))
        .dailyBudget(PEAQ.multiply(BigInteger.valueOf(1000)))
        .receiptTimeout(Duration.ofSeconds(15))
        .clock(clock);
  }

  GasStationServer startExtra(GasStationConfig cfg, UnaryOperator<FaucetChain> decorate) {
    GasStationServer s = GasStationServer.start(cfg, decorate);
    extra.add(s);
    return s;
  }

  // ------------------------------------------------------------------ helpers

  static String randomAddress() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return org.web3j.crypto.Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(b));
  }

  static byte[] secretOf(String otpauthUri) {
    Matcher m = Pattern.compile("[?&]secret=([A-Z2-7]+)").matcher(otpauthUri);
    assertThat(m.find()).as("secret in the otpauth URI").isTrue();
    return org.bouncycastle.util.encoders.Base32.decode(m.group(1));
  }

  String code(byte[] secret) {
    return TOTP.codeAt(secret, clock.instant());
  }

  String codeAtStep(byte[] secret, int offset) {
    return TOTP.codeAt(secret, TOTP.stepOf(clock.instant()) + offset);
  }

  /** Moves to the next 30-second step so the next code is unused. */
  String freshCode(byte[] secret) {
    clock.advance(Duration.ofSeconds(30));
    return code(secret);
  }

  /** Setup and confirm; returns the TOTP secret. */
  byte[] enrol(GasStationClient c, String owner) {
    FaucetSetup s = c.setup(owner, QrFormat.SVG);
    byte[] secret = secretOf(s.otpauthUri());
    c.confirm(owner, code(secret));
    return secret;
  }

  byte[] enrol(String owner) {
    return enrol(client, owner);
  }

  record Reply(int status, JsonNode json, String raw, Map<String, List<String>> headers) {
    String code() {
      return json != null && json.has("code") ? json.get("code").asText() : null;
    }
  }

  Reply post(String url, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Reply post(String path, String json) throws Exception {
    return post(server.url(), path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Reply get(String url) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  static Reply send(HttpRequest req) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    String raw = new String(r.body(), StandardCharsets.UTF_8);
    JsonNode json = null;
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json")) {
      json = JSON.readTree(r.body());
    }
    return new Reply(r.statusCode(), json, raw, r.headers().map());
  }

  static String fundJson(String owner, String target, String code, String requestId) {
    return "{\"ownerAddress\":\""
        + owner
        + "\",\"targetWalletAddress\":\""
        + target
        + "\",\"chainId\":\"peaq\",\"twoFactorCode\":\""
        + code
        + "\",\"requestId\":\""
        + requestId
        + "\"}";
  }

  /** Everything a bad request must leave alone: row counts and the faucet's transactions. */
  record Snapshot(long owners, long usedCodes, long requests, long qr, BigInteger faucetNonce) {}

  Snapshot snapshot() throws Exception {
    return new Snapshot(
        count("owners"),
        count("used_codes"),
        count("fund_requests"),
        count("qr_tokens"),
        chain.nonce(server.faucetAddress()));
  }

  Connection db() throws Exception {
    return jdbcUrl.startsWith("jdbc:postgresql:")
        ? DriverManager.getConnection(jdbcUrl, "postgres", "")
        : DriverManager.getConnection(jdbcUrl);
  }

  long count(String table) throws Exception {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String requestState(String requestId) throws Exception {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT state FROM fund_requests WHERE request_id = '" + requestId + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static ApiException apiError(Runnable r) {
    return catchThrowableOfType(ApiException.class, r::run);
  }

  // ------------------------------------------------------------------ happy paths

  @Test
  void enrolConfirmAndFundThroughTheSdk() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    FaucetSetup setup = client.setup(owner, QrFormat.PNG);
    assertThat(setup.ownerAddress()).isEqualTo(owner);
    assertThat(setup.otpauthUri())
        .startsWith("otpauth://totp/peaqOS%20Gas%20Station:" + owner + "?secret=")
        .contains("&issuer=peaqOS%20Gas%20Station");
    assertThat(setup.toString()).doesNotContain("secret=");
    Reply png = get(setup.qrImageUrl());
    assertThat(png.status()).isEqualTo(200);
    assertThat(png.headers().get("content-type")).containsExactly("image/png");
    assertThat(
            QrCodesTest.decodePng(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(setup.qrImageUrl())).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .body()))
        .isEqualTo(setup.otpauthUri());

    byte[] secret = secretOf(setup.otpauthUri());
    GasStationClient.confirmFaucet2FA(owner, server.url(), code(secret));
    BigInteger faucetNonce = chain.nonce(server.faucetAddress());
    FundRequest req =
        FundRequest.builder()
            .ownerAddress(owner)
            .targetWalletAddress(target)
            .twoFactorCode(code(secret))
            .build();
    FundResult result = GasStationClient.fundFromGasStation(req, server.url());

    assertThat(result).isInstanceOf(FundResult.Funded.class);
    FundResult.Funded funded = (FundResult.Funded) result;
    assertThat(funded.requestId()).isEqualTo(req.requestId());
    assertThat(funded.fundedAmount()).isEqualTo(AMOUNT);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    assertThat(chain.client.receipt(funded.txHash()))
        .hasValueSatisfying(r -> assertThat(r.success()).isTrue());
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(faucetNonce.add(BigInteger.ONE));

    // A replay (same id), even with a later code, returns the first result and moves nothing.
    FundResult again = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(again).isEqualTo(result);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(faucetNonce.add(BigInteger.ONE));
  }

  @Test
  void aTargetHoldingTheMinimumIsSkippedAndTheReplayIsTheSame() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    chain.setBalance(target, MIN);
    byte[] secret = enrol(owner);
    BigInteger nonce = chain.nonce(server.faucetAddress());
    FundRequest req = FundRequest.of(owner, target, code(secret));
    FundResult r = client.fund(req);
    assertThat(r).isEqualTo(new FundResult.Skipped(req.requestId(), MIN, MIN));
    assertThat(client.fund(req)).isEqualTo(r);
    assertThat(chain.balance(target)).isEqualTo(MIN);
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce);
    assertThat(requestState(req.requestId())).isEqualTo("SKIPPED");
  }

  @Test
  void repliesHaveTheOfficialEnvelopes() throws Exception {
    String owner = randomAddress();
    Reply setup =
        post("/2fa/setup", "{\"ownerAddress\":\"" + owner.toLowerCase() + "\",\"format\":\"svg\"}");
    assertThat(setup.status()).isEqualTo(200);
    assertThat(setup.json().get("status").asText()).isEqualTo("success");
    JsonNode data = setup.json().get("data");
    assertThat(data.get("ownerAddress").asText()).isEqualTo(owner);
    assertThat(data.get("otpauthUri").asText()).startsWith("otpauth://totp/");
    assertThat(data.get("qrImageUrl").asText()).startsWith(server.url() + "/2fa/qr/");
    byte[] secret = secretOf(data.get("otpauthUri").asText());

    Reply confirm =
        post(
            "/2fa/confirm",
            "{\"ownerAddress\":\"" + owner + "\",\"twoFactorCode\":\"" + code(secret) + "\"}");
    assertThat(confirm.status()).isEqualTo(200);
    assertThat(confirm.json().get("status").asText()).isEqualTo("success");
    assertThat(confirm.json().get("code").asText()).isEqualTo("2FA_ACTIVATED");

    String target = randomAddress();
    Reply fund = post("/faucet/fund", fundJson(owner, target, code(secret), "wire-1"));
    assertThat(fund.status()).isEqualTo(200);
    assertThat(fund.json().get("status").asText()).isEqualTo("success");
    assertThat(fund.json().get("code").asText()).isEqualTo("SUCCESS");
    assertThat(fund.json().get("data").get("txHash").asText()).matches("0x[0-9a-f]{64}");
    assertThat(fund.json().get("data").get("fundedAmount").asText()).isEqualTo(AMOUNT.toString());
    assertThat(fund.json().get("data").get("requestId").asText()).isEqualTo("wire-1");

    String rich = randomAddress();
    chain.setBalance(rich, PEAQ);
    Reply skipped = post("/faucet/fund", fundJson(owner, rich, freshCode(secret), "wire-2"));
    assertThat(skipped.status()).isEqualTo(200);
    assertThat(skipped.json().get("status").asText()).isEqualTo("skipped");
    assertThat(skipped.json().get("code").asText()).isEqualTo("SUFFICIENT_BALANCE");
    assertThat(skipped.json().get("data").get("currentBalance").asText())
        .isEqualTo(PEAQ.toString());
    assertThat(skipped.json().get("data").get("minGasBalance").asText()).isEqualTo(MIN.toString());

    Reply health = get(server.url() + "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("data").get("faucetAddress").asText())
        .isEqualTo(server.faucetAddress());
  }

  // ------------------------------------------------------------------ malformed input

  @Test
  void malformedRequestsGetA4xxJsonCodeAndChangeNothing() throws Exception {
    String owner = randomAddress();
    byte[] secret = enrol(owner);
    String target = randomAddress();
    String good = code(secret);
    byte[] oneMegabyte =
        ("{\"ownerAddress\":\"" + owner + "\",\"pad\":\"" + "x".repeat(1 << 20) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    String badChecksum = owner.substring(0, 2) + swapCase(owner.substring(2));
    record Case(String path, String type, byte[] body, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case("/faucet/fund", "application/json", oneMegabyte, 413, "PAYLOAD_TOO_LARGE"),
            new Case("/2fa/setup", "application/json", oneMegabyte, 413, "PAYLOAD_TOO_LARGE"),
            new Case(
                "/faucet/fund",
                "text/plain",
                fundJson(owner, target, good, "m1").getBytes(),
                415,
                "UNSUPPORTED_MEDIA_TYPE"),
            new Case("/2fa/confirm", null, "{}".getBytes(), 415, "UNSUPPORTED_MEDIA_TYPE"),
            new Case(
                "/2fa/setup",
                "application/x-www-form-urlencoded",
                ("ownerAddress=" + owner).getBytes(),
                415,
                "UNSUPPORTED_MEDIA_TYPE"),
            new Case(
                "/faucet/fund", "application/json", "not json".getBytes(), 400, "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund", "application/json", "[1,2]".getBytes(), 400, "INVALID_PAYLOAD"),
            new Case("/faucet/fund", "application/json", "".getBytes(), 400, "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"targetWalletAddress\":\"" + target + "\",\"twoFactorCode\":\"" + good + "\"}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":\"" + owner + "\",\"twoFactorCode\":\"" + good + "\"}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":\"" + owner + "\",\"targetWalletAddress\":\"" + target + "\"}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":42,\"targetWalletAddress\":\""
                        + target
                        + "\",\"twoFactorCode\":\""
                        + good
                        + "\"}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":\""
                        + owner
                        + "\",\"targetWalletAddress\":\""
                        + target
                        + "\",\"twoFactorCode\":123456}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                fundJson(owner, target, "12345", "m2").getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                fundJson(owner, target, good, "bad id with spaces").getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":\""
                        + owner
                        + "\",\"targetWalletAddress\":\""
                        + target
                        + "\",\"chainId\":7,\"twoFactorCode\":\""
                        + good
                        + "\"}")
                    .getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/faucet/fund",
                "application/json",
                fundJson(owner, "0x1234", good, "m3").getBytes(),
                400,
                "INVALID_TARGET_ADDRESS"),
            new Case(
                "/faucet/fund",
                "application/json",
                fundJson(owner, "0x" + "g".repeat(40), good, "m4").getBytes(),
                400,
                "INVALID_TARGET_ADDRESS"),
            new Case(
                "/faucet/fund",
                "application/json",
                fundJson(badChecksum, target, good, "m5").getBytes(),
                400,
                "INVALID_OWNER_ADDRESS"),
            new Case(
                "/2fa/setup",
                "application/json",
                "{\"ownerAddress\":\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"}"
                    .getBytes(),
                400,
                "INVALID_OWNER_ADDRESS"),
            new Case(
                "/2fa/setup",
                "application/json",
                ("{\"ownerAddress\":\"" + randomAddress() + "\",\"format\":\"gif\"}").getBytes(),
                400,
                "INVALID_PAYLOAD"),
            new Case(
                "/2fa/confirm",
                "application/json",
                ("{\"ownerAddress\":\"0xabc\",\"twoFactorCode\":\"" + good + "\"}").getBytes(),
                400,
                "INVALID_OWNER_ADDRESS"),
            new Case(
                "/faucet/fund",
                "application/json",
                ("{\"ownerAddress\":\""
                        + owner
                        + "\",\"targetWalletAddress\":\""
                        + target
                        + "\",\"chainId\":\"ethereum\",\"twoFactorCode\":\""
                        + good
                        + "\",\"requestId\":\"m6\"}")
                    .getBytes(),
                400,
                "UNSUPPORTED_CHAIN"));
    for (Case c : cases) {
      Snapshot before = snapshot();
      Reply r = post(server.url(), c.path(), c.type(), c.body());
      assertThat(r.status()).as("%s %s", c.path(), c.code()).isEqualTo(c.status());
      assertThat(r.json()).as("JSON body for %s", c.code()).isNotNull();
      assertThat(r.code()).as(c.path() + " " + r.raw()).isEqualTo(c.code());
      assertThat(r.json().get("message").asText()).isNotBlank().doesNotContain(good);
      assertThat(snapshot()).as("state after %s", c.code()).isEqualTo(before);
    }
    Reply notFound = get(server.url() + "/nope");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("NOT_FOUND");
    Reply wrongMethod = get(server.url() + "/faucet/fund");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.code()).isEqualTo("METHOD_NOT_ALLOWED");
    // The owner can still fund afterwards: nothing above counted as a bad code.
    assertThat(client.fund(FundRequest.of(owner, target, good)))
        .isInstanceOf(FundResult.Funded.class);
  }

  private static String swapCase(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      b.append(Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
    }
    return b.toString().equals(s.toLowerCase()) ? "A" + b.substring(1) : b.toString();
  }

  // ------------------------------------------------------------------ 2FA

  @Test
  void twoFactorStatesNonePendingActive() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    ApiException e = apiError(() -> client.fund(FundRequest.of(owner, target, "123456")));
    assertThat(e.code()).isEqualTo("2FA_NOT_CONFIGURED");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(apiError(() -> client.confirm(owner, "123456")).code())
        .isEqualTo("2FA_NOT_CONFIGURED");

    byte[] first = secretOf(client.setup(owner, QrFormat.SVG).otpauthUri());
    e = apiError(() -> client.fund(FundRequest.of(owner, target, code(first))));
    assertThat(e.code()).isEqualTo("2FA_NOT_ACTIVE");
    assertThat(e.httpStatus()).isEqualTo(403);

    // Setup again while pending: a new secret replaces the first.
    byte[] second = secretOf(client.setup(owner, QrFormat.SVG).otpauthUri());
    assertThat(second).isNotEqualTo(first);
    if (!code(first).equals(code(second))) {
      assertThat(apiError(() -> client.confirm(owner, code(first))).code())
          .isEqualTo("INVALID_2FA");
    }
    client.confirm(owner, code(second));

    e = apiError(() -> client.setup(owner, QrFormat.SVG));
    assertThat(e.code()).isEqualTo("2FA_ALREADY_CONFIGURED");
    assertThat(e.httpStatus()).isEqualTo(409);
    // Confirming an active owner again with a fresh code is accepted (idempotent).
    client.confirm(owner, freshCode(second));
    assertThat(client.fund(FundRequest.of(owner, target, code(second))))
        .isInstanceOf(FundResult.Funded.class);
  }

  @Test
  void aUsedCodeIsNeverAcceptedTwiceAndOneStepOfDriftIs() throws Exception {
    String owner = randomAddress();
    byte[] secret = secretOf(client.setup(owner, QrFormat.SVG).otpauthUri());
    String c = code(secret);
    client.confirm(owner, c);
    ApiException e = apiError(() -> client.confirm(owner, c));
    assertThat(e.code()).isEqualTo("INVALID_2FA");
    assertThat(e.getMessage()).isEqualTo("Invalid 2FA code");
    assertThat(e.httpStatus()).isEqualTo(401);

    // The confirmation code may fund once (the official CLI reuses it), then never again.
    String rich = randomAddress();
    chain.setBalance(rich, PEAQ);
    assertThat(client.fund(FundRequest.of(owner, rich, c))).isInstanceOf(FundResult.Skipped.class);
    assertThat(apiError(() -> client.fund(FundRequest.of(owner, rich, c))).code())
        .isEqualTo("INVALID_2FA");

    // One step either side is accepted, each once.
    String previous = codeAtStep(secret, -1);
    String next = codeAtStep(secret, 1);
    assertThat(client.fund(FundRequest.of(owner, rich, previous)))
        .isInstanceOf(FundResult.Skipped.class);
    assertThat(client.fund(FundRequest.of(owner, rich, next)))
        .isInstanceOf(FundResult.Skipped.class);
    assertThat(apiError(() -> client.fund(FundRequest.of(owner, rich, next))).code())
        .isEqualTo("INVALID_2FA");
    // Two steps away is refused (unless it happens to equal a nearby code).
    String far = codeAtStep(secret, 3);
    if (!far.equals(codeAtStep(secret, -1))
        && !far.equals(codeAtStep(secret, 0))
        && !far.equals(codeAtStep(secret, 1))) {
      assertThat(apiError(() -> client.fund(FundRequest.of(owner, rich, far))).code())
          .isEqualTo("INVALID_2FA");
    }
  }

  @Test
  void fiveBadCodesLockTheOwnerForFifteenMinutes() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    String wrong = String.format("%06d", (Integer.parseInt(code(secret)) + 500_000) % 1_000_000);
    for (int i = 1; i <= 4; i++) {
      ApiException e = apiError(() -> client.fund(FundRequest.of(owner, target, wrong)));
      assertThat(e.code()).as("attempt %d", i).isEqualTo("INVALID_2FA");
    }
    ApiException locked = apiError(() -> client.fund(FundRequest.of(owner, target, wrong)));
    assertThat(locked.code()).isEqualTo("2FA_LOCKED");
    assertThat(locked.getMessage()).isEqualTo("2FA locked");
    assertThat(locked.httpStatus()).isEqualTo(423);

    // Locked: the right code is refused too, on every endpoint that takes one.
    Reply r = post("/faucet/fund", fundJson(owner, target, freshCode(secret), "locked-1"));
    assertThat(r.code()).isEqualTo("2FA_LOCKED");
    assertThat(Long.parseLong(r.headers().get("retry-after").get(0))).isBetween(800L, 900L);
    assertThat(apiError(() -> client.confirm(owner, code(secret))).code()).isEqualTo("2FA_LOCKED");
    clock.advance(Duration.ofMinutes(14));
    assertThat(apiError(() -> client.fund(FundRequest.of(owner, target, code(secret)))).code())
        .isEqualTo("2FA_LOCKED");

    clock.advance(Duration.ofMinutes(1));
    assertThat(client.fund(FundRequest.of(owner, target, code(secret))))
        .isInstanceOf(FundResult.Funded.class);
  }

  @Test
  void theQrImageIsPngOrSvgAndGoneAfter120Seconds() throws Exception {
    String owner = randomAddress();
    FaucetSetup svg = client.setup(owner, QrFormat.SVG);
    HttpResponse<byte[]> img =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(svg.qrImageUrl())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(img.statusCode()).isEqualTo(200);
    assertThat(img.headers().firstValue("content-type")).hasValue("image/svg+xml");
    assertThat(QrCodesTest.decodeSvg(img.body())).isEqualTo(svg.otpauthUri());
    HttpResponse<byte[]> png =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(svg.qrImageUrl() + "?format=png")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(QrCodesTest.decodePng(png.body())).isEqualTo(svg.otpauthUri());

    clock.advance(Duration.ofSeconds(119));
    assertThat(get(svg.qrImageUrl()).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    Reply gone = get(svg.qrImageUrl());
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.code()).isEqualTo("QR_EXPIRED");

    // A new setup ends the previous image; its own stops once the owner confirms (it shows the live
    // secret).
    FaucetSetup second = client.setup(owner, QrFormat.SVG);
    FaucetSetup again = client.setup(owner, QrFormat.PNG);
    assertThat(get(second.qrImageUrl()).code()).isEqualTo("QR_EXPIRED");
    assertThat(get(again.qrImageUrl()).status()).isEqualTo(200);
    client.confirm(owner, code(secretOf(again.otpauthUri())));
    assertThat(get(again.qrImageUrl()).code()).isEqualTo("QR_EXPIRED");

    Reply unknown = get(server.url() + "/2fa/qr/" + "ab".repeat(24));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("QR_NOT_FOUND");
  }

  @Test
  void aQrThatCannotBeMadeIsQrGenerationFailedAndStoresNothing() throws Exception {
    GasStationServer s =
        startExtra(config().issuer("x".repeat(3000)).build(), UnaryOperator.identity());
    Snapshot before = snapshot();
    ApiException e =
        apiError(() -> GasStationClient.create(s.url()).setup(randomAddress(), QrFormat.PNG));
    assertThat(e.code()).isEqualTo("QR_GENERATION_FAILED");
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void totpSecretsAreEncryptedAtRest() throws Exception {
    String owner = randomAddress();
    FaucetSetup s = client.setup(owner, QrFormat.SVG);
    String base32 = s.otpauthUri().replaceAll(".*secret=([A-Z2-7]+).*", "$1");
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT secret_enc FROM owners")) {
      assertThat(rs.next()).isTrue();
      String stored = rs.getString(1);
      assertThat(stored).doesNotContain(base32);
      String storedHex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(stored));
      assertThat(storedHex).doesNotContain(HexFormat.of().formatHex(secretOf(s.otpauthUri())));
    }
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT payload_enc FROM qr_tokens")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).doesNotContain(base32).doesNotContain("otpauth");
    }
  }

  // ------------------------------------------------------------------ limits

  @Test
  void theRateLimitAnswersRateLimitedAndRecovers() throws Exception {
    GasStationServer s =
        startExtra(config().rateLimit(2, Duration.ofMinutes(1)).build(), UnaryOperator.identity());
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    byte[] secret = enrol(c, owner);
    String rich = randomAddress();
    chain.setBalance(rich, PEAQ);
    assertThat(c.fund(FundRequest.of(owner, rich, codeAtStep(secret, -1))))
        .isInstanceOf(FundResult.Skipped.class);
    assertThat(c.fund(FundRequest.of(owner, rich, codeAtStep(secret, 0))))
        .isInstanceOf(FundResult.Skipped.class);
    Snapshot before = snapshot();
    ApiException e = apiError(() -> c.fund(FundRequest.of(owner, rich, codeAtStep(secret, 1))));
    assertThat(e.code()).isEqualTo("RATE_LIMITED");
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.getMessage()).isEqualTo("Faucet rate limit exceeded");
    assertThat(snapshot()).isEqualTo(before);
    Reply raw =
        post(
            s.url(),
            "/faucet/fund",
            "application/json",
            fundJson(owner, rich, codeAtStep(secret, 1), "rl-raw").getBytes());
    assertThat(raw.headers()).containsKey("retry-after");
    // Another owner has its own bucket.
    String other = randomAddress();
    byte[] otherSecret = enrol(c, other);
    assertThat(c.fund(FundRequest.of(other, rich, code(otherSecret))))
        .isInstanceOf(FundResult.Skipped.class);

    clock.advance(Duration.ofSeconds(31));
    assertThat(c.fund(FundRequest.of(owner, rich, code(secret))))
        .isInstanceOf(FundResult.Skipped.class);
  }

  @Test
  void dailyCapsPerOwnerAndPerWalletResetOnTheNextUtcDay() throws Exception {
    String owner = randomAddress();
    byte[] secret = enrol(owner);
    for (int i = 0; i < 3; i++) {
      assertThat(client.fund(FundRequest.of(owner, randomAddress(), freshCode(secret))))
          .isInstanceOf(FundResult.Funded.class);
    }
    Snapshot before = snapshot();
    ApiException e =
        apiError(() -> client.fund(FundRequest.of(owner, randomAddress(), freshCode(secret))));
    assertThat(e.code()).isEqualTo("CAP_EXCEEDED_OWNER");
    assertThat(e.getMessage()).isEqualTo("Owner daily funding cap exceeded");
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(snapshot().requests()).isEqualTo(before.requests());
    assertThat(snapshot().faucetNonce()).isEqualTo(before.faucetNonce());

    // The wallet cap counts what one target received from every owner.
    String wallet = randomAddress();
    for (int i = 0; i < 2; i++) {
      String o = randomAddress();
      byte[] s = enrol(o);
      chain.setBalance(wallet, BigInteger.ZERO);
      assertThat(client.fund(FundRequest.of(o, wallet, code(s))))
          .isInstanceOf(FundResult.Funded.class);
    }
    chain.setBalance(wallet, BigInteger.ZERO);
    String third = randomAddress();
    byte[] thirdSecret = enrol(third);
    ApiException w = apiError(() -> client.fund(FundRequest.of(third, wallet, code(thirdSecret))));
    assertThat(w.code()).isEqualTo("CAP_EXCEEDED_WALLET");
    assertThat(w.getMessage()).isEqualTo("Wallet daily funding cap exceeded");

    // Next UTC day: both caps start again.
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    clock.set(today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(15));
    assertThat(client.fund(FundRequest.of(owner, randomAddress(), code(secret))))
        .isInstanceOf(FundResult.Funded.class);
    assertThat(client.fund(FundRequest.of(third, wallet, code(thirdSecret))))
        .isInstanceOf(FundResult.Funded.class);
  }

  // ------------------------------------------------------------------ exactly once

  @Test
  void twentyConcurrentRequestsWithOneRequestIdMakeOneTransfer() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    BigInteger nonce = chain.nonce(server.faucetAddress());
    FundRequest req = FundRequest.of(owner, target, code(secret));
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        futures.add(
            pool.submit(
                (Callable<Object>)
                    () -> {
                      go.await();
                      try {
                        return client.fund(req);
                      } catch (ApiException e) {
                        return e.code();
                      }
                    }));
      }
      go.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      List<FundResult.Funded> funded =
          results.stream()
              .filter(FundResult.Funded.class::isInstance)
              .map(FundResult.Funded.class::cast)
              .toList();
      assertThat(funded).isNotEmpty();
      assertThat(funded.stream().map(FundResult.Funded::txHash).distinct()).hasSize(1);
      assertThat(results)
          .allMatch(r -> r instanceof FundResult.Funded || "DUPLICATE_REQUEST".equals(r));
    } finally {
      pool.shutdownNow();
    }
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.ONE));
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    FundResult replay = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(replay).isInstanceOf(FundResult.Funded.class);
  }

  @Test
  void inFlightDuplicatesAreRefusedAndAReusedIdWithOtherParametersIsAlreadyProcessed()
      throws Exception {
    CountDownLatch recorded = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GasStationServer s =
        startExtra(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public void broadcast(SignedTransaction tx) {
                    recorded.countDown();
                    try {
                      release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    real.broadcast(tx);
                  }
                });
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(c, owner);
    FundRequest req = FundRequest.of(owner, target, code(secret));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<FundResult> first = pool.submit(() -> c.fund(req));
      assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(requestState(req.requestId())).isEqualTo("SIGNED");
      ApiException dup = apiError(() -> c.fund(req));
      assertThat(dup.code()).isEqualTo("DUPLICATE_REQUEST");
      assertThat(dup.httpStatus()).isEqualTo(409);
      assertThat(
              apiError(
                      () ->
                          c.fund(
                              new FundRequest(
                                  owner, randomAddress(), "peaq", code(secret), req.requestId())))
                  .code())
          .isEqualTo("DUPLICATE_REQUEST");
      release.countDown();
      FundResult result = first.get(60, TimeUnit.SECONDS);
      assertThat(result).isInstanceOf(FundResult.Funded.class);

      ApiException processed =
          apiError(
              () ->
                  c.fund(
                      new FundRequest(
                          owner, randomAddress(), "peaq", freshCode(secret), req.requestId())));
      assertThat(processed.code()).isEqualTo("REQUEST_ALREADY_PROCESSED");
      assertThat(processed.httpStatus()).isEqualTo(409);
      assertThat(c.fund(req.withTwoFactorCode(code(secret)))).isEqualTo(result);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void killedAfterRecordingBeforeBroadcastTheRestartFinishesWithOneTransfer() throws Exception {
    crashAndRestart(false);
  }

  @Test
  void killedAfterBroadcastBeforeTheReceiptTheRestartFinishesWithOneTransfer() throws Exception {
    crashAndRestart(true);
  }

  private void crashAndRestart(boolean afterSending) throws Exception {
    server.close();
    server =
        GasStationServer.start(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public void broadcast(SignedTransaction tx) {
                    if (afterSending) {
                      real.broadcast(tx);
                    }
                    throw new SimulatedCrash(afterSending ? "after broadcast" : "before broadcast");
                  }
                });
    client = GasStationClient.create(server.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    BigInteger nonce = chain.nonce(server.faucetAddress());
    FundRequest req = FundRequest.of(owner, target, code(secret));
    ApiException crash = apiError(() -> client.fund(req));
    assertThat(crash.httpStatus()).isEqualTo(500);
    assertThat(requestState(req.requestId())).isEqualTo("SIGNED");
    server.close(); // the process is gone; nothing ran after the crash point

    server = GasStationServer.start(config().build());
    client = GasStationClient.create(server.url());
    assertThat(requestState(req.requestId())).isEqualTo("DONE");
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.ONE));
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    FundResult replay = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(replay).isInstanceOf(FundResult.Funded.class);
    String hash = ((FundResult.Funded) replay).txHash();
    assertThat(chain.client.receipt(hash))
        .hasValueSatisfying(r -> assertThat(r.to()).isEqualToIgnoringCase(target));
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.ONE));
  }

  @Test
  void aRecordedTransferWhoseNonceWasTakenIsFailedAndTheSameIdRetriesOnce() throws Exception {
    server.close();
    server =
        GasStationServer.start(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public void broadcast(SignedTransaction tx) {
                    throw new SimulatedCrash("before broadcast");
                  }
                });
    client = GasStationClient.create(server.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    FundRequest req = FundRequest.of(owner, target, code(secret));
    apiError(() -> client.fund(req));
    server.close();
    // Meanwhile another process spends the faucet's nonce.
    ChainClient other = ChainClient.connect(chain.rpcUrl());
    other.sender(chain.devKey(1)).send(TxRequest.transfer(chain.devAddress(9), BigInteger.ONE));

    server = GasStationServer.start(config().build());
    client = GasStationClient.create(server.url());
    assertThat(requestState(req.requestId())).isEqualTo("FAILED");
    assertThat(chain.balance(target)).isZero();
    FundResult retried = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(retried).isInstanceOf(FundResult.Funded.class);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    assertThat(client.fund(req.withTwoFactorCode(freshCode(secret)))).isEqualTo(retried);
  }

  @Test
  void twoInstancesOnOneDatabaseShareTheLedgerAndTheFaucet() throws Exception {
    GasStationServer second = startExtra(config().build(), UnaryOperator.identity());
    List<GasStationClient> stations = List.of(client, GasStationClient.create(second.url()));
    BigInteger nonce = chain.nonce(server.faucetAddress());

    // One request id sent to both instances at once: one transfer.
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    FundRequest shared = FundRequest.of(owner, target, code(secret));
    // Eight owners funding eight wallets at once, half through each instance: eight transfers.
    List<String> owners = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    List<String> wallets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      owners.add(randomAddress());
      secrets.add(enrol(stations.get(i % 2), owners.get(i)));
      wallets.add(randomAddress());
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> sharedResults = new ArrayList<>();
    List<Future<Object>> distinct = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        GasStationClient c = stations.get(i % 2);
        sharedResults.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return c.fund(shared);
                  } catch (ApiException e) {
                    return e.code();
                  }
                }));
        FundRequest own = FundRequest.of(owners.get(i), wallets.get(i), code(secrets.get(i)));
        distinct.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return c.fund(own);
                  } catch (ApiException e) {
                    return e.code();
                  }
                }));
      }
      go.countDown();
      for (Future<Object> f : sharedResults) {
        assertThat(f.get(120, TimeUnit.SECONDS))
            .matches(
                r -> r instanceof FundResult.Funded || "DUPLICATE_REQUEST".equals(r),
                "funded or duplicate");
      }
      for (Future<Object> f : distinct) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isInstanceOf(FundResult.Funded.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
    for (String w : wallets) {
      assertThat(chain.balance(w)).isEqualTo(AMOUNT);
    }
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.valueOf(9)));
  }

  @Test
  void killedAfterClaimingBeforeSigningTheRequestFailsAfterTheLeaseAndRetries() throws Exception {
    server.close();
    server =
        GasStationServer.start(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public SignedTransaction signTransfer(
                      String to, BigInteger value, BigInteger nonce) {
                    throw new SimulatedCrash("before signing");
                  }
                });
    client = GasStationClient.create(server.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    FundRequest req = FundRequest.of(owner, target, code(secret));
    apiError(() -> client.fund(req));
    server.close();
    assertThat(requestState(req.requestId())).isEqualTo("CLAIMED");

    // Within the lease the claim is left alone (its owner may still be signing)...
    server = GasStationServer.start(config().claimLease(Duration.ofSeconds(60)).build());
    client = GasStationClient.create(server.url());
    assertThat(requestState(req.requestId())).isEqualTo("CLAIMED");
    assertThat(apiError(() -> client.fund(req)).code()).isEqualTo("DUPLICATE_REQUEST");
    // ...after it, reconciliation gives it up and the same id funds once.
    clock.advance(Duration.ofSeconds(61));
    assertThat(server.reconcileNow()).isEqualTo(1);
    assertThat(requestState(req.requestId())).isEqualTo("FAILED");
    assertThat(client.fund(req.withTwoFactorCode(code(secret))))
        .isInstanceOf(FundResult.Funded.class);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
  }

  @Test
  void aNonceReservedByARequestThatDiedBeforeSendingIsReplacedNotSkipped() throws Exception {
    BigInteger nonce = chain.nonce(server.faucetAddress());
    server.close();
    server =
        GasStationServer.start(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public SignedTransaction signTransfer(String to, BigInteger value, BigInteger n) {
                    throw new SimulatedCrash("after the nonce was reserved, before signing");
                  }
                });
    client = GasStationClient.create(server.url());
    String deadOwner = randomAddress();
    byte[] deadSecret = enrol(deadOwner);
    FundRequest dead = FundRequest.of(deadOwner, randomAddress(), code(deadSecret));
    apiError(() -> client.fund(dead));
    server.close();
    assertThat(requestState(dead.requestId())).isEqualTo("CLAIMED");
    assertThat(requestNonce(dead.requestId())).isEqualTo(nonce.longValueExact());

    // Another request (another instance, say) is given the next nonce: the dead one still holds
    // its own within the claim lease, so the transfer waits in the node's pool above a gap.
    server = GasStationServer.start(config().receiptTimeout(Duration.ofSeconds(2)).build());
    client = GasStationClient.create(server.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    FundRequest waiting = FundRequest.of(owner, target, code(secret));
    assertThat(apiError(() -> client.fund(waiting)).code()).isEqualTo("TRANSFER_PENDING");
    assertThat(requestNonce(waiting.requestId())).isEqualTo(nonce.longValueExact() + 1);
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce);

    // After the lease the dead claim fails and its nonce is replaced (not skipped): the waiting
    // transfer is mined, and the next pass finds its receipt.
    clock.advance(Duration.ofSeconds(61));
    server.reconcileNow();
    server.reconcileNow();
    assertThat(requestState(dead.requestId())).isEqualTo("FAILED");
    assertThat(requestState(waiting.requestId())).isEqualTo("DONE");
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.TWO));
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
  }

  long requestNonce(String requestId) throws Exception {
    try (Connection c = db();
        PreparedStatement ps =
            c.prepareStatement("SELECT tx_nonce FROM fund_requests WHERE request_id = ?")) {
      ps.setString(1, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void aRecordedTransferUnderpricedByRisingFeesIsReplacedWithTheSameNonce() throws Exception {
    server.close();
    server =
        GasStationServer.start(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public void broadcast(SignedTransaction tx) {
                    throw new SimulatedCrash("before broadcast");
                  }
                });
    client = GasStationClient.create(server.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(owner);
    BigInteger nonce = chain.nonce(server.faucetAddress());
    FundRequest req = FundRequest.of(owner, target, code(secret));
    apiError(() -> client.fund(req));
    server.close();
    String recorded;
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT tx_hash FROM fund_requests WHERE request_id = '" + req.requestId() + "'")) {
      rs.next();
      recorded = rs.getString(1);
    }
    // While the station is down the base fee jumps far above the recorded transfer's fee cap.
    chain.client.request(
        "anvil_setNextBlockBaseFeePerGas",
        xyz.peaq.os.sdk.internal.chain.Hex.quantity(BigInteger.valueOf(500_000_000_000L)));
    chain.mine();

    server = GasStationServer.start(config().build());
    client = GasStationClient.create(server.url());
    assertThat(requestState(req.requestId())).isEqualTo("DONE");
    FundResult replay = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(replay)
        .isInstanceOfSatisfying(
            FundResult.Funded.class, f -> assertThat(f.txHash()).isNotEqualTo(recorded));
    try (Connection c = db();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT prior_hashes, tx_nonce FROM fund_requests WHERE request_id = '"
                    + req.requestId()
                    + "'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(recorded);
      assertThat(rs.getLong(2)).isEqualTo(nonce.longValueExact());
    }
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.ONE));
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
  }

  // ------------------------------------------------------------------ chain and faucet failures

  @Test
  void anEmptyFaucetAnswersFaucetEmptyNotA500() throws Exception {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    GasStationServer s =
        startExtra(
            config().faucetPrivateKey("0x" + HexFormat.of().formatHex(key)).build(),
            UnaryOperator.identity());
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    byte[] secret = enrol(c, owner);
    long requests = count("fund_requests");
    ApiException e = apiError(() -> c.fund(FundRequest.of(owner, randomAddress(), code(secret))));
    assertThat(e.code()).isEqualTo("FAUCET_EMPTY");
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(count("fund_requests")).isEqualTo(requests);
    // Enough for the value but not for the gas: refused by the node, still FAUCET_EMPTY.
    chain.setBalance(s.faucetAddress(), AMOUNT);
    ApiException gas =
        apiError(() -> c.fund(FundRequest.of(owner, randomAddress(), freshCode(secret))));
    assertThat(gas.code()).isEqualTo("FAUCET_EMPTY");
    assertThat(chain.nonce(s.faucetAddress())).isZero();
  }

  @Test
  void aTransferThatRevertsIsTransferFailedAndTheSameIdCanRetry() throws Exception {
    String owner = randomAddress();
    String target = randomAddress();
    chain.setCode(target, "0x60006000fd"); // REVERT on any call: the transfer cannot land
    byte[] secret = enrol(owner);
    FundRequest req = FundRequest.of(owner, target, code(secret));
    ApiException e = apiError(() -> client.fund(req));
    assertThat(e.code()).isEqualTo("TRANSFER_FAILED");
    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e.getMessage()).isEqualTo("On-chain transfer failed");
    assertThat(requestState(req.requestId())).isEqualTo("FAILED");
    chain.setCode(target, "0x");
    FundResult r = client.fund(req.withTwoFactorCode(freshCode(secret)));
    assertThat(r).isInstanceOf(FundResult.Funded.class);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
  }

  @Test
  void aTransferNotMinedInTimeIsPendingThenReconciled() throws Exception {
    GasStationServer s =
        startExtra(
            config().receiptTimeout(Duration.ofMillis(800)).build(), UnaryOperator.identity());
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    String target = randomAddress();
    byte[] secret = enrol(c, owner);
    FundRequest req = FundRequest.of(owner, target, code(secret));
    chain.automine(false);
    try {
      ApiException e = apiError(() -> c.fund(req));
      assertThat(e.code()).isEqualTo("TRANSFER_PENDING");
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(apiError(() -> c.fund(req)).code()).isEqualTo("DUPLICATE_REQUEST");
      chain.mine();
    } finally {
      chain.automine(true);
    }
    assertThat(s.reconcileNow()).isEqualTo(1);
    assertThat(requestState(req.requestId())).isEqualTo("DONE");
    assertThat(c.fund(req.withTwoFactorCode(freshCode(secret))))
        .isInstanceOf(FundResult.Funded.class);
    assertThat(chain.balance(target)).isEqualTo(AMOUNT);
  }

  @Test
  void anUnreachableNodeIsChainUnavailable() throws Exception {
    GasStationServer s =
        startExtra(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public BigInteger balance(String address) {
                    throw new RpcException(chain.rpcUrl(), "connection refused", null);
                  }
                });
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    byte[] secret = enrol(c, owner);
    Snapshot before = snapshot();
    ApiException e = apiError(() -> c.fund(FundRequest.of(owner, randomAddress(), code(secret))));
    assertThat(e.code()).isEqualTo("CHAIN_UNAVAILABLE");
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(get(s.url() + "/health").status()).isEqualTo(503);
  }

  @Test
  void aStationThatIsDownIsNetworkErrorInTheSdk() {
    String url = server.url();
    server.close();
    server = null;
    ApiException e = apiError(() -> GasStationClient.setupFaucet2FA(randomAddress(), url));
    assertThat(e.code()).isEqualTo("NETWORK_ERROR");
    assertThat(e.httpStatus()).isZero();
  }

  @Test
  void aNodeRefusalIsTransferFailedWithTheRequestFailedNotStuck() throws Exception {
    GasStationServer s =
        startExtra(
            config().build(),
            real ->
                new ForwardingChain(real) {
                  @Override
                  public void broadcast(SignedTransaction tx) {
                    throw new BroadcastRejectedException(
                        BroadcastRejectedException.Reason.REJECTED, tx.hash(), "node said no");
                  }
                });
    GasStationClient c = GasStationClient.create(s.url());
    String owner = randomAddress();
    byte[] secret = enrol(c, owner);
    FundRequest req = FundRequest.of(owner, randomAddress(), code(secret));
    assertThat(apiError(() -> c.fund(req)).code()).isEqualTo("TRANSFER_FAILED");
    assertThat(requestState(req.requestId())).isEqualTo("FAILED");
  }

  @Test
  void noSecretReachesAnExceptionMessageOrToString() throws Exception {
    String owner = randomAddress();
    byte[] secret = enrol(owner);
    String c = freshCode(secret);
    FundRequest req = FundRequest.of(owner, "0x123", c);
    assertThat(req.toString()).doesNotContain(c);
    assertThatThrownBy(() -> client.fund(req)).hasMessageNotContaining(c);
    assertThat(server.config().toString()).doesNotContain(chain.devKey(1).substring(2));
  }

  // ------------------------------------------------------------------ abuse limits (issue 11)

  static final String XFF = "X-Forwarded-For";

  /**
   * A station that takes the client address from X-Forwarded-For, so one test can be many clients.
   */
  GasStationServer proxied(GasStationConfig.Builder b) {
    return startExtra(b.clientAddressHeader(XFF).build(), UnaryOperator.identity());
  }

  Reply postFrom(GasStationServer s, String client, String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(s.url() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header(XFF, client)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** Setup and confirm from {@code client}; returns the secret. */
  byte[] enrolFrom(GasStationServer s, String client, String owner) throws Exception {
    Reply setup = postFrom(s, client, "/2fa/setup", "{\"ownerAddress\":\"" + owner + "\"}");
    assertThat(setup.status()).as(setup.raw()).isEqualTo(200);
    byte[] secret = secretOf(setup.json().get("data").get("otpauthUri").asText());
    Reply confirm =
        postFrom(
            s,
            client,
            "/2fa/confirm",
            "{\"ownerAddress\":\"" + owner + "\",\"twoFactorCode\":\"" + code(secret) + "\"}");
    assertThat(confirm.status()).as(confirm.raw()).isEqualTo(200);
    return secret;
  }

  @Test
  void manyOwnersFromOneClientAddressGetNoMoreThanTheClientCapAcrossInstances() throws Exception {
    GasStationConfig.Builder b = config().clientDailyCap(PEAQ.multiply(BigInteger.valueOf(3)));
    List<GasStationServer> stations = List.of(proxied(b), proxied(b));
    String attacker = "203.0.113.7";
    BigInteger nonce = chain.nonce(server.faucetAddress());
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String owner = randomAddress();
      byte[] secret = enrolFrom(stations.get(i % 2), attacker, owner);
      Reply r =
          postFrom(
              stations.get(i % 2),
              attacker,
              "/faucet/fund",
              fundJson(owner, randomAddress(), code(secret), "drain-" + i));
      codes.add(r.status() == 200 ? "FUNDED" : r.code());
    }
    assertThat(codes)
        .containsExactly(
            "FUNDED",
            "FUNDED",
            "FUNDED",
            "CAP_EXCEEDED_CLIENT",
            "CAP_EXCEEDED_CLIENT",
            "CAP_EXCEEDED_CLIENT");
    assertThat(chain.nonce(server.faucetAddress())).isEqualTo(nonce.add(BigInteger.valueOf(3)));
    // Another client address is not held back by this one.
    String other = randomAddress();
    byte[] secret = enrolFrom(stations.get(0), "198.51.100.20", other);
    Reply ok =
        postFrom(
            stations.get(1),
            "198.51.100.20",
            "/faucet/fund",
            fundJson(other, randomAddress(), code(secret), "other-1"));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    Reply refused =
        postFrom(
            stations.get(0),
            attacker,
            "/faucet/fund",
            fundJson(other, randomAddress(), freshCode(secret), "drain-x"));
    assertThat(refused.code()).isEqualTo("CAP_EXCEEDED_CLIENT");
    assertThat(refused.json().get("requestId").asText()).isEqualTo("drain-x");
    assertThat(refused.headers()).containsKey("retry-after");
  }

  @Test
  void theDailyBudgetBindsEveryClientAndInstanceAndResetsAtMidnight() throws Exception {
    GasStationConfig.Builder b = config().dailyBudget(PEAQ.multiply(BigInteger.TWO));
    List<GasStationServer> stations = List.of(proxied(b), proxied(b));
    List<String> codes = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String client = "198.51.100." + (30 + i);
      owners.add(randomAddress());
      secrets.add(enrolFrom(stations.get(i % 2), client, owners.get(i)));
      Reply r =
          postFrom(
              stations.get(i % 2),
              client,
              "/faucet/fund",
              fundJson(owners.get(i), randomAddress(), code(secrets.get(i)), "budget-" + i));
      codes.add(r.status() == 200 ? "FUNDED" : r.code() + "/" + r.status());
    }
    assertThat(codes).containsExactly("FUNDED", "FUNDED", "BUDGET_EXHAUSTED/503");
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    clock.set(today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(15));
    Reply next =
        postFrom(
            stations.get(0),
            "198.51.100.32",
            "/faucet/fund",
            fundJson(owners.get(2), randomAddress(), code(secrets.get(2)), "budget-next-day"));
    assertThat(next.status()).as(next.raw()).isEqualTo(200);
  }

  @Test
  void aClientRateLimitOfTenPerMinuteAcrossThreeInstancesAdmitsTenNotThirty() throws Exception {
    GasStationConfig.Builder b = config().clientRateLimit(10, Duration.ofMinutes(1));
    List<GasStationServer> stations = List.of(proxied(b), proxied(b), proxied(b));
    String client = "203.0.113.60";
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        GasStationServer s = stations.get(i % 3);
        replies.add(
            pool.submit(
                () ->
                    postFrom(
                            s,
                            client,
                            "/2fa/setup",
                            "{\"ownerAddress\":\"" + randomAddress() + "\"}")
                        .status()));
      }
      int admitted = 0;
      int limited = 0;
      for (Future<Integer> f : replies) {
        int status = f.get(60, TimeUnit.SECONDS);
        admitted += status == 200 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(10);
      assertThat(limited).isEqualTo(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theOwnerRateLimitIsSharedByInstances() throws Exception {
    GasStationConfig.Builder b =
        config()
            .rateLimit(2, Duration.ofMinutes(1))
            .ownerDailyCap(PEAQ.multiply(BigInteger.valueOf(100)));
    List<GasStationClient> stations = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stations.add(GasStationClient.create(startExtra(b.build(), UnaryOperator.identity()).url()));
    }
    String owner = randomAddress();
    byte[] secret = enrol(stations.get(0), owner);
    // Three unused codes valid at once (steps -1, 0 and +1), one request to each instance: the
    // third instance refuses because the first two spent the owner's one bucket.
    Instant now = clock.instant();
    assertThat(
            stations.get(0).fund(FundRequest.of(owner, randomAddress(), TOTP.codeAt(secret, now))))
        .isInstanceOf(FundResult.Funded.class);
    assertThat(
            stations
                .get(1)
                .fund(
                    FundRequest.of(
                        owner, randomAddress(), TOTP.codeAt(secret, now.plusSeconds(30)))))
        .isInstanceOf(FundResult.Funded.class);
    String third = TOTP.codeAt(secret, now.minusSeconds(30));
    assertThat(
            apiError(() -> stations.get(2).fund(FundRequest.of(owner, randomAddress(), third)))
                .code())
        .isEqualTo("RATE_LIMITED");
  }

  @Test
  void theClientRateLimitComesBeforeAnyOwnerCheckAndIsSharedByInstances() throws Exception {
    GasStationConfig.Builder b = config().clientRateLimit(3, Duration.ofMinutes(1));
    GasStationServer a = proxied(b);
    GasStationServer c = proxied(b);
    String client = "203.0.113.50";
    String unknown = randomAddress();
    String body = fundJson(unknown, randomAddress(), "123456", "rl-1");
    assertThat(postFrom(a, client, "/faucet/fund", body).code()).isEqualTo("2FA_NOT_CONFIGURED");
    assertThat(
            postFrom(c, client, "/2fa/setup", "{\"ownerAddress\":\"" + randomAddress() + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            postFrom(
                    a,
                    client,
                    "/2fa/confirm",
                    "{\"ownerAddress\":\"" + unknown + "\",\"twoFactorCode\":\"123456\"}")
                .code())
        .isEqualTo("2FA_NOT_CONFIGURED");
    Snapshot before = snapshot();
    Reply limited =
        postFrom(c, client, "/2fa/setup", "{\"ownerAddress\":\"" + randomAddress() + "\"}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo("CLIENT_RATE_LIMITED");
    assertThat(limited.headers()).containsKey("retry-after");
    assertThat(postFrom(a, client, "/faucet/fund", body).code()).isEqualTo("CLIENT_RATE_LIMITED");
    assertThat(snapshot()).isEqualTo(before);
    // Someone else is not limited; the limited client recovers as the bucket refills.
    assertThat(postFrom(a, "203.0.113.51", "/faucet/fund", body).code())
        .isEqualTo("2FA_NOT_CONFIGURED");
    clock.advance(Duration.ofSeconds(21));
    assertThat(postFrom(a, client, "/faucet/fund", body).code()).isEqualTo("2FA_NOT_CONFIGURED");
  }

  @Test
  void twoRequestsForOneFreshWalletAtOnceAreOneTransferAcrossInstances() throws Exception {
    GasStationConfig cfg = config().ownerDailyCap(PEAQ.multiply(BigInteger.valueOf(100))).build();
    List<GasStationClient> stations =
        List.of(
            GasStationClient.create(startExtra(cfg, UnaryOperator.identity()).url()),
            GasStationClient.create(startExtra(cfg, UnaryOperator.identity()).url()));
    String o1 = randomAddress();
    String o2 = randomAddress();
    byte[] s1 = enrol(stations.get(0), o1);
    byte[] s2 = enrol(stations.get(1), o2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int bothPaid = 0;
    try {
      for (int race = 0; race < 10; race++) {
        String wallet = randomAddress();
        BigInteger nonce = chain.nonce(server.faucetAddress());
        CountDownLatch go = new CountDownLatch(1);
        String c1 = freshCode(s1);
        String c2 = code(s2);
        Future<Object> f1 =
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return stations.get(0).fund(FundRequest.of(o1, wallet, c1));
                  } catch (ApiException e) {
                    return e.code();
                  }
                });
        Future<Object> f2 =
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return stations.get(1).fund(FundRequest.of(o2, wallet, c2));
                  } catch (ApiException e) {
                    return e.code();
                  }
                });
        go.countDown();
        List<Object> results = List.of(f1.get(60, TimeUnit.SECONDS), f2.get(60, TimeUnit.SECONDS));
        long paid = chain.nonce(server.faucetAddress()).subtract(nonce).longValueExact();
        bothPaid += paid > 1 ? 1 : 0;
        assertThat(paid).as("race %d: %s", race, results).isEqualTo(1);
        assertThat(chain.balance(wallet)).isEqualTo(AMOUNT);
        assertThat(results).filteredOn(FundResult.Funded.class::isInstance).hasSize(1);
        assertThat(results)
            .allMatch(
                r -> r instanceof FundResult || "WALLET_FUNDING_IN_PROGRESS".equals(r),
                "funded, skipped or in progress");
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("BENCHMARK gas-station wallet races paid twice: " + bothPaid + " of 10");
  }

  @Test
  void aThirdPartyCannotLockAnOwnerOutAndBruteForceIsBudgeted() throws Exception {
    GasStationServer s = proxied(config());
    String owner = randomAddress();
    String victim = "198.51.100.7";
    byte[] secret = enrolFrom(s, victim, owner);
    String target = randomAddress();
    String wrong = String.format("%06d", (Integer.parseInt(code(secret)) + 500_000) % 1_000_000);
    String attacker = "203.0.113.9";
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seen.add(
          postFrom(s, attacker, "/faucet/fund", fundJson(owner, target, wrong, "atk-" + i)).code());
    }
    assertThat(seen)
        .containsExactly(
            "INVALID_2FA", "INVALID_2FA", "INVALID_2FA", "INVALID_2FA", "2FA_LOCKED", "2FA_LOCKED");
    // The attacker is locked out, even with the right code; the owner is not.
    assertThat(
            postFrom(s, attacker, "/faucet/fund", fundJson(owner, target, code(secret), "atk-good"))
                .code())
        .isEqualTo("2FA_LOCKED");
    Reply mine =
        postFrom(s, victim, "/faucet/fund", fundJson(owner, target, code(secret), "victim-1"));
    assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
    // Backoff: the attacker's second lockout lasts twice as long (15 then 30 minutes).
    clock.advance(Duration.ofMinutes(16));
    for (int i = 0; i < 5; i++) {
      postFrom(s, attacker, "/faucet/fund", fundJson(owner, target, wrong, "atk2-" + i));
    }
    Reply second = postFrom(s, attacker, "/faucet/fund", fundJson(owner, target, wrong, "atk2-x"));
    assertThat(second.code()).isEqualTo("2FA_LOCKED");
    assertThat(Long.parseLong(second.headers().get("retry-after").get(0))).isBetween(1700L, 1800L);
    // Many addresses: their bad codes share one budget per owner (10 per hour); then a new
    // address is refused before its code is looked at, while the trusted victim still funds.
    for (int i = 0; i < 10; i++) {
      postFrom(
          s,
          "203.0.113." + (100 + i),
          "/faucet/fund",
          fundJson(owner, target, wrong, "spray-" + i));
    }
    Reply fresh =
        postFrom(
            s,
            "203.0.113.200",
            "/faucet/fund",
            fundJson(owner, randomAddress(), freshCode(secret), "spray-good"));
    assertThat(fresh.code()).isEqualTo("2FA_LOCKED");
    Reply stillMine =
        postFrom(
            s, victim, "/faucet/fund", fundJson(owner, randomAddress(), code(secret), "victim-2"));
    assertThat(stillMine.status()).as(stillMine.raw()).isEqualTo(200);
  }

  @Test
  void wrongCodesDoNotSpendTheOwnersRateLimit() throws Exception {
    GasStationServer s = proxied(config().rateLimit(2, Duration.ofMinutes(1)));
    String owner = randomAddress();
    byte[] secret = enrolFrom(s, "198.51.100.60", owner);
    String wrong = String.format("%06d", (Integer.parseInt(code(secret)) + 500_000) % 1_000_000);
    for (int i = 0; i < 4; i++) {
      assertThat(
              postFrom(
                      s,
                      "198.51.100.60",
                      "/faucet/fund",
                      fundJson(owner, randomAddress(), wrong, "w-" + i))
                  .code())
          .isEqualTo("INVALID_2FA");
    }
    String rich = randomAddress();
    chain.setBalance(rich, PEAQ);
    assertThat(
            postFrom(
                    s,
                    "198.51.100.60",
                    "/faucet/fund",
                    fundJson(owner, rich, codeAtStep(secret, -1), "g-1"))
                .status())
        .isEqualTo(200);
    assertThat(
            postFrom(
                    s,
                    "198.51.100.60",
                    "/faucet/fund",
                    fundJson(owner, rich, codeAtStep(secret, 0), "g-2"))
                .status())
        .isEqualTo(200);
    assertThat(
            postFrom(
                    s,
                    "198.51.100.60",
                    "/faucet/fund",
                    fundJson(owner, rich, codeAtStep(secret, 1), "g-3"))
                .code())
        .isEqualTo("RATE_LIMITED");
  }

  @Test
  void ownerAddressesWithATrailingNulNewlineOrSpaceAreRefusedNotTrimmed() throws Exception {
    String owner = randomAddress();
    byte[] secret = enrol(owner);
    for (String bad :
        List.of(owner + "\\u0000", owner + "\\n", " " + owner, owner + "\\t", owner + " ")) {
      Snapshot before = snapshot();
      Reply r = post("/2fa/setup", "{\"ownerAddress\":\"" + bad + "\"}");
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.code()).isEqualTo("INVALID_OWNER_ADDRESS");
      assertThat(r.json().get("message").asText())
          .contains("without spaces, line breaks or control characters");
      Reply f =
          post(
              "/faucet/fund",
              fundJson(bad, randomAddress(), code(secret), "nul-" + before.requests()));
      assertThat(f.code()).isEqualTo("INVALID_OWNER_ADDRESS");
      Reply t =
          post("/faucet/fund", fundJson(owner, randomAddress() + "\\n", code(secret), "nul-t"));
      assertThat(t.code()).isEqualTo("INVALID_TARGET_ADDRESS");
      assertThat(snapshot()).isEqualTo(before);
    }
  }

  @Test
  void pendingOwnersAreForgottenAfterTheirTimeToLive() throws Exception {
    String pending = randomAddress();
    String active = randomAddress();
    client.setup(pending, QrFormat.SVG);
    enrol(active);
    assertThat(count("owners")).isEqualTo(2);
    clock.advance(Duration.ofHours(23));
    server.housekeepNow();
    assertThat(count("owners")).isEqualTo(2);
    clock.advance(Duration.ofHours(2));
    server.housekeepNow();
    assertThat(count("owners")).isEqualTo(1);
    assertThat(apiError(() -> client.confirm(pending, "123456")).code())
        .isEqualTo("2FA_NOT_CONFIGURED");
    // A forgotten owner can enrol again.
    assertThat(client.setup(pending, QrFormat.SVG).otpauthUri()).startsWith("otpauth://");
  }

  @Test
  void jettysOwnErrorsAreJsonInTheStationsErrorShape() throws Exception {
    java.net.URI u = java.net.URI.create(server.url());
    List<String[]> cases =
        List.of(
            new String[] {"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
            new String[] {
              "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", "431"
            },
            new String[] {"GET /health HTTP/9.9\r\nHost: x\r\n\r\n", "505"},
            new String[] {"GET /health\u0001 HTTP/1.1\r\nHost: x\r\n\r\n", "400"});
    for (String[] c : cases) {
      try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
        sock.setSoTimeout(10_000);
        sock.getOutputStream().write(c[0].getBytes(StandardCharsets.ISO_8859_1));
        sock.getOutputStream().flush();
        String reply =
            new String(sock.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(reply).as(c[0].substring(0, 20)).startsWith("HTTP/1.1 " + c[1]);
        assertThat(reply.toLowerCase()).contains("content-type: application/json");
        String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("code").asText()).isNotBlank();
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(body).doesNotContain("<html");
      }
    }
  }

  @Test
  void aTrickledBodyIsCutAtTheBodyTimeoutAndHealthStillAnswers() throws Exception {
    GasStationServer s =
        startExtra(config().bodyTimeout(Duration.ofSeconds(1)).build(), UnaryOperator.identity());
    java.net.URI u = java.net.URI.create(s.url());
    try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
      sock.setSoTimeout(15_000);
      sock.getOutputStream()
          .write(
              ("POST /faucet/fund HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 200\r\n\r\n{")
                  .getBytes(StandardCharsets.ISO_8859_1));
      sock.getOutputStream().flush();
      long t0 = System.nanoTime();
      assertThat(get(s.url() + "/health").status()).isEqualTo(200);
      // The server closes the trickling connection (end of stream) instead of waiting for ever.
      byte[] rest = sock.getInputStream().readAllBytes();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(14));
      assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain("SUCCESS");
    }
  }
}
