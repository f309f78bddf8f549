package xyz.peaq.os.sdk.gasstation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.http.HttpCall;
import xyz.peaq.os.sdk.http.HttpReply;
import xyz.peaq.os.sdk.http.HttpTransport;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * Client of the Gas Station, the 2FA-gated faucet that pays a fresh machine wallet's first gas.
 * Wire-compatible with the official SDKs: {@code POST /2fa/setup}, {@code POST /2fa/confirm} and
 * {@code POST /faucet/fund} with camelCase JSON bodies and {@code {status, code, data}} envelopes.
 *
 * <p>Use the static methods ({@link #setupFaucet2FA}, {@link #confirmFaucet2FA}, {@link
 * #fundFromGasStation}) or build an instance bound to one station with {@link #builder()}. Every
 * failure is an {@link ApiException}: the station's code ({@code INVALID_2FA}, {@code
 * RATE_LIMITED}, ...) with its HTTP status, or a client-side {@code NETWORK_ERROR} (status 0),
 * {@code INVALID_RESPONSE} (a body that is not JSON) or {@code UNEXPECTED_RESPONSE} (JSON without
 * the expected envelope). Bad arguments throw {@link ValidationException} before any I/O. The 2FA
 * code never appears in a message.
 */
public final class GasStationClient {
  /** Request timeout of the official clients. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public static final String NETWORK_ERROR = "NETWORK_ERROR";
  public static final String INVALID_RESPONSE = "INVALID_RESPONSE";
  public static final String UNEXPECTED_RESPONSE = "UNEXPECTED_RESPONSE";

  // The texts of the official onboarding guide's error table, and the official SDK's for the rest.
  private static final Map<String, String> KNOWN_MESSAGES =
      Immutables.mapOf(
          Immutables.entry("INVALID_2FA", "Invalid 2FA code"),
          Immutables.entry("2FA_LOCKED", "2FA locked"),
          Immutables.entry("RATE_LIMITED", "Faucet rate limit exceeded"),
          Immutables.entry("CAP_EXCEEDED_OWNER", "Owner daily funding cap exceeded"),
          Immutables.entry("CAP_EXCEEDED_WALLET", "Wallet daily funding cap exceeded"),
          Immutables.entry(
              "2FA_NOT_CONFIGURED", "2FA not configured for this owner; call setupFaucet2FA first"),
          Immutables.entry("2FA_NOT_ACTIVE", "2FA not yet activated; call confirmFaucet2FA first"),
          Immutables.entry("2FA_ALREADY_CONFIGURED", "2FA is already active for this owner"),
          Immutables.entry("DUPLICATE_REQUEST", "Request ID is already being processed"),
          Immutables.entry("REQUEST_ALREADY_PROCESSED", "Request ID has already been completed"),
          Immutables.entry("TRANSFER_FAILED", "On-chain transfer failed"),
          Immutables.entry("INVALID_OWNER_ADDRESS", "Invalid owner address"),
          Immutables.entry("QR_GENERATION_FAILED", "QR code generation failed"));

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern TOTP = Pattern.compile("[0-9]{6}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpTransport http;
  private final Duration timeout;

  private GasStationClient(String baseUrl, HttpTransport http, Duration timeout) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.timeout = timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client for the station at {@code gasStationUrl} with the default HTTP client and timeout. */
  public static GasStationClient create(String gasStationUrl) {
    return builder().baseUrl(gasStationUrl).build();
  }

  // ---------------------------------------------------------------- static API

  /** Starts 2FA enrolment of {@code ownerAddress}; the QR image is an SVG. */
  public static FaucetSetup setupFaucet2FA(String ownerAddress, String gasStationUrl) {
    return create(gasStationUrl).setup(ownerAddress, QrFormat.SVG);
  }

  /** Starts 2FA enrolment of {@code ownerAddress} with the QR image in {@code format}. */
  public static FaucetSetup setupFaucet2FA(
      String ownerAddress, String gasStationUrl, QrFormat format) {
    return create(gasStationUrl).setup(ownerAddress, format);
  }

  /** Activates the owner's 2FA with a current 6-digit TOTP code. */
  public static void confirmFaucet2FA(
      String ownerAddress, String gasStationUrl, String twoFactorCode) {
    create(gasStationUrl).confirm(ownerAddress, twoFactorCode);
  }

