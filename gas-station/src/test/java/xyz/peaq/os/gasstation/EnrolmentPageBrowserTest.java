package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The enrolment page {@code qrImageUrl} opens, in a real headless Chromium against a real station
 * (anvil, SQLite): the QR, the URI, the countdown and the confirm form; expired and used links.
 */
class EnrolmentPageBrowserTest {
  static final Totp TOTP = new Totp();
  static TestChain chain;
  static ChromeDriver browser;
  @TempDir static Path profile;
  @TempDir Path dir;
  MutableClock clock;
  GasStationServer server;
  GasStationClient client;

  @BeforeAll
  static void startChain() throws Exception {
    Chromium.require();
    chain = TestChain.start();
    browser = Chromium.start(390, 844, true, profile.resolve("chromium"));
  }

  @AfterAll
  static void stopChain() throws Exception {
    if (browser != null) browser.quit();
    if (chain != null) chain.close();
  }

  @BeforeEach
  void startServer() {
    clock = new MutableClock(Instant.parse("2030-01-15T10:00:10Z"));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    server =
        GasStationServer.start(
            GasStationConfig.builder()
                .rpcUrl(chain.rpcUrl())
                .faucetPrivateKey(chain.devKey(1))
                .jdbcUrl("jdbc:sqlite:" + dir.resolve("gs.db"))
                .dataDir(dir)
                .encryptionKey(key)
                .fundAmount(BigInteger.TEN.pow(18))
                .minGasBalance(BigInteger.TEN.pow(17))
                .clock(clock)
                .build());
    client = GasStationClient.create(server.url());
  }

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
  }

  static String owner() {
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    return org.web3j.crypto.Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(b));
  }

  static byte[] secretOf(String uri) {
    Matcher m = Pattern.compile("[?&]secret=([A-Z2-7]+)").matcher(uri);
    assertThat(m.find()).isTrue();
    return org.bouncycastle.util.encoders.Base32.decode(m.group(1));
  }

  void open(String url) {
    browser.get(url);
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
  }

  String text(String id) {
    return browser.findElement(By.id(id)).getText().strip();
  }

  @Test
  void theLinkOpensThePageWithQrUriCountdownAndConfirmsTheFirstCode() throws Exception {
    String owner = owner();
    FaucetSetup s = client.setup(owner, QrFormat.SVG);
    open(s.qrImageUrl());
    assertThat(text("owner")).isEqualTo(owner);
    assertThat(browser.findElement(By.id("otpauth-uri")).getAttribute("value"))
        .isEqualTo(s.otpauthUri());
    int seconds = Integer.parseInt(text("expires-in"));
    assertThat(seconds).isBetween(1, 120);
    // The QR image loaded from the station itself (same origin) and has a size.
    WebElement qr = browser.findElement(By.id("qr"));
    Object width =
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(
                d ->
                    browser.executeScript(
                        "var i = arguments[0]; return i.complete && i.naturalWidth > 0"
                            + " ? i.naturalWidth : null;",
                        qr));
    assertThat(((Number) width).intValue()).isPositive();
    assertThat(Chromium.viewportWidth(browser)).isEqualTo(390);
    assertThat(Chromium.scrollsSideways(browser)).as("horizontal scroll at 390 px").isFalse();
    Path shot = Chromium.screenshot(browser, "enrolment-page");
    assertThat(Files.size(shot)).isPositive();

    // A wrong code: said on the page, the form stays.
    byte[] secret = secretOf(s.otpauthUri());
    String good = TOTP.codeAt(secret, clock.instant());
    String bad = good.equals("000000") ? "111111" : "000000";
    browser.findElement(By.id("code")).sendKeys(bad);
    browser.findElement(By.id("confirm")).submit();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(d -> !d.findElements(By.id("error")).isEmpty());
    assertThat(text("error")).containsIgnoringCase("invalid");

    browser.findElement(By.id("code")).sendKeys(good);
    browser.findElement(By.id("confirm")).submit();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            d ->
                d.findElements(By.tagName("h1")).stream()
                    .anyMatch(h -> h.getText().contains("active")));
    assertThat(text("state")).contains(owner);

    // The link is now used: it says so and shows no secret.
    open(s.qrImageUrl());
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("already used");
    assertThat(browser.getPageSource()).doesNotContain("secret=");
    assertThat(browser.findElements(By.id("otpauth-uri"))).isEmpty();
  }

  @Test
  void anExpiredQrSaysItExpired() throws Exception {
    FaucetSetup s = client.setup(owner(), QrFormat.PNG);
    clock.advance(Duration.ofSeconds(121));
    open(s.qrImageUrl());
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("This QR code has expired");
    assertThat(text("state")).contains("expired at");
    assertThat(browser.getPageSource()).doesNotContain("secret=");
    assertThat(Chromium.scrollsSideways(browser)).isFalse();
    Chromium.screenshot(browser, "enrolment-page-expired");

    HttpResponse<String> page = get(s.qrImageUrl(), "text/html");
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    // An image client keeps the JSON error of before.
    HttpResponse<String> image = get(s.qrImageUrl(), "*/*");
    assertThat(image.statusCode()).isEqualTo(410);
    assertThat(image.body()).contains("QR_EXPIRED");
  }

  @Test
  void pageHeadersKeepTheSecretPrivateAndImageClientsStillGetTheImage() throws Exception {
    FaucetSetup s = client.setup(owner(), QrFormat.SVG);
    HttpResponse<String> page = get(s.qrImageUrl(), "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'")
        .contains("script-src 'self'");
    HttpResponse<String> image = get(s.qrImageUrl(), "*/*");
    assertThat(image.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    HttpResponse<String> unknown = get(server.url() + "/2fa/qr/" + "ab".repeat(24), "text/html");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Unknown enrolment link");
    // The form refuses a malformed code without counting it and changes nothing.
    HttpResponse<String> form =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(s.qrImageUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("code=12ab"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(400);
    assertThat(form.body()).contains("Type the six digits");
  }

  static HttpResponse<String> get(String url, String accept) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
