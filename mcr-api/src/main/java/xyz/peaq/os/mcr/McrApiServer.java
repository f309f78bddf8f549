package xyz.peaq.os.mcr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.peaq.os.service.BodyDeadline;
import xyz.peaq.os.service.HttpLimits;

/**
 * The MCR API: an indexer following the chain into its database and a read-only HTTP/JSON service
 * over it, wire-compatible with the official MCR API.
 *
 * <pre>{@code
 * try (McrApiServer s = McrApiServer.start(McrApiConfig.fromEnv(System.getenv()))) {
 *   System.out.println(s.url());   // http://127.0.0.1:8000
 * }
 * }</pre>
 */
public final class McrApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McrApiServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The only bodies are monetization writes (about 250 bytes). */
  static final int MAX_BODY = 4096;

  private static final BigInteger MAX_UINT256 =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private final McrApiConfig cfg;
  private final ChainPort chain;
  private final Store store;
  private final Indexer indexer;
  private final McrService service;
  private final Monetization monetization;
  private final ResponseCache cache;

  /** The API's only request body (a monetization write, a few hundred bytes): 2 s to arrive. */
  private final BodyDeadline bodies =
      new BodyDeadline("mcr-api-body-deadline", java.time.Duration.ofSeconds(2));

  private final RateLimiter limiter;
  private final Javalin app;
  private final String url;
  private final String cacheControl;

  private McrApiServer(
      McrApiConfig cfg,
      Function<McrApiConfig, ChainPort> chainFactory,
      Clock clock,
      TimeMeter limiterClock) {
    this.cfg = cfg;
    this.limiter = new RateLimiter(cfg.rateLimitRequests(), cfg.rateLimitWindow(), limiterClock);
    // Answers change at most once a poll: clients may reuse one that long, then revalidate.
    this.cacheControl =
        "public, max-age=" + Math.max(1, (cfg.pollInterval().toMillis() + 999) / 1000);
    ChainPort c = null;
    Store s = null;
    Indexer ix = null;
    try {
      if (!cfg.testMode()) {
        c = chainFactory.apply(cfg);
        s = new Store(cfg.jdbcUrl(), cfg.jdbcUser(), cfg.jdbcPassword());
        ix =
            new Indexer(
                cfg, c, s, IndexerLeadership.of(cfg.jdbcUrl(), cfg.jdbcUser(), cfg.jdbcPassword()));
      }
      this.chain = c;
      this.store = s;
      this.indexer = ix;
      long chainId = 0;
      if (c != null) {
        try {
          chainId = c.chainId();
        } catch (RuntimeException e) {
          LOG.warn("cannot read the chain id from {}: {}", cfg.rpcUrl(), e.toString());
        }
      }
      this.service = new McrService(cfg, s, ix, clock, chainId);
      this.monetization = new Monetization(cfg, service, s, clock, chainId);
      Indexer versioned = ix;
      this.cache = new ResponseCache(() -> versioned == null ? 0 : versioned.version());
      if (ix != null) {
        ix.onApplied(service::indexed);
        ix.onFollowed(service::indexMovedElsewhere);
      }
      this.app = Javalin.create(this::configure);
      try {
        app.start(cfg.host(), cfg.port());
      } catch (RuntimeException e) {
        app.stop();
        throw new IllegalStateException(
            "cannot listen on "
                + cfg.host()
                + ":"
                + cfg.port()
                + " (is another MCR API running there?); choose another port with MCR_PORT or McrApiConfig.port: "
                + e.getMessage(),
            e);
      }
      this.url =
          "http://"
              + (cfg.host().contains(":") ? "[" + cfg.host() + "]" : cfg.host())
              + ":"
              + app.port();
      if (ix != null) {
        ix.start();
      }
    } catch (RuntimeException e) {
      if (ix != null) ix.close();
      if (s != null) s.close();
      if (c != null) c.close();
      throw e;
    }
    LOG.info(
        "MCR API listening on {} ({})",
        url,
        cfg.testMode()
            ? "test mode: no IDENTITY_REGISTRY_ADDRESS"
            : indexer.role() == Indexer.Role.LEADER
                ? "indexing"
                : "serving reads; another instance indexes");
  }

  /** Starts the indexer and the HTTP server; the first index pass runs before this returns. */
  public static McrApiServer start(McrApiConfig cfg) {
    return new McrApiServer(
        cfg, SdkChainPort::connect, Clock.systemUTC(), TimeMeter.SYSTEM_NANOTIME);
  }

  /** For tests: a chain seam (to wrap the real chain with a fault) and the clocks. */
  static McrApiServer start(
      McrApiConfig cfg,
      Function<McrApiConfig, ChainPort> chainFactory,
      Clock clock,
      TimeMeter limiterClock) {
    return new McrApiServer(cfg, chainFactory, clock, limiterClock);
  }

  /** Base URL, e.g. {@code http://127.0.0.1:8000}. */
  public String url() {
    return url;
  }

  public int port() {
    return app.port();
  }

  /** Whether this instance indexes ({@code LEADER}) or serves reads only; null in test mode. */
  Indexer.Role role() {
    return indexer == null ? null : indexer.role();
  }

  /** Last block the index covers; -1 before the first (and in test mode). */
  public long indexedBlock() {
    return indexer == null ? -1 : indexer.indexedBlock();
  }

  public McrApiConfig config() {
    return cfg;
  }

  private void configure(io.javalin.config.JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.http.defaultContentType = "application/json";
    // Every path is read-only: another method on a known path is 405 with Allow, not 404.
    c.http.prefer405over404 = true;
    // Jetty's own errors in the API's {"detail": ...} shape.
    HttpLimits.of(
            "mcr-api-http",
            HttpLimits.DEFAULT_MAX_CONNECTIONS,
            HttpLimits.DEFAULT_IDLE_TIMEOUT,
            (status, reason) ->
                "{\"detail\":"
                    + HttpLimits.jsonString(
                        reason != null && !reason.isBlank() ? reason : "HTTP error " + status)
                    + "}")
        // Handlers are short and CPU-bound (answers come from memory or a local database):
        // threads beyond a few per core only contend (about 285 ran on 2 cores before).
        .withWorkerThreads(HttpLimits.threadsForCores())
        .configure(c);
    c.routes.before(this::rateLimit);
    // The machine explorer's pages under / (same server, same service layer).
    new Explorer(service, indexer).routes(c);
    c.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
    c.routes.get("/ready", this::ready);
    c.routes.get(
        "/mcr/{did}",
        ctx -> cached(ctx, () -> new McrService.Answer(service.mcr(ctx.pathParam("did")), true)));
    c.routes.get("/machine/{did}", ctx -> cached(ctx, () -> service.machine(ctx.pathParam("did"))));
    c.routes.get("/.well-known/peaq-monetization", ctx -> json(ctx, 200, monetization.wellKnown()));
    c.routes.get(
        "/machine/{key}/monetization",
        ctx -> json(ctx, 200, monetization.get(ctx.pathParam("key"))));
    c.routes.put(
        "/machine/{key}/monetization",
        ctx -> {
          byte[] body =
              bodies.read(
                  ctx.req(),
                  ctx.req().getInputStream(),
                  MAX_BODY,
                  () ->
                      CodedError.of(
                          408,
                          "INVALID_REQUEST",
                          "the request body did not arrive within "
                              + bodies.timeout().toMillis()
                              + " ms"));
          if (body.length > MAX_BODY) {
            throw CodedError.of(
                413, "INVALID_REQUEST", "the body is larger than " + MAX_BODY + " bytes");
          }
          json(ctx, 200, monetization.put(ctx.pathParam("key"), body));
        });
    c.routes.get(
        "/operator/{did}/machines",
        ctx -> {
          Params p = new Params();
          BigInteger offset =
              p.integer(
                  "query",
                  "offset",
                  ctx.queryParam("offset"),
                  BigInteger.ZERO,
                  BigInteger.ZERO,
                  BigInteger.valueOf(Integer.MAX_VALUE));
          BigInteger limit =
              p.integer(
                  "query",
                  "limit",
                  ctx.queryParam("limit"),
                  BigInteger.valueOf(20),
                  BigInteger.ONE,
                  BigInteger.valueOf(20));
          p.check();
          cached(
              ctx,
              () ->
                  new McrService.Answer(
                      service.operatorMachines(
                          ctx.pathParam("did"), offset.intValueExact(), limit.intValueExact()),
                      true));
        });
    c.routes.get(
        "/metadata/{token_id}",
        ctx -> {
          Params p = new Params();
          BigInteger token =
              p.integer(
                  "path", "token_id", ctx.pathParam("token_id"), null, BigInteger.ONE, MAX_UINT256);
          p.check();
          json(ctx, 200, service.metadata(token));
        });
    c.routes.get(
        "/machines/{machine_id}",
        ctx -> {
          Params p = new Params();
          BigInteger id =
              p.integer(
                  "path",
                  "machine_id",
                  ctx.pathParam("machine_id"),
                  null,
                  BigInteger.ZERO,
                  MAX_UINT256);
          p.check();
          json(ctx, 200, service.machineCard(id));
        });
    c.routes.exception(
        HttpError.class,
        (e, ctx) -> {
          if (e.status() == 429) {
            ctx.header("Retry-After", String.valueOf(((RateLimited) e).retryAfter));
          }
          json(ctx, e.status(), Map.of("detail", e.detail()));
        });
    c.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() == 405) {
            ctx.header("Allow", "GET, HEAD");
          }
          json(
              ctx,
              e.getStatus(),
              Map.of(
                  "detail",
                  e.getStatus() == 404
                      ? "Not Found"
                      : e.getStatus() == 405
                          ? "Method Not Allowed"
                          : String.valueOf(e.getMessage())));
        });
    c.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          json(ctx, 500, Map.of("detail", "Internal Server Error"));
        });
  }

  /** 429 carrying the seconds until the window refills. */
  private static final class RateLimited extends HttpError {
    final long retryAfter;

    RateLimited(String detail, long retryAfter) {
      super(429, detail);
      this.retryAfter = retryAfter;
    }
  }

  private void rateLimit(Context ctx) {
    String path = ctx.path();
    if (path.equals("/health") || path.equals("/ready") || Explorer.isAsset(path)) {
      return; // probes stay answerable under load; the explorer's files are served from memory
    }
    RateLimiter.Decision d = limiter.check(ctx.ip());
    if (!d.allowed()) {
      throw new RateLimited("Rate limit exceeded: " + limiter.describe(), d.retryAfterSeconds());
    }
  }

  private void ready(Context ctx) {
    Map<String, Object> contracts = new LinkedHashMap<>();
    boolean rpc = false;
    if (cfg.testMode()) {
      for (String k :
          new String[] {
            "identity_registry",
            "identity_staking",
            "event_registry",
            "machine_nft",
            "admin_flags",
            "did_registry"
          }) {
        contracts.put(k, false);
      }
    } else {
      try {
        chain.blockNumber();
        rpc = true;
      } catch (RuntimeException e) {
        rpc = false;
      }
      contracts.put("identity_registry", rpc && code(cfg.identityRegistry()));
      contracts.put("identity_staking", rpc && code(cfg.identityStaking()));
      contracts.put("event_registry", rpc && code(cfg.eventRegistry()));
      contracts.put("machine_nft", rpc && code(cfg.machineNft()));
      contracts.put("admin_flags", cfg.adminFlags() == null || (rpc && code(cfg.adminFlags())));
      contracts.put("did_registry", rpc && code(cfg.didRegistry()));
    }
    boolean ok =
        rpc
            && contracts.values().stream().allMatch(Boolean.TRUE::equals)
            && indexer != null
            && indexer.everSucceeded()
            && store.healthy();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ready" : "not_ready");
    body.put("rpc_connected", rpc);
    body.put("contracts", contracts);
    body.put("indexed_block", indexedBlock());
    // Several instances may share one database: which one writes the index, and how far behind
    // the chain the index is (blocks; -1 before the chain was read).
    body.put(
        "role",
        indexer == null ? "none" : indexer.role().name().toLowerCase(java.util.Locale.ROOT));
    body.put("lag_blocks", indexer == null ? -1 : indexer.lagBlocks());
    if (indexer != null && indexer.lastReset() != null) {
      body.put("reindexed", indexer.lastReset());
    }
    json(ctx, ok ? 200 : 503, body);
  }

  private boolean code(String address) {
    try {
      return chain.hasCode(address);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A data endpoint's 200 answer from the cache while the index has not moved, else built and
   * cached; with an ETag naming the indexed block ({@code If-None-Match} gets a 304) and a
   * Cache-Control of one poll interval. Errors are never cached.
   */
  private void cached(Context ctx, java.util.function.Supplier<McrService.Answer> build) {
    String key = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    ResponseCache.Entry e = cache.get(key);
    if (e == null) {
      long version = indexer == null ? 0 : indexer.version();
      long block = indexedBlock();
      McrService.Answer a = build.get();
      byte[] body;
      try {
        body = JSON.writeValueAsBytes(a.body());
      } catch (JsonProcessingException x) {
        throw new IllegalStateException("cannot serialise a response body", x);
      }
      if (!a.cacheable()) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType("application/json").result(body);
        return;
      }
      e = cache.put(key, version, block, body);
    }
    ctx.header("ETag", e.etag());
    ctx.header("Cache-Control", cacheControl);
    if (e.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType("application/json").result(e.body());
  }

  private static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response body", e);
    }
  }

  @Override
  public void close() {
    try {
      app.stop();
      bodies.close();
    } finally {
      if (indexer != null) indexer.close();
      if (store != null) store.close();
      if (chain != null) chain.close();
    }
  }

  /** Runs the service configured by the environment (module README) until the process stops. */
  public static void main(String[] args) throws InterruptedException {
    McrApiServer server = start(McrApiConfig.fromEnv(System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "mcr-api-shutdown"));
    System.out.println("MCR API listening on " + server.url());
    stopped.await();
  }
}
