package xyz.peaq.os.mcr;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import xyz.peaq.os.service.Html;

/**
 * The machine explorer: web pages under {@code /} rendered on the server from {@link McrService},
 * the same answers the JSON endpoints give (no second source of truth). Every chain value goes
 * through {@link Html#text}; the chart (Chart.js, pinned in package.json and copied into the jar at
 * build) is drawn from the page's own event table, which is what a browser without JavaScript
 * shows.
 */
final class Explorer {
  static final int PAGE_SIZE = 20;
  private static final String STATIC = "/explorer/static/";
  private static final String CSS = STATIC + "explorer.css";
  private static final String CHART_JS = STATIC + "chart.umd.min.js";
  private static final String EXPLORER_JS = STATIC + "explorer.js";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * The static files and their types; read once from the jar, nothing comes from another origin.
   */
  private static final Map<String, String> ASSET_TYPES =
      Map.of(
          "explorer.css", "text/css; charset=utf-8",
          "explorer.js", "text/javascript; charset=utf-8",
          "chart.umd.min.js", "text/javascript; charset=utf-8");

  private final Map<String, Asset> assets = new java.util.concurrent.ConcurrentHashMap<>();

  private record Asset(byte[] bytes, String contentType) {}

  private final McrService service;
  private final Indexer indexer;

  Explorer(McrService service, Indexer indexer) {
    this.service = service;
    this.indexer = indexer;
  }