  /** Asks the station to fund {@code request.targetWalletAddress()}. */
  public static FundResult fundFromGasStation(FundRequest request, String gasStationUrl) {
    return create(gasStationUrl).fund(request);
  }

  // ---------------------------------------------------------------- instance API

  /** The station's base URL, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** {@code POST /2fa/setup}. */
  public FaucetSetup setup(String ownerAddress, QrFormat format) {
    requireAddress("ownerAddress", ownerAddress);
    Objects.requireNonNull(format, "format");
    ObjectNode body =
        JSON.createObjectNode().put("ownerAddress", ownerAddress).put("format", format.wireName());
    JsonNode reply = post("/2fa/setup", body, "setupFaucet2FA", null);
    requireStatus(reply, "setupFaucet2FA", true, "success");
    JsonNode data = reply.get("data");
    String owner = text(data, "ownerAddress");
    String uri = text(data, "otpauthUri");
    String qr = text(data, "qrImageUrl");
    if (owner == null || uri == null || qr == null) {
      throw unexpected("setupFaucet2FA", "data lacks ownerAddress, otpauthUri or qrImageUrl");
    }
    return new FaucetSetup(owner, uri, qr);
  }

  /** {@code POST /2fa/confirm}. */
  public void confirm(String ownerAddress, String twoFactorCode) {
    requireAddress("ownerAddress", ownerAddress);
    requireCode(twoFactorCode);
    ObjectNode body =
        JSON.createObjectNode()
            .put("ownerAddress", ownerAddress)
            .put("twoFactorCode", twoFactorCode);
    JsonNode reply = post("/2fa/confirm", body, "confirmFaucet2FA", twoFactorCode);
    requireStatus(reply, "confirmFaucet2FA", false, "success");
  }

