package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.web3j.crypto.Keys;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.EnvSource;
import xyz.peaq.os.sdk.EventParams;
import xyz.peaq.os.sdk.MachineDidAttributes;
import xyz.peaq.os.sdk.NftMint;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;

/**
 * The machine explorer in a real headless Chromium against a real devnet: what a person sees on the
 * machine, operator and start pages, at a phone's width, with and without JavaScript.
 */
class McrExplorerBrowserTest {
  static final Duration INDEXED = Duration.ofSeconds(60);
  static final int PHONE_WIDTH = 390;
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;
  static McrApiServer server;
  static McrClient sdk;
  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Chromium.require();
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
    server =
        McrApiServer.start(
            ops.config()
                .databaseFile(dir.resolve("mcr.db"))
                .rateLimit(100_000, Duration.ofMinutes(1))
                .build());
    sdk = McrClient.create(server.url());
    browser = Chromium.start(PHONE_WIDTH, 844, true, dir.resolve("chromium"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (server != null) server.close();
    if (ops != null) ops.close();
    if (chain != null) chain.close();
  }

  static void open(ChromeDriver d, String path) {
    d.get(server.url() + path);
    new WebDriverWait(d, Duration.ofSeconds(60))
        .until(x -> "complete".equals(d.executeScript("return document.readyState")));
  }

  static String text(ChromeDriver d, String id) {
    return d.findElement(By.id(id)).getText().strip();
  }

  /** A machine activated as the SDK does it (operator registers it, NFT, six DID attributes). */
  record Activated(String did, BigInteger machineId, BigInteger tokenId, DevnetOps.Key machine) {}

  static Activated activate(int events) {
    DevnetOps.Key machine = ops.newKey();
    DevnetOps.Key operator = ops.newKey();
    Map<String, String> env = new java.util.HashMap<>(chain.env());
    env.put("PEAQOS_PRIVATE_KEY", operator.privateKey());
    env.put("PEAQOS_MCR_API_URL", server.url());
    try (PeaqosClient op = PeaqosClient.fromEnv(EnvSource.of(env))) {
      BigInteger opId = op.registerMachine();
      BigInteger id = op.registerFor(machine.address());
      PeaqosClient m = op.withSigner(machine.privateKey());
      NftMint nft = m.mintNft(id, machine.address());
      m.writeMachineDIDAttributes(
          new MachineDidAttributes(
              id,
              nft.tokenId(),
              "did:peaq:" + Keys.toChecksumAddress(operator.address()),
              "https://docs.example",
              "https://api.example",
              MachineDidAttributes.ONCHAIN));
      op.writeProxyDIDAttributes(opId, List.of(id));
      long now = System.currentTimeMillis() / 1000;
      for (int i = 0; i < events; i++) {
        EventParams.Builder e =
            EventParams.builder()
                .machineId(id)
                .timestamp(now - 30)
                .trustLevel(EventParams.TRUST_HARDWARE_SIGNED);
        m.submitEvent(
            (i % 2 == 0
                    ? e.revenue(BigInteger.valueOf(2500 + i), "USD")
                    : e.activity(BigInteger.ONE))
                .build());
      }
      String did = DevnetOps.did(machine);
      sdk.awaitMcr(did, r -> r.eventCount() == events, INDEXED);
      return new Activated(did, id, nft.tokenId(), machine);
    }
  }

  @Test
  void machinePageShowsIdTokenGradeAndOnePointPerEvent() throws Exception {
    Activated a = activate(7);
    McrResponse mcr = sdk.queryMcr(a.did());
    open(browser, "/explorer/machine/" + a.did());
    assertThat(text(browser, "machine-id")).isEqualTo(a.machineId().toString());
    assertThat(text(browser, "token-id")).isEqualTo(a.tokenId().toString());
    assertThat(text(browser, "grade")).isEqualTo(mcr.mcr());
    assertThat(text(browser, "score")).startsWith(mcr.mcrScore() + " ");
    assertThat(browser.findElements(By.cssSelector("#events tbody tr"))).hasSize(7);
    // The chart (drawn by the page's script from the event table) holds one point per event.
    Object points =
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(
                d ->
                    browser.executeScript(
                        "var c = window.Chart && Chart.getChart(document.getElementById('chart'));"
                            + " return c ? c.data.datasets[0].data.length : null;"));
    assertThat(((Number) points).intValue()).isEqualTo(7);
    assertThat(browser.findElement(By.id("chart-box")).isDisplayed()).isTrue();
    assertThat(Chromium.viewportWidth(browser)).isEqualTo(PHONE_WIDTH);
    assertThat(Chromium.scrollsSideways(browser)).as("horizontal scroll at 390 px").isFalse();
    Path phone = Chromium.screenshot(browser, "explorer-machine-390px");
    assertThat(Files.size(phone)).isPositive();
    // A desktop view, tall enough to hold the whole page.
    Chromium.viewport(browser, 1280, 2200);
    try {
      open(browser, "/explorer/machine/" + a.did());
      Chromium.screenshot(browser, "explorer-machine");
    } finally {
      Chromium.viewport(browser, PHONE_WIDTH, 844);
    }

    // The search box: the machine id, the bare address and the DID all lead to the same page.
    for (String q : new String[] {a.machineId().toString(), a.machine().address(), a.did()}) {
      open(browser, "/");
      WebElement box = browser.findElement(By.id("q"));
      box.sendKeys(q);
      box.submit();
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(d -> d.getCurrentUrl().contains("/explorer/machine/"));
      assertThat(text(browser, "machine-id")).as(q).isEqualTo(a.machineId().toString());
    }
    open(browser, "/explorer/search?q=not-a-did");
    assertThat(text(browser, "error")).contains("Not a DID, machine id or address");

    // The start page counts it and lists it among the recent activations.
    open(browser, "/");
    assertThat(Integer.parseInt(text(browser, "machines-indexed").split(" ")[0])).isPositive();
    assertThat(browser.findElements(By.cssSelector(".recent a")))
        .extracting(WebElement::getText)
        .contains(a.machineId().toString());
    assertThat(text(browser, "indexer-lag")).matches("[0-9]+ blocks?");
    assertThat(Chromium.scrollsSideways(browser)).as("start page at 390 px").isFalse();

    timeToFirstRender(a.did());
  }

  /**
   * Navigation Timing and Paint Timing from the browser: the machine page's first contentful paint
   * against the time the same browser takes to load the service's smallest answer ({@code
   * /health}), interleaved.
   */
  static void timeToFirstRender(String did) {
    List<Double> page = new ArrayList<>();
    List<Double> response = new ArrayList<>();
    List<Double> health = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      open(browser, "/explorer/machine/" + did);
      Map<?, ?> t =
          (Map<?, ?>)
              new WebDriverWait(browser, Duration.ofSeconds(30))
                  .until(
                      d ->
                          browser.executeScript(
                              "var p = performance.getEntriesByName('first-contentful-paint')[0];"
                                  + " var n = performance.getEntriesByType('navigation')[0];"
                                  + " return p && n ? {fcp: p.startTime, response: n.responseEnd}"
                                  + " : null;"));
      page.add(((Number) t.get("fcp")).doubleValue());
      response.add(((Number) t.get("response")).doubleValue());
      open(browser, "/health");
      Object h =
          browser.executeScript(
              "return performance.getEntriesByType('navigation')[0].responseEnd;");
      health.add(((Number) h).doubleValue());
    }
    double fcp = median(page);
    double floor = median(health);
    System.out.printf(
        java.util.Locale.ROOT,
        "BENCHMARK explorer machine page (devnet, headless Chromium, 390 px, %d interleaved loads):"
            + " first contentful paint median %.1f ms (min %.1f, max %.1f), page response end %.1f"
            + " ms; /health response end %.1f ms; first paint / health = %.1fx%n",
        page.size(),
        fcp,
        page.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        page.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        median(response),
        floor,
        floor > 0 ? fcp / floor : 0);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  @Test
  void withoutJavaScriptTheEventTableStandsInForTheChart() {
    Activated a = activate(3);
    ChromeDriver plain = Chromium.start(PHONE_WIDTH, 844, false, dir.resolve("chromium-nojs"));
    try {
      open(plain, "/explorer/machine/" + a.did());
      assertThat(text(plain, "machine-id")).isEqualTo(a.machineId().toString());
      assertThat(plain.findElements(By.cssSelector("#events tbody tr"))).hasSize(3);
      assertThat(plain.findElement(By.id("events")).isDisplayed()).isTrue();
      assertThat(plain.findElement(By.id("chart-box")).isDisplayed()).isFalse();
      assertThat(Chromium.scrollsSideways(plain)).isFalse();
    } finally {
      plain.quit();
    }
  }

  @Test
  void aDidAttributeHoldingScriptIsShownAsTextAndRunsNothing() throws Exception {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String hostile =
        "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">\"'&";
    // Mined in this order and indexed in block order: once the second shows, the first is in.
    ops.addAttribute(m, "<b>name</b>", "plain");
    ops.addAttribute(m, "documentation_url", hostile);
    String did = DevnetOps.did(m);
    Await.until(
        INDEXED,
        "the hostile attribute indexed",
        () -> {
          JsonNode b = Http.get(server.url(), "/machine/" + did).body();
          return b != null && b.path("peaqos").path("documentation_url").asText().equals(hostile)
              ? b
              : null;
        });
    open(browser, "/explorer/machine/" + did);
    assertThat(text(browser, "machine-id")).isEqualTo(id.toString());
    List<String> cells =
        browser.findElements(By.cssSelector(".attributes td")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(cells).contains(hostile, "<b>name</b>");
    assertThat(browser.executeScript("return window.__pwned === undefined;")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("main script, main img, main b"))).isEmpty();
    // The raw answer: escaped, under a policy that forbids inline script anyway.
    HttpResponse<String> raw =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/explorer/machine/" + did))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.body()).contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
    assertThat(raw.body()).doesNotContain("<script>window");
    assertThat(raw.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .contains("default-src 'none'");
    assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
  }

  @Test
  void operatorWith25MachinesPagesThroughAll25() {
    DevnetOps.Key op = ops.newKey();
    ops.register(op);
    List<String> wallets = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      wallets.add(McrApiDevnetTest.randomAddress());
    }
    List<BigInteger> ids = ops.registerFor(op, wallets);
    String did = DevnetOps.did(op);
    Await.until(
        INDEXED,
        "a fleet of 25",
        () -> {
          Http.Answer r = Http.get(server.url(), "/operator/" + did + "/machines");
          return r.status() == 200 && r.body().get("pagination").get("total").asInt() == 25
              ? r
              : null;
        });
    open(browser, "/explorer/operator/" + did);
    assertThat(text(browser, "fleet-summary")).isEqualTo("25 machines, page 1 of 2");
    List<BigInteger> seen = new ArrayList<>();
    int pages = 0;
    while (true) {
      pages++;
      List<WebElement> links = browser.findElements(By.cssSelector("#fleet a.machine-link"));
      assertThat(links).hasSizeLessThanOrEqualTo(Explorer.PAGE_SIZE);
      for (WebElement l : links) {
        seen.add(new BigInteger(l.getText().strip()));
      }
      assertThat(Chromium.scrollsSideways(browser)).as("operator page at 390 px").isFalse();
      List<WebElement> next = browser.findElements(By.id("next"));
      if (next.isEmpty()) {
        break;
      }
      String before = browser.getCurrentUrl();
      next.get(0).click();
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(d -> !d.getCurrentUrl().equals(before));
    }
    assertThat(pages).isEqualTo(2);
    List<BigInteger> expected = new ArrayList<>(ids);
    expected.sort(null);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(new HashSet<>(seen)).hasSize(25);
    // The machine links lead to the machine pages.
    browser.findElements(By.cssSelector("#fleet a.machine-link")).get(0).click();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(d -> d.getCurrentUrl().contains("/explorer/machine/"));
    assertThat(text(browser, "machine-id")).isEqualTo(expected.get(20).toString());

    open(browser, "/explorer/operator/" + did + "?page=0");
    assertThat(text(browser, "error")).contains("page must be a whole number from 1");
  }

  @Test
  void anEconomics2MachineHasItsPageToo() {
    Econ2Ops econ2 = new Econ2Ops(ops);
    DevnetOps.Key owner = ops.newKey();
    byte[] subject = econ2.subjectWithIdDigits("Sensor", owner.address(), 77);
    BigInteger id = econ2.activate(owner, owner.address(), "Sensor", subject);
    econ2.submitEvent(owner, id, 0, 1500, 2);
    econ2.submitEvent(owner, id, 1, 0, 2);
    String did = "did:peaq:" + id;
    Await.until(
        INDEXED,
        "the 2.0 machine's two events",
        () -> {
          Http.Answer r = Http.get(server.url(), "/mcr/" + did);
          return r.status() == 200 && r.body().get("event_count").asInt() == 2 ? r : null;
        });
    open(browser, "/explorer/machine/" + did);
    assertThat(text(browser, "machine-id")).isEqualTo(id.toString());
    assertThat(text(browser, "token-id")).isEqualTo(id.toString());
    assertThat(browser.findElements(By.cssSelector("#events tbody tr"))).hasSize(2);
    assertThat(browser.getPageSource()).contains("Subscription");
    assertThat(Chromium.scrollsSideways(browser)).isFalse();
    open(browser, "/explorer/search?q=" + id);
    assertThat(text(browser, "machine-id")).isEqualTo(id.toString());
  }
}