  /**
   * A static file from the jar, or null when it is missing (a build without {@code npm ci} has no
   * chart.umd.min.js: the pages still work, showing the event table instead of the chart).
   */
  private Asset asset(String name) {
    String type = ASSET_TYPES.get(name);
    if (type == null) {
      return null;
    }
    return assets.computeIfAbsent(
        name,
        n -> {
          try (InputStream in = Explorer.class.getResourceAsStream("web/" + n)) {
            if (in == null) {
              org.slf4j.LoggerFactory.getLogger(Explorer.class)
                  .warn(
                      "explorer file web/{} is missing from the jar (chart.umd.min.js is copied"
                          + " from node_modules at build: run `npm ci` before `mvn`)",
                      n);
              return null;
            }
            return new Asset(in.readAllBytes(), type);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Whether a path is a static asset (not rate limited: it is served from memory). */
  static boolean isAsset(String path) {
    return path.startsWith(STATIC);
  }

  void routes(JavalinConfig c) {
    c.routes.get("/", ctx -> page(ctx, this::home));
    c.routes.get("/explorer/search", ctx -> page(ctx, this::search));
    c.routes.get("/explorer/machine/{did}", ctx -> page(ctx, this::machine));
    c.routes.get("/explorer/operator/{did}", ctx -> page(ctx, this::operator));
    c.routes.get(
        STATIC + "{file}",
        ctx -> {
          Asset a = asset(ctx.pathParam("file"));
          if (a == null) {
            throw new HttpError(404, "Not Found");
          }
          ctx.header("Cache-Control", "public, max-age=3600");
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.status(200).contentType(a.contentType()).result(a.bytes());
        });
  }

  private interface Page {
    Html render(Context ctx);
  }

  /** Renders a page; an error of the service becomes a page saying it, with the same status. */
  private void page(Context ctx, Page p) {
    Html body;
    int status = 200;
    try {
      body = p.render(ctx);
      if (body == null) {
        return; // redirected
      }
    } catch (HttpError e) {
      status = e.status();
      body =
          new Html()
              .tag("<h1>")
              .text(
                  status == 404 ? "Not found" : status == 503 ? "Unavailable" : "Cannot show this")
              .tag("</h1><p class=\"error\" id=\"error\">")
              .text(message(e.detail()))
              .tag("</p><p><a href=\"/\">Back to the start page</a></p>");
    }
    Html.send(
        ctx,
        status,
        Html.page("peaqOS machine explorer", CSS, frame(ctx, body), CHART_JS, EXPLORER_JS),
        "no-cache");
  }

  private static String message(Object detail) {
    if (detail instanceof Map<?, ?> m && m.get("message") != null) {
      return String.valueOf(m.get("message"));
    }
    return String.valueOf(detail);
  }

  private static Html frame(Context ctx, Html content) {
    String q = ctx.queryParam("q");
    return new Html()
        .tag("<header><a class=\"brand\" href=\"/\">peaqOS machine explorer</a>")
        .tag("<form class=\"search\" method=\"get\" action=\"/explorer/search\" role=\"search\">")
        .tag("<input type=\"search\" name=\"q\" id=\"q\" aria-label=\"Machine DID, machine id or")
        .tag(" operator address\" placeholder=\"did:peaq:0x…, machine id or address\"")
        .attr("value", q == null ? "" : q)
        .tag("><button type=\"submit\">Search</button></form></header><main>")
        .append(content)
        .tag("</main>");
  }

  // ---- pages ----

  private Html search(Context ctx) {
    String path = service.locate(ctx.queryParam("q"));
    ctx.redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
    return null;
  }

  private Html home(Context ctx) {
    McrService.Overview o = service.overview();
    Html h =
        new Html()
            .tag("<h1>Fleet overview</h1><dl class=\"facts\">")
            .tag("<dt>Machines indexed</dt><dd id=\"machines-indexed\">")
            .text(o.machines() + o.machinesV2())
            .tag(" <span class=\"muted\">(")
            .text(o.machines() + " Economics 1.0, " + o.machinesV2() + " Economics 2.0")
            .tag(")</span></dd><dt>Indexed block</dt><dd id=\"indexed-block\">")
            .text(indexer.indexedBlock())
            .tag("</dd><dt>Indexer lag</dt><dd id=\"indexer-lag\">")
            .text(lag(indexer.lagBlocks()))
            .tag("</dd></dl><h2>Machines by grade</h2><table class=\"grades\"><thead><tr>")
            .tag("<th>Grade</th><th class=\"num\">Machines</th></tr></thead><tbody>");
    for (Map.Entry<String, Integer> g : o.byGrade().entrySet()) {
      h.tag("<tr><td>").text(g.getKey()).tag("</td><td class=\"num\">").text(g.getValue());
      h.tag("</td></tr>");
    }
    h.tag("</tbody></table><h2>Recent activations</h2>");
    if (o.recent().isEmpty()) {
      h.tag("<p>No machine is indexed yet.</p>");
    } else {
      h.tag("<table class=\"recent\"><thead><tr><th>Machine</th><th>Generation</th>")
          .tag("<th>Block</th><th>Time</th></tr></thead><tbody>");
      for (McrService.Activation a : o.recent()) {
        h.tag("<tr><td><a")
            .attr("href", "/explorer/machine/" + a.did())
            .tag(">")
            .text(a.machineId())
            .tag("</a></td><td>")
            .text(a.generation())
            .tag("</td><td>")
            .text(a.block())
            .tag("</td><td>")
            .text(time(a.time()))
            .tag("</td></tr>");
      }
      h.tag("</tbody></table>");
    }
    return h;
  }

  private static String lag(long blocks) {
    return blocks < 0
        ? "unknown (chain not read yet)"
        : blocks + (blocks == 1 ? " block" : " blocks");
  }

  private Html machine(Context ctx) {
    McrService.MachineView v = service.machineView(ctx.pathParam("did"));
    Map<String, Object> p = nested(v.profile(), "peaqos");
    Map<String, Object> mcr = v.mcr();
    Html h =
        new Html()
            .tag("<h1>Machine <span id=\"machine-id\">")
            .text(mcr.get("machine_id"))
            .tag("</span></h1><section><h2>Identity</h2><dl class=\"facts\">")
            .tag("<dt>DID</dt><dd class=\"mono\" id=\"did\">")
            .text(v.v2() != null ? v.did() : McrService.didOf(v.v1().wallet()))
            .tag("</dd><dt>Generation</dt><dd>")
            .text(v.v2() != null ? "Economics 2.0" : "Economics 1.0")
            .tag("</dd>");
    Object operator = p.get("operator");
    h.tag("<dt>Operator</dt><dd class=\"mono\">");
    if (operator != null && xyz.peaq.os.sdk.Did.addressOf(String.valueOf(operator)).isPresent()) {
      h.tag("<a").attr("href", "/explorer/operator/" + operator).tag(">").text(operator);
      h.tag("</a>");
    } else {
      h.text(operator == null ? "none (self-managed)" : operator);
    }
    h.tag("</dd>");
    if (v.v1() != null) {
      MachineRecord m = v.v1();
      fact(h, "Wallet", m.wallet(), "mono");
      fact(h, "Registered", "block " + m.registeredBlock() + ", " + time(m.registeredTime()), null);
      fact(h, "Status", m.deactivated() ? "deactivated" : "active", null);
      h.tag("</dl></section><section><h2>Machine NFT</h2><dl class=\"facts\">");
      h.tag("<dt>Token id</dt><dd id=\"token-id\">")
          .text(v.tokenId() == null ? "none minted" : v.tokenId())
          .tag("</dd>");
      fact(h, "Name", v.profile().get("name"), null);
      h.tag("</dl></section><section><h2>DID attributes</h2>");
      if (v.attributes().isEmpty()) {
        h.tag("<p>None written.</p>");
      } else {
        h.tag("<table class=\"attributes\"><thead><tr><th>Name</th><th>Value</th></tr></thead>");
        h.tag("<tbody>");
        for (Map.Entry<String, String> a : v.attributes().entrySet()) {
          h.tag("<tr><td class=\"mono\">").text(a.getKey()).tag("</td><td class=\"mono\">");
          h.text(a.getValue()).tag("</td></tr>");
        }
        h.tag("</tbody></table>");
      }
      h.tag("</section><section><h2>Bond</h2><dl class=\"facts\">");
      fact(h, "Bond status", mcr.get("bond_status"), null);
      h.tag("</dl></section>");
    } else {
      MachineV2 m = v.v2().machine();
      fact(h, "Owner", m.owner(), "mono");
      fact(h, "Controller", m.controller() == null ? "none" : m.controller(), "mono");
      fact(h, "Minted", "block " + m.mintedBlock() + ", " + time(m.mintedTime()), null);
      h.tag("</dl></section><section><h2>Machine NFT</h2><dl class=\"facts\">");
      h.tag("<dt>Token id</dt><dd id=\"token-id\">").text(m.machineId()).tag("</dd>");
      fact(h, "Name", v.profile().get("name"), null);
      h.tag("</dl></section><section><h2>DID document</h2><dl class=\"facts\">");
      fact(h, "Machine type", m.machineType(), null);
      fact(h, "Last updated", time(m.updatedTime()), null);
      h.tag("</dl></section><section><h2>Subscription</h2><dl class=\"facts\">");
      fact(h, "State", p.get("subscription_status"), null);
      fact(h, "Tier", m.tier(), null);
      fact(h, "Period", time(m.periodStart()) + " to " + time(m.periodEnd()), null);
      fact(h, "Bonded", m.bondedAmount() + " wei", null);
      fact(h, "Bond status", mcr.get("bond_status"), null);
      fact(h, "Suspended", m.suspended() ? "yes" : "no", null);
      h.tag("</dl></section>");
    }
    McrScore.Components c = v.components();
    h.tag("<section><h2>Machine credit rating</h2><dl class=\"facts\">")
        .tag("<dt>Grade</dt><dd id=\"grade\" class=\"grade\">")
        .text(mcr.get("mcr"))
        .tag("</dd><dt>Score</dt><dd id=\"score\">")
        .text(mcr.get("mcr_score"))
        .tag(" / 100</dd>");
    if (mcr.get("rating_unavailable") != null) {
      fact(h, "Not rated because", mcr.get("rating_unavailable"), null);
    }
    fact(
        h,
        "Events",
        mcr.get("event_count")
            + " ("
            + mcr.get("revenue_event_count")
            + " revenue, "
            + mcr.get("activity_event_count")
            + " activity)",
        null);
    fact(h, "Total revenue", usd(mcr.get("total_revenue")), null);
    fact(h, "Revenue trend", mcr.get("revenue_trend"), null);
    h.tag("</dl><table class=\"components\"><thead><tr><th>Component (last 90 days)</th>")
        .tag("<th class=\"num\">Points</th><th class=\"num\">Out of</th></tr></thead><tbody>");
    component(h, "Activity", c.activity(), 30);
    component(h, "Revenue", c.revenue(), 30);
    component(h, "Trust", c.trust(), 25);
    component(h, "Consistency", c.consistency(), 15);
    h.tag("</tbody></table></section>");
    chart(h, v.recentEvents());
    return h;
  }

  /**
   * The chart over the event table: the table is what a browser without JavaScript shows; the
   * script reads its rows (one point per event) and reveals the canvas.
   */
  private static void chart(Html h, List<MachineEvent> events) {
    h.tag("<section><h2>Events and revenue, last 90 days</h2>")
        .tag("<div class=\"chart\" id=\"chart-box\" hidden><canvas id=\"chart\"")
        .tag(" aria-label=\"Events and revenue over the last 90 days\" role=\"img\"></canvas>")
        .tag("</div>");
    if (events.isEmpty()) {
      h.tag("<p id=\"no-events\">No event in the last 90 days.</p>");
    }
    h.tag("<div class=\"scroll\"><table class=\"events\" id=\"events\"><thead><tr>")
        .tag("<th>Time (block)</th><th>Type</th><th class=\"num\">Value</th><th>Trust</th>")
        .tag("</tr></thead><tbody>");
    for (MachineEvent e : events) {
      boolean revenue = e.eventType() == MachineEvent.REVENUE;
      BigInteger usd = revenue && McrModel.countsAsUsd(e) ? e.value() : BigInteger.ZERO;
      h.tag("<tr")
          .attr("data-time", e.blockTime())
          .attr("data-usd-cents", usd)
          .tag("><td>")
          .text(time(e.blockTime()))
          .tag("</td><td>")
          .text(revenue ? "revenue" : e.eventType() == MachineEvent.ACTIVITY ? "activity" : "other")
          .tag("</td><td class=\"num\">")
          .text(
              !revenue
                  ? ""
                  : McrModel.countsAsUsd(e) ? usd(e.value()) : e.value() + " " + e.currency())
          .tag("</td><td>")
          .text(trust(e.trustLevel()))
          .tag("</td></tr>");
    }
    h.tag("</tbody></table></div></section>");
  }

  private static String trust(int level) {
    return switch (level) {
      case 2 -> "hardware-signed";
      case 1 -> "on-chain verifiable";
      default -> "self-reported";
    };
  }

  private Html operator(Context ctx) {
    String did = ctx.pathParam("did");
    String pageParam = ctx.queryParam("page");
    int page = 1;
    if (pageParam != null) {
      if (!pageParam.matches("[1-9][0-9]{0,8}")) {
        throw new HttpError(
            400, "page must be a whole number from 1 (got \"" + pageParam + "\"); e.g. ?page=2");
      }
      page = Integer.parseInt(pageParam);
    }
    Map<String, Object> fleet =
        service.operatorMachines(
            did, (int) Math.min(Integer.MAX_VALUE, (page - 1L) * PAGE_SIZE), PAGE_SIZE);
    int total = (Integer) nested(fleet, "pagination").get("total");
    int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> machines = (List<Map<String, Object>>) fleet.get("machines");
    String self = "/explorer/operator/" + URLEncoder.encode(did, StandardCharsets.UTF_8);
    Html h =
        new Html()
            .tag("<h1>Operator</h1><p class=\"mono\" id=\"operator-did\">")
            .text(did)
            .tag("</p><p id=\"fleet-summary\">")
            .text(
                total + (total == 1 ? " machine" : " machines") + ", page " + page + " of " + pages)
            .tag("</p>");
    if (machines.isEmpty()) {
      h.tag("<p>")
          .text(
              total == 0
                  ? "This address operates no indexed machine."
                  : "No machine on this page.");
      h.tag("</p>");
    } else {
      h.tag("<div class=\"scroll\"><table class=\"fleet\" id=\"fleet\"><thead><tr>")
          .tag("<th>Machine id</th><th>Grade</th><th class=\"num\">Score</th><th>DID</th>")
          .tag("</tr></thead><tbody>");
      for (Map<String, Object> m : machines) {
        h.tag("<tr><td><a class=\"machine-link\"")
            .attr("href", "/explorer/machine/" + m.get("did"))
            .tag(">")
            .text(m.get("machine_id"))
            .tag("</a></td><td>")
            .text(m.get("mcr"))
            .tag("</td><td class=\"num\">")
            .text(m.get("mcr_score"))
            .tag("</td><td class=\"mono\">")
            .text(m.get("did"))
            .tag("</td></tr>");
      }
      h.tag("</tbody></table></div>");
    }
    h.tag("<nav class=\"pages\">");
    if (page > 1) {
      h.tag("<a rel=\"prev\" id=\"prev\"").attr("href", self + "?page=" + (page - 1));
      h.tag(">Previous</a> ");
    }
    if (page < pages) {
      h.tag("<a rel=\"next\" id=\"next\"").attr("href", self + "?page=" + (page + 1));
      h.tag(">Next</a>");
    }
    return h.tag("</nav>");
  }

  // ---- helpers ----

  private static void fact(Html h, String name, Object value, String cls) {
    h.tag("<dt>").text(name).tag("</dt><dd");
    if (cls != null) {
      h.attr("class", cls);
    }
    h.tag(">").text(value == null ? "—" : value).tag("</dd>");
  }

  private static void component(Html h, String name, int points, int max) {
    h.tag("<tr><td>").text(name).tag("</td><td class=\"num\">").text(points);
    h.tag("</td><td class=\"num\">").text(max).tag("</td></tr>");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nested(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
  }

  private static String time(long unixSeconds) {
    return unixSeconds <= 0 ? "—" : TIME.format(Instant.ofEpochSecond(unixSeconds));
  }

  private static String usd(Object cents) {
    if (cents == null) {
      return "—";
    }
    return new BigDecimal(new BigInteger(String.valueOf(cents)), 2).toPlainString() + " USD";
  }
}