  /** {@code POST /faucet/fund}. */
  public FundResult fund(FundRequest request) {
    Objects.requireNonNull(request, "request");
    requireAddress("ownerAddress", request.ownerAddress());
    requireAddress("targetWalletAddress", request.targetWalletAddress());
    requireCode(request.twoFactorCode());
    if (request.chainId().trim().isEmpty()) {
      throw new ValidationException(
          "chainId", "chainId must not be blank; the Gas Station funds \"peaq\"");
    }
    if (request.requestId().trim().isEmpty() || request.requestId().length() > 128) {
      throw new ValidationException(
          "requestId", "requestId must be 1 to 128 characters, e.g. a UUID");
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("ownerAddress", request.ownerAddress())
            .put("targetWalletAddress", request.targetWalletAddress())
            .put("chainId", request.chainId())
            .put("twoFactorCode", request.twoFactorCode())
            .put("requestId", request.requestId());
    JsonNode reply = post("/faucet/fund", body, "fundFromGasStation", request.twoFactorCode());
    requireStatus(reply, "fundFromGasStation", true, "success", "skipped");
    JsonNode data = reply.get("data");
    String status = reply.get("status").asText();
    String requestId =
        text(data, "requestId") != null ? text(data, "requestId") : request.requestId();
    if (status.equals("success")) {
      String txHash = text(data, "txHash");
      BigInteger amount = wei(data, "fundedAmount");
      if (txHash == null || amount == null) {
        throw unexpected(
            "fundFromGasStation", "funded result lacks txHash or a decimal fundedAmount");
      }
      return new FundResult.Funded(requestId, txHash, amount);
    }
    BigInteger current = wei(data, "currentBalance");
    BigInteger min = wei(data, "minGasBalance");
    if (current == null || min == null) {
      throw unexpected(
          "fundFromGasStation", "skipped result lacks a decimal currentBalance or minGasBalance");
    }
    return new FundResult.Skipped(requestId, current, min);
  }

  @Override
  public String toString() {
    return "GasStationClient[" + baseUrl + "]";
  }

  // ---------------------------------------------------------------- internals

  private JsonNode post(String path, ObjectNode body, String op, String secret) {
    String url = baseUrl + path;
    HttpReply response;
    try {
      response = http.send(HttpCall.postJson(url, JSON.writeValueAsBytes(body), timeout));
    } catch (IOException e) {
      throw new ApiException(
          0,
          NETWORK_ERROR,
          op + ": network request to " + url + " failed (" + e.getClass().getSimpleName() + ")",
          e);
    }
    int status = response.status();
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (json == null || json.isMissingNode()) {
      throw new ApiException(
          status,
          INVALID_RESPONSE,
          op
              + ": the Gas Station at "
              + url
              + " returned a non-JSON response (HTTP "
              + status
              + ")");
    }
    if (status < 200 || status > 299) {
      throw mapError(status, json, op, secret);
    }
    if (!json.isObject()) {
      throw unexpected(op, "the reply is not a JSON object");
    }
    return json;
  }

  private static ApiException mapError(int status, JsonNode json, String op, String secret) {
    JsonNode codeNode = json.get("code");
    if (codeNode == null || !codeNode.isTextual() || codeNode.asText().trim().isEmpty()) {
      String code = Integer.toString(status);
      return new ApiException(
          status,
          code,
          op + ": the Gas Station answered HTTP " + status + " without an error code");
    }
    String code = codeNode.asText();
    String known = KNOWN_MESSAGES.get(code);
    if (known != null) {
      return new ApiException(status, code, known);
    }
    JsonNode msgNode = json.get("message");
    String message =
        msgNode != null && msgNode.isTextual() && !msgNode.asText().trim().isEmpty()
            ? msgNode.asText()
            : "faucet error " + code;
    if (secret != null && !secret.isEmpty()) {
      message = message.replace(secret, "******");
    }
    return new ApiException(status, code, op + ": " + message);
  }

  private static void requireStatus(
      JsonNode reply, String op, boolean needData, String... accepted) {
    JsonNode status = reply.get("status");
    boolean ok = false;
    if (status != null && status.isTextual()) {
      for (String a : accepted) {
        ok |= a.equals(status.asText());
      }
    }
    if (!ok) {
      throw unexpected(
          op,
          "the reply's status is "
              + (status == null ? "missing" : status.toString())
              + ", expected "
              + String.join(" or ", accepted));
    }
    JsonNode data = reply.get("data");
    if (needData && (data == null || !data.isObject())) {
      throw unexpected(op, "the reply has no data object");
    }
  }

  private static ApiException unexpected(String op, String why) {
    return new ApiException(
        200, UNEXPECTED_RESPONSE, op + ": unexpected response envelope: " + why);
  }

  private static String text(JsonNode obj, String field) {
    if (obj == null) {
      return null;
    }
    JsonNode n = obj.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private static BigInteger wei(JsonNode obj, String field) {
    String s = text(obj, field);
    if (s == null || !s.matches("[0-9]{1,78}")) {
      return null;
    }
    return new BigInteger(s);
  }

  private static void requireAddress(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw ValidationException.required(field);
    }
    if (!ADDRESS.matcher(value).matches()) {
      throw new ValidationException(
          field,
          field
              + " must be a 0x-prefixed 20-byte hex address (0x + 40 hex digits), got \""
              + value
              + "\"");
    }
  }

  private static void requireCode(String code) {
    if (code == null || code.isEmpty()) {
      throw ValidationException.required("twoFactorCode");
    }
    if (!TOTP.matcher(code).matches()) {
      throw new ValidationException(
          "twoFactorCode",
          "twoFactorCode must be the 6 digits your authenticator app shows (the value given is not)");
    }
  }

  /** Builder for a {@link GasStationClient} bound to one station. */
  public static final class Builder {
    private String baseUrl;
    private HttpTransport http;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The station's base URL, e.g. {@code http://127.0.0.1:8090}. */
    public Builder baseUrl(String url) {
      this.baseUrl = url;
      return this;
    }

    /** The HTTP transport to use; {@link HttpTransport#okHttp()} (shared) by default. */
    public Builder transport(HttpTransport transport) {
      this.http = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Timeout of each request; 30 s by default. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new ValidationException("timeout", "timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public GasStationClient build() {
      if (baseUrl == null || baseUrl.trim().isEmpty()) {
        throw ValidationException.required("PEAQOS_GAS_STATION_URL");
      }
      String url = baseUrl.trim();
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_URL",
            "PEAQOS_GAS_STATION_URL must be an http(s) URL, got \"" + url + "\"");
      }
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_URL",
            "PEAQOS_GAS_STATION_URL must be an http(s) URL, got \"" + url + "\"");
      }
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      return new GasStationClient(url, http != null ? http : HttpTransport.okHttp(), timeout);
    }
  }
}
