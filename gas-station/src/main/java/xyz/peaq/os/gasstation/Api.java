package xyz.peaq.os.gasstation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Keys;
import xyz.peaq.os.gasstation.Funding.FundInput;
import xyz.peaq.os.gasstation.Funding.Outcome;
import xyz.peaq.os.service.Html;

/**
 * The HTTP surface: routes, body checks, envelopes. Success is {@code {status, code, data}} as the
 * official SDKs read it; an error is {@code {code, message}} with the {@link ErrorCode}'s status.
 */
final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  /** How much of an oversized body is read away before the 413, so the client gets to read it. */
  private static final long DRAIN_LIMIT = 8L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final GasStationConfig cfg;
  private final Store store;
  private final TwoFactor twoFactor;
  private final Funding funding;
  private final FaucetChain chain;
  private final Supplier<String> baseUrl;
  private final FundingLimits limits;
  private final HttpGuards http;

  Api(
      GasStationConfig cfg,
      Store store,
      TwoFactor twoFactor,
      Funding funding,
      FaucetChain chain,
      Supplier<String> baseUrl,
      FundingLimits limits,
      HttpGuards http) {
    this.limits = limits;
    this.http = http;
    this.cfg = cfg;
    this.store = store;
    this.twoFactor = twoFactor;
    this.funding = funding;
    this.chain = chain;
    this.baseUrl = baseUrl;
  }

  void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.http.prefer405over404 = true;
    c.http.maxRequestSize = cfg.maxBodyBytes;
    c.jetty.host = cfg.host;
    c.jetty.port = cfg.port;
    http.configure(c);
    c.routes.post("/2fa/setup", this::setup);
    c.routes.post("/2fa/confirm", this::confirm);
    c.routes.post("/faucet/fund", this::fund);
    c.routes.get("/2fa/qr/{token}", this::qr);
    // The enrolment page's confirm form (a browser opened qrImageUrl: EnrolmentPage).
    c.routes.post("/2fa/qr/{token}", this::confirmFromPage);
    c.routes.get(EnrolmentPage.STATIC + "{file}", this::pageAsset);
    c.routes.get("/health", this::health);
    c.routes.exception(
        GasStationException.class, (e, ctx) -> error(ctx, e.code, e.getMessage(), e.retryAfter));
    c.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          ErrorCode code =
              switch (e.getStatus()) {
                case 404 -> ErrorCode.NOT_FOUND;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                default -> null;
              };
          if (code != null) {
            error(ctx, code, code.defaultMessage(), null);
          } else {
            writeError(ctx, e.getStatus(), "HTTP_" + e.getStatus(), e.getMessage());
          }
        });
    c.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.defaultMessage(), null);
        });
  }

  // ------------------------------------------------------------------ handlers

  private void setup(Context ctx) {
    String client = clientAddress(ctx);
    limits.admit(client);
    JsonNode body = jsonBody(ctx);
    String owner = ownerField(body);
    QrFormat format = QrFormat.SVG;
    JsonNode f = body.get("format");
    if (f != null && !f.isNull()) {
      if (!f.isTextual()) {
        throw new GasStationException(
            ErrorCode.INVALID_PAYLOAD, "format must be \"svg\" or \"png\"");
      }
      format =
          QrFormat.parse(f.asText())
              .orElseThrow(
                  () ->
                      new GasStationException(
                          ErrorCode.INVALID_PAYLOAD, "format must be \"svg\" or \"png\""));
    }
    String checksummed = Keys.toChecksumAddress(owner);
    TwoFactor.Setup s = twoFactor.setup(owner, checksummed, format, client);
    ObjectNode data =
        JSON.createObjectNode()
            .put("ownerAddress", checksummed)
            .put("otpauthUri", s.otpauthUri())
            .put("qrImageUrl", baseUrl.get() + "/2fa/qr/" + s.qrToken())
            .put("qrExpiresAt", s.expiresAt().toString());
    ok(ctx, "success", "2FA_PENDING", data);
  }

  private void confirm(Context ctx) {
    String client = clientAddress(ctx);
    limits.admit(client);
    JsonNode body = jsonBody(ctx);
    String owner = ownerField(body);
    String code = codeField(body);
    twoFactor.confirm(owner, code, client);
    ok(
        ctx,
        "success",
        "2FA_ACTIVATED",
        JSON.createObjectNode()
            .put("ownerAddress", Keys.toChecksumAddress(owner))
            .put("state", "active"));
  }

  private void fund(Context ctx) {
    String client = clientAddress(ctx);
    JsonNode body;
    try {
      limits.admit(client);
      body = jsonBody(ctx);
    } catch (GasStationException e) {
      error(ctx, e.code, e.getMessage(), e.retryAfter);
      return;
    }
    String owner = ownerField(body);
    String target = addressField(body, "targetWalletAddress", ErrorCode.INVALID_TARGET_ADDRESS);
    String chainName = optionalText(body, "chainId", "peaq");
    String code = codeField(body);
    String requestId = optionalText(body, "requestId", null);
    if (requestId == null) {
      requestId = UUID.randomUUID().toString();
    } else if (!REQUEST_ID.matcher(requestId).matches()) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD,
          "requestId must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-' (a UUID fits)");
    }
    FundInput in =
        new FundInput(
            owner, target, Keys.toChecksumAddress(target), chainName, code, requestId, client);
    Outcome out;
    try {
      // The station-wide budget and the client's cap come before any owner-level check; a replay
      // of an existing request moves nothing and is left to Funding.
      String rid = requestId;
      if (store.request(rid).filter(r -> r.sameParams(owner, target, chainName)).isEmpty()) {
        limits.precheck(client);
      }
      out = funding.fund(in);
    } catch (GasStationException e) {
      error(ctx, e.code, e.getMessage(), e.retryAfter);
      ObjectNode err = (ObjectNode) readResult(ctx);
      err.put("requestId", requestId);
      ctx.result(err.toString());
      return;
    }
    if (out instanceof Funding.Funded f) {
      ok(
          ctx,
          "success",
          "SUCCESS",
          JSON.createObjectNode()
              .put("status", "success")
              .put("requestId", f.requestId())
              .put("txHash", f.txHash())
              .put("fundedAmount", f.amount().toString()));
    } else {
      Funding.Skipped s = (Funding.Skipped) out;
      ok(
          ctx,
          "skipped",
          "SUFFICIENT_BALANCE",
          JSON.createObjectNode()
              .put("status", "skipped")
              .put("requestId", s.requestId())
              .put("currentBalance", s.currentBalance().toString())
              .put("minGasBalance", s.minGasBalance().toString()));
    }
  }

  private void qr(Context ctx) {
    String token = ctx.pathParam("token");
    Optional<Store.QrRow> row = token.matches("[0-9a-f]{48}") ? store.qr(token) : Optional.empty();
    if (ctx.queryParam("format") == null && Html.wantsHtml(ctx)) {
      // A browser navigating to qrImageUrl gets the enrolment page; image clients (the official
      // SDK and CLI, <img>) ask for */* or an image and keep getting the image.
      enrolmentPage(ctx, token, row, null);
      return;
    }
    if (row.isEmpty()) {
      throw new GasStationException(ErrorCode.QR_NOT_FOUND);
    }
    if (cfg.clock.millis() >= row.get().expiresAt()) {
      throw new GasStationException(ErrorCode.QR_EXPIRED);
    }
    QrFormat format = QrFormat.parse(row.get().format()).orElse(QrFormat.SVG);
    String asked = ctx.queryParam("format");
    if (asked != null) {
      format =
          QrFormat.parse(asked)
              .orElseThrow(
                  () ->
                      new GasStationException(
                          ErrorCode.INVALID_PAYLOAD, "format must be svg or png"));
    }
    String uri = new String(twoFactor.decryptQr(row.get()), StandardCharsets.UTF_8);
    byte[] image = format.render(uri);
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).contentType(format.contentType).result(image);
  }

  /**
   * The page for a QR token: live (QR, URI, countdown, form) while the token is good, else why not
   * (expired, already used, unknown), with the status the image path would answer.
   */
  private void enrolmentPage(Context ctx, String token, Optional<Store.QrRow> row, String error) {
    long now = cfg.clock.millis();
    if (row.isEmpty()) {
      Html.send(ctx, 404, EnrolmentPage.unknown(), "no-store");
      return;
    }
    Store.QrRow q = row.get();
    String owner = Keys.toChecksumAddress(q.owner());
    if (now >= q.expiresAt()) {
      boolean used = store.owner(q.owner()).map(Store.OwnerRow::active).orElse(false);
      Html.send(
          ctx,
          410,
          used ? EnrolmentPage.used(owner) : EnrolmentPage.expired(q.expiresAt()),
          "no-store");
      return;
    }
    String uri = new String(twoFactor.decryptQr(q), StandardCharsets.UTF_8);
    Html.send(
        ctx,
        error == null ? 200 : 400,
        EnrolmentPage.live(token, owner, uri, q.expiresAt(), now, error),
        "no-store");
  }

  /** The enrolment page's form: confirms the first code for the token's owner. */
  private void confirmFromPage(Context ctx) {
    String token = ctx.pathParam("token");
    Optional<Store.QrRow> row = token.matches("[0-9a-f]{48}") ? store.qr(token) : Optional.empty();
    if (row.isEmpty() || cfg.clock.millis() >= row.get().expiresAt()) {
      enrolmentPage(ctx, token, row, null);
      return;
    }
    String client = clientAddress(ctx);
    String code;
    try {
      limits.admit(client);
      code = formField(ctx, "code");
    } catch (GasStationException e) {
      enrolmentPage(ctx, token, row, e.getMessage());
      return;
    }
    if (code == null || !CODE.matcher(code).matches()) {
      enrolmentPage(ctx, token, row, "Type the six digits your authenticator app shows.");
      return;
    }
    String owner = row.get().owner();
    try {
      twoFactor.confirm(owner, code, client);
    } catch (GasStationException e) {
      // Wrong code, reused step or lockout: say so on the page, the form stays while the QR lives.
      enrolmentPage(ctx, token, store.qr(token), e.getMessage());
      return;
    }
    Html.send(ctx, 200, EnrolmentPage.confirmed(Keys.toChecksumAddress(owner)), "no-store");
  }

  /** One field of an {@code application/x-www-form-urlencoded} body, read under the body limits. */
  private String formField(Context ctx, String name) {
    String type = ctx.header("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/x-www-form-urlencoded")) {
      throw new GasStationException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The form must be sent as a web form");
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      if (ctx.req().getContentLengthLong() > cfg.maxBodyBytes) {
        throw tooLarge(in);
      }
      bytes = http.readBody(ctx.req(), in, cfg.maxBodyBytes);
      if (bytes.length > cfg.maxBodyBytes) {
        throw tooLarge(in);
      }
    } catch (IOException e) {
      throw new GasStationException(ErrorCode.INVALID_PAYLOAD, "The form could not be read");
    }
    for (String pair : new String(bytes, StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0
          && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
              .equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
      }
    }
    return null;
  }

  private static final java.util.Map<String, String> PAGE_ASSETS =
      java.util.Map.of(
          "enrol.css", "text/css; charset=utf-8", "enrol.js", "text/javascript; charset=utf-8");

  private void pageAsset(Context ctx) {
    String file = ctx.pathParam("file");
    String type = PAGE_ASSETS.get(file);
    InputStream in = type == null ? null : Api.class.getResourceAsStream("web/" + file);
    if (in == null) {
      throw new GasStationException(ErrorCode.NOT_FOUND);
    }
    try (in) {
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.status(200).contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void health(Context ctx) {
    boolean db = store.healthy();
    ObjectNode data = JSON.createObjectNode().put("database", db ? "ok" : "down");
    boolean node = true;
    try {
      BigInteger bal = chain.balance(chain.faucetAddress());
      data.put("chain", "ok")
          .put("evmChainId", chain.chainId())
          .put("faucetAddress", chain.faucetAddress())
          .put("faucetBalance", bal.toString())
          .put("fundAmount", cfg.fundAmount.toString())
          .put("minGasBalance", cfg.minGasBalance.toString())
          .put("canFund", bal.compareTo(cfg.fundAmount) >= 0);
    } catch (RuntimeException e) {
      node = false;
      data.put("chain", "down");
    }
    if (db && node) {
      ok(ctx, "success", "OK", data);
    } else {
      ctx.status(503).contentType("application/json");
      ObjectNode body =
          JSON.createObjectNode()
              .put("code", ErrorCode.CHAIN_UNAVAILABLE.wire())
              .put(
                  "message",
                  db ? "The chain node cannot be reached" : "The database cannot be reached");
      body.set("data", data);
      ctx.result(body.toString());
    }
  }

  // ------------------------------------------------------------------ body checks

  /** The client's network address: the TCP peer, or the configured proxy header's last value. */
  private String clientAddress(Context ctx) {
    if (cfg.clientAddressHeader != null) {
      String h = ctx.header(cfg.clientAddressHeader);
      if (h != null && !h.isBlank()) {
        String[] hops = h.split(",");
        String last = hops[hops.length - 1].strip();
        if (!last.isEmpty() && last.length() <= 64) {
          return last;
        }
      }
    }
    return ctx.req().getRemoteAddr();
  }

  private JsonNode jsonBody(Context ctx) {
    String type = ctx.header("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new GasStationException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, got "
              + (type == null ? "none" : "\"" + type + "\""));
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      if (ctx.req().getContentLengthLong() > cfg.maxBodyBytes) {
        throw tooLarge(in);
      }
      bytes = http.readBody(ctx.req(), in, cfg.maxBodyBytes);
      if (bytes.length > cfg.maxBodyBytes) {
        throw tooLarge(in);
      }
    } catch (IOException e) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD, "The request body could not be read");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD, "The request body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD, "The request body must be a JSON object");
    }
    return node;
  }

  /**
   * Reads and discards the rest of an oversized body (up to {@link #DRAIN_LIMIT}) before answering
   * 413: a server that answers and closes while the client is still sending makes the client see a
   * reset instead of the answer.
   */
  private GasStationException tooLarge(InputStream rest) throws IOException {
    long drained = 0;
    byte[] sink = new byte[64 * 1024];
    for (int n; drained < DRAIN_LIMIT && (n = rest.read(sink)) > 0; ) {
      drained += n;
    }
    return new GasStationException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + cfg.maxBodyBytes + " bytes");
  }

  private static String ownerField(JsonNode body) {
    return addressField(body, "ownerAddress", ErrorCode.INVALID_OWNER_ADDRESS);
  }

  /**
   * A 0x address, all lower case, all upper case or with a valid EIP-55 checksum; returned in lower
   * case.
   */
  private static String addressField(JsonNode body, String field, ErrorCode invalid) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      throw new GasStationException(ErrorCode.INVALID_PAYLOAD, field + " is required");
    }
    if (!n.isTextual()) {
      throw new GasStationException(ErrorCode.INVALID_PAYLOAD, field + " must be a string");
    }
    String a = n.asText();
    if (!a.equals(a.strip()) || a.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      // Never trimmed: "0x…\n" or "0x…\u0000" is not the address it resembles.
      throw new GasStationException(
          invalid,
          field
              + " must be exactly a 0x address, without spaces, line breaks"
              + " or control characters around or inside it");
    }
    if (!HEX_ADDRESS.matcher(a).matches()) {
      throw new GasStationException(invalid, field + " must be a 0x-prefixed 20-byte hex address");
    }
    String hex = a.substring(2);
    boolean mixed =
        !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
    if (mixed && !Keys.toChecksumAddress(a).equals(a)) {
      throw new GasStationException(invalid, field + " has a wrong EIP-55 checksum");
    }
    return a.toLowerCase(Locale.ROOT);
  }

  private static String codeField(JsonNode body) {
    JsonNode n = body.get("twoFactorCode");
    if (n == null || n.isNull()) {
      throw new GasStationException(ErrorCode.INVALID_PAYLOAD, "twoFactorCode is required");
    }
    if (!n.isTextual() || !CODE.matcher(n.asText()).matches()) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD, "twoFactorCode must be a string of 6 digits");
    }
    return n.asText();
  }

  private static String optionalText(JsonNode body, String field, String dflt) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new GasStationException(
          ErrorCode.INVALID_PAYLOAD, field + " must be a non-empty string");
    }
    return n.asText().trim();
  }

  // ------------------------------------------------------------------ envelopes

  private static void ok(Context ctx, String status, String code, ObjectNode data) {
    ObjectNode body = JSON.createObjectNode().put("status", status).put("code", code);
    body.set("data", data);
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  private static void error(
      Context ctx, ErrorCode code, String message, java.time.Duration retryAfter) {
    if (retryAfter != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }
    writeError(ctx, code.httpStatus(), code.wire(), message);
  }

  private static void writeError(Context ctx, int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message);
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  private static JsonNode readResult(Context ctx) {
    try {
      return JSON.readTree(ctx.result());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
