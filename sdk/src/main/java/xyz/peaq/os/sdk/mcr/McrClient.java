package xyz.peaq.os.sdk.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import xyz.peaq.os.sdk.MachineDid;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Client of the MCR API (read-only HTTP/JSON, no authentication).
 *
 * <pre>{@code
 * McrClient mcr = McrClient.create("http://127.0.0.1:8000");
 * McrResponse r = mcr.queryMcr("did:peaq:0x1234...abcd");
 * System.out.println(r.mcr() + " " + r.mcrScore());
 * }</pre>
 *
 * <p>DIDs are checked before any request: {@code did:peaq:0x} followed by 40 hex digits, or a bare
 * {@code 0x} address. Failures are {@link ApiException}s whose {@link ApiException#code()} is
 * {@code NOT_FOUND} (404), {@code RATE_LIMITED} (429), {@code SERVICE_UNAVAILABLE} (503), {@code
 * SERVER_ERROR} (other 5xx), {@code INVALID_REQUEST} (400, 422), {@code HTTP_ERROR} (any other
 * status), {@code TIMEOUT}, {@code NETWORK_ERROR} (no answer) or {@code BAD_RESPONSE} (a body that
 * is not the documented JSON, or one about another machine); the message carries the server's
 * {@code detail}. Unknown JSON fields are ignored. Thread-safe.
 */
public final class McrClient {
  public static final String DEFAULT_URL = "http://127.0.0.1:8000";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int MAX_LIMIT = 20;

  private static final Set<String> RATINGS =
      Set.of("AAA", "AA", "A", "BBB", "BB", "B", "NR", "Provisioned");
  private static final Set<String> BOND = Set.of("bonded", "unbonded");
  private static final Set<String> TRENDS = Set.of("up", "stable", "down", "insufficient");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  private McrClient(Builder b) {
    this.baseUrl = b.baseUrl.replaceAll("/+$", "");
    this.timeout = b.timeout;
    this.http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
  }

  /** Client of the service at {@code baseUrl} with the default 30 s timeout. */
  public static McrClient create(String baseUrl) {
    return builder(baseUrl).build();
  }

  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** {@code GET /mcr/{did}}: the machine credit rating. */
  public McrResponse queryMcr(String did) {
    String d = validateDid(did);
    String op = "queryMcr";
    JsonNode b = get(op, "/mcr/" + d);
    Fields f = new Fields(op, b);
    McrResponse r =
        new McrResponse(
            f.text("did"),
            f.machineId("machine_id"),
            f.score("mcr_score"),
            f.oneOf("mcr", RATINGS),
            f.bool("mcr_degraded"),
            f.oneOf("bond_status", BOND),
            f.bool("negative_flag"),
            f.count("event_count"),
            f.count("revenue_event_count"),
            f.count("activity_event_count"),
            f.nullableOneOf("revenue_trend", TRENDS),
            f.number("total_revenue"),
            f.nullableNumber("average_revenue_per_event"),
            f.nullableLongOrNull("last_updated"),
            f.optionalCount("home_chain"),
            f.optionalText("rating_unavailable"));
    correlate(op, d, r.did(), "machine");
    return r;
  }

  /**
   * Polls {@link #queryMcr} until the machine is indexed and {@code condition} holds, e.g. {@code r
   * -> r.eventCount() >= 3}. NOT_FOUND while waiting means "not indexed yet"; other errors end the
   * wait. The first retries come after 100 ms (the devnet indexes within a poll of a fraction of a
   * second), doubling to once a second, so a long wait stays within the service's
   * 90-requests-a-minute limit.
   *
   * @throws ApiException code TIMEOUT when {@code timeout} passes first
   */
  public McrResponse awaitMcr(
      String did, java.util.function.Predicate<McrResponse> condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 100;
    while (true) {
      try {
        McrResponse r = queryMcr(did);
        if (condition.test(r)) {
          return r;
        }
      } catch (ApiException e) {
        if (!"NOT_FOUND".equals(e.code())) {
          throw e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ApiException(
            0,
            "TIMEOUT",
            "awaitMcr: "
                + did
                + " did not reach the expected state within "
                + timeout.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
        pauseMillis = Math.min(1000, pauseMillis * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(0, "NETWORK_ERROR", "awaitMcr: interrupted", e);
      }
    }
  }

  /** {@code GET /machine/{did}}: the machine profile. */
  public MachineProfile queryMachine(String did) {
    String d = validateDid(did);
    String op = "queryMachine";
    MachineProfile p = profile(op, get(op, "/machine/" + d));
    correlate(op, d, p.peaqos().did(), "machine");
    return p;
  }

  /** {@code GET /metadata/{token_id}}: the Machine NFT's metadata, same shape as the profile. */
  public MachineProfile queryMetadata(BigInteger tokenId) {
    Objects.requireNonNull(tokenId, "tokenId");
    if (tokenId.signum() <= 0) {
      throw new ValidationException(
          "tokenId", "tokenId must be a positive integer, got " + tokenId);
    }
    String op = "queryMetadata";
    return profile(op, get(op, "/metadata/" + tokenId));
  }

  /** First page (up to 20) of the operator's fleet. */
  public OperatorMachines queryOperatorMachines(String did) {
    return queryOperatorMachines(did, 0, MAX_LIMIT);
  }

  /**
   * {@code GET /operator/{did}/machines?offset=&limit=}; {@code limit} 1..20, {@code offset} >= 0.
   */
  public OperatorMachines queryOperatorMachines(String did, int offset, int limit) {
    String d = validateDid(did);
    if (MachineDid.looksDecimal(d)) {
      throw new ValidationException(
          "did",
          "an operator DID is an account's: did:peaq:0x followed by 40 hex digits (a decimal DID"
              + " names a machine), got '"
              + d
              + "'");
    }
    if (offset < 0) {
      throw new ValidationException("offset", "offset must be >= 0, got " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ValidationException(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    String op = "queryOperatorMachines";
    JsonNode b = get(op, "/operator/" + d + "/machines?offset=" + offset + "&limit=" + limit);
    Fields f = new Fields(op, b);
    JsonNode list = f.node("machines");
    if (!list.isArray()) {
      throw f.bad("machines");
    }
    List<OperatorMachine> machines = new ArrayList<>();
    for (JsonNode m : list) {
      Fields g = new Fields(op, m);
      machines.add(
          new OperatorMachine(
              g.text("did"),
              g.machineId("machine_id"),
              g.score("mcr_score"),
              g.oneOf("mcr", RATINGS),
              g.bool("negative_flag")));
    }
    Fields p = new Fields(op, f.node("pagination"));
    OperatorMachines r =
        new OperatorMachines(
            f.text("operator_did"),
            machines,
            new Pagination(p.count("offset"), p.count("limit"), p.count("total")));
    correlate(op, d, r.operatorDid(), "operator");
    return r;
  }

  /**
   * Checks a DID the way the service does; returns it trimmed. Two forms: a 1.0 address DID ({@code
   * did:peaq:0x} + 40 hex, or the bare address) and a 2.0 machine DID ({@code did:peaq:<canonical
   * decimal machine id>}, {@link MachineDid}).
   */
  public static String validateDid(String did) {
    if (did == null || did.isBlank()) {
      throw new ValidationException(
          "did",
          "did is required: did:peaq:0x followed by 40 hex digits, a 0x address, or"
              + " did:peaq:<decimal machine id>");
    }
    String d = did.trim();
    if (MachineDid.looksDecimal(d)) {
      return MachineDid.parse(d).toString();
    }
    if (xyz.peaq.os.sdk.Did.addressOf(d).isEmpty()) {
      throw new ValidationException(
          "did",
          "did must be did:peaq:0x followed by 40 hex digits, a bare 0x address (40 hex digits),"
              + " or did:peaq:<decimal machine id>, got '"
              + d
              + "'");
    }
    return d;
  }

  private static MachineProfile profile(String op, JsonNode b) {
    Fields f = new Fields(op, b);
    String schema = f.text("schema_version");
    String name = f.textAllowEmpty("name");
    JsonNode raw = f.node("peaqos");
    Fields p = new Fields(op, raw);
    List<EventEntry> events = null;
    JsonNode ev = raw.get("event_data");
    if (ev != null && ev.isArray()) {
      events = new ArrayList<>();
      for (JsonNode e : ev) {
        Fields g = new Fields(op, e);
        int type = g.count("event_type");
        if (type != 0 && type != 1) {
          throw g.bad("event_type");
        }
        boolean revenue = type == 0;
        events.add(
            new EventEntry(
                type,
                g.uint("origin_value"),
                g.longValue("timestamp"),
                g.count("trust_level"),
                g.node("metadata"),
                revenue ? g.text("origin_currency") : null,
                revenue ? g.nullableUint("usd_value") : null,
                revenue ? g.nullableInt("origin_subunit") : null,
                revenue ? g.count("usd_subunit") : null,
                revenue
                    ? g.oneOf(
                        "amount_status", Set.of("ok", "unsupported_currency", "fx_unavailable"))
                    : null));
      }
    }
    JsonNode partner = raw.get("partner_data");
    PeaqosData data =
        new PeaqosData(
            p.machineId("machine_id"),
            p.text("did"),
            p.nullableText("operator"),
            p.oneOf("mcr", RATINGS),
            p.score("mcr_score"),
            p.oneOf("bond_status", BOND),
            p.bool("negative_flag"),
            p.count("event_count"),
            p.text("data_visibility"),
            p.nullableText("documentation_url"),
            p.optionalText("data_api"),
            events,
            partner != null && partner.isObject() ? partner : null,
            p.optionalText("partner_data_error"),
            p.optionalCount("home_chain"),
            p.optionalText("rating_unavailable"),
            p.optionalText("machine_type"),
            p.optionalBool("relocating"),
            p.optionalText("owner"),
            p.optionalText("controller"));
    return new MachineProfile(schema, name, data);
  }

  private static void correlate(String op, String requested, String returned, String what) {
    if (!requested.equalsIgnoreCase(returned)) {
      throw new ApiException(
          200,
          "BAD_RESPONSE",
          op + ": MCR API returned a response for a different " + what + " (" + returned + ")");
    }
  }

  private JsonNode get(String op, String path) {
    String url = baseUrl + path;
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new ApiException(
          0,
          "TIMEOUT",
          op + ": request to " + url + " timed out after " + timeout.toMillis() + " ms",
          e);
    } catch (IOException e) {
      throw new ApiException(
          0,
          "NETWORK_ERROR",
          op
              + ": request to "
              + url
              + " failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          0, "NETWORK_ERROR", op + ": request to " + url + " was interrupted", e);
    }
    int status = res.statusCode();
    if (status / 100 != 2) {
      throw statusError(op, url, status, res.body());
    }
    try {
      JsonNode n = JSON.readTree(res.body());
      if (n == null || !n.isObject()) {
        throw new ApiException(
            status, "BAD_RESPONSE", op + ": MCR API at " + url + " did not answer a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ApiException(
          status, "BAD_RESPONSE", op + ": MCR API at " + url + " returned a non-JSON response", e);
    }
  }

  private static ApiException statusError(String op, String url, int status, String body) {
    String code;
    String what;
    if (status == 404) {
      code = "NOT_FOUND";
      what = "resource not found";
    } else if (status == 429) {
      code = "RATE_LIMITED";
      what = "rate limit exceeded (90 requests a minute per IP by default)";
    } else if (status == 503) {
      code = "SERVICE_UNAVAILABLE";
      what = "service unavailable";
    } else if (status >= 500) {
      code = "SERVER_ERROR";
      what = "server error";
    } else if (status == 400 || status == 422) {
      code = "INVALID_REQUEST";
      what = "rejected the request";
    } else if (status == 401 || status == 403) {
      code = "UNAUTHORIZED";
      what = "refused the request";
    } else if (status == 409) {
      // The 2.0 service names the conflict in detail.code; a machine homed on another chain is
      // not an absence.
      code =
          "MACHINE_HOMED_ELSEWHERE".equals(detailCode(body))
              ? "MACHINE_HOMED_ELSEWHERE"
              : "CONFLICT";
      what = "reported a conflict";
    } else {
      code = "HTTP_ERROR";
      what = "unexpected HTTP " + status;
    }
    String detail = detail(body);
    return new ApiException(
        status,
        code,
        op + ": MCR API " + what + " at " + url + (detail == null ? "" : " — " + detail));
  }

  /** {@code detail.code} of a 2.0 error body, or null. */
  private static String detailCode(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode c = n == null ? null : n.path("detail").get("code");
      return c != null && c.isTextual() ? c.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The {@code detail} of a FastAPI error body: a string, or the messages of a validation list. */
  private static String detail(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode d = n == null ? null : n.get("detail");
      if (d == null || d.isNull()) {
        return null;
      }
      if (d.isTextual()) {
        return d.asText();
      }
      if (d.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : d) {
          JsonNode loc = e.get("loc");
          String where =
              loc != null && loc.isArray() && loc.size() > 0
                  ? loc.get(loc.size() - 1).asText() + ": "
                  : "";
          parts.add(where + (e.hasNonNull("msg") ? e.get("msg").asText() : e.toString()));
        }
        return String.join("; ", parts);
      }
      if (d.isObject() && d.hasNonNull("message")) {
        return d.get("message").asText();
      }
      return d.toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Strict readers of one JSON object; a wrong or missing field is BAD_RESPONSE naming it. */
  private static final class Fields {
    private final String op;
    private final JsonNode n;

    Fields(String op, JsonNode n) {
      this.op = op;
      if (n == null || !n.isObject()) {
        throw new ApiException(
            200,
            "BAD_RESPONSE",
            op + ": MCR API returned a malformed response body (object expected)");
      }
      this.n = n;
    }

    ApiException bad(String field) {
      return new ApiException(
          200,
          "BAD_RESPONSE",
          op
              + ": MCR API returned a malformed response body (field '"
              + field
              + "': "
              + n.get(field)
              + ")");
    }

    JsonNode node(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) throw bad(f);
      return v;
    }

    String text(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isTextual() || v.asText().isEmpty()) throw bad(f);
      return v.asText();
    }

    String textAllowEmpty(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isTextual()) throw bad(f);
      return v.asText();
    }

    String nullableText(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return null;
      if (!v.isTextual()) throw bad(f);
      return v.asText();
    }

    String optionalText(String f) {
      JsonNode v = n.get(f);
      return v != null && v.isTextual() ? v.asText() : null;
    }

    String oneOf(String f, Set<String> allowed) {
      String s = text(f);
      if (!allowed.contains(s)) throw bad(f);
      return s;
    }

    String nullableOneOf(String f, Set<String> allowed) {
      if (!n.has(f)) throw bad(f);
      String s = nullableText(f);
      if (s != null && !allowed.contains(s)) throw bad(f);
      return s;
    }

    boolean bool(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isBoolean()) throw bad(f);
      return v.asBoolean();
    }

    BigInteger uint(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isIntegralNumber() || v.bigIntegerValue().signum() < 0) throw bad(f);
      return v.bigIntegerValue();
    }

    /**
     * A machine id: a canonical decimal string (2.0 answers; lossless for any uint256) or a JSON
     * integer (1.0 answers).
     */
    BigInteger machineId(String f) {
      JsonNode v = n.get(f);
      if (v != null && v.isTextual()) {
        return MachineDid.idOf(v.asText())
            .filter(x -> v.asText().matches("[0-9]+"))
            .orElseThrow(() -> bad(f));
      }
      return uint(f);
    }

    Integer optionalCount(String f) {
      JsonNode v = n.get(f);
      if (v == null) return null;
      return count(f);
    }

    Boolean optionalBool(String f) {
      JsonNode v = n.get(f);
      if (v == null) return null;
      return bool(f);
    }

    BigInteger nullableUint(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return null;
      return uint(f);
    }

    Integer nullableInt(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return null;
      if (!v.isIntegralNumber() || !v.canConvertToInt()) throw bad(f);
      return v.intValue();
    }

    int count(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0)
        throw bad(f);
      return v.intValue();
    }

    /** {@code mcr_score} 0..100; null reads as 0 like the official legacy clients. */
    int score(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return 0;
      int s = count(f);
      if (s > 100) throw bad(f);
      return s;
    }

    long longValue(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0)
        throw bad(f);
      return v.longValue();
    }

    Long nullableLongOrNull(String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return null;
      return longValue(f);
    }

    BigDecimal number(String f) {
      JsonNode v = n.get(f);
      if (v == null || !v.isNumber()) throw bad(f);
      return v.decimalValue();
    }

    BigDecimal nullableNumber(String f) {
      if (!n.has(f)) throw bad(f);
      JsonNode v = n.get(f);
      if (v.isNull()) return null;
      return number(f);
    }
  }

  /** Options of a {@link McrClient}. */
  public static final class Builder {
    private final String baseUrl;
    private Duration timeout = DEFAULT_TIMEOUT;
    private HttpClient httpClient;

    private Builder(String baseUrl) {
      if (baseUrl == null || baseUrl.isBlank()) {
        throw ValidationException.required("PEAQOS_MCR_API_URL");
      }
      String u = baseUrl.trim();
      if (!u.startsWith("http://") && !u.startsWith("https://")) {
        throw new ValidationException(
            "PEAQOS_MCR_API_URL",
            "PEAQOS_MCR_API_URL must be an http(s) URL such as "
                + DEFAULT_URL
                + ", got '"
                + u
                + "'");
      }
      this.baseUrl = u;
    }

    /** Per-request timeout (default 30 s); a request that takes longer fails with code TIMEOUT. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new ValidationException(
            "timeout", "timeout must be a positive duration, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Shares an existing HTTP client (its own connect timeout applies). */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    public McrClient build() {
      return new McrClient(this);
    }
  }
}
