package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The abuse scenarios of issue 11 measured against a station with its default limits, through raw
 * HTTP over sockets bound to distinct loopback addresses (127.0.0.x are distinct clients to the
 * server, no header trusted). Uses only the station's HTTP API, so the same harness measured the
 * code before the hardening. Prints BENCHMARK lines; asserts the hardened behaviour.
 */
class AbuseBenchmarkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final SecureRandom RANDOM = new SecureRandom();
  static final Totp TOTP = new Totp();
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  static TestChain chain;

  @TempDir Path dir;

  @BeforeAll
  static void startChain() throws Exception {
    chain = TestChain.start();
  }

  @AfterAll
  static void stopChain() throws Exception {
    chain.close();
  }

  GasStationServer start(MutableClock clock) {
    return GasStationServer.start(
        GasStationConfig.builder()
            .rpcUrl(chain.rpcUrl())
            .faucetPrivateKey(chain.devKey(2))
            .dataDir(dir)
            .clock(clock)
            .build());
  }

  record Reply(int status, JsonNode json, String raw) {
    String code() {
      return json != null && json.has("code") ? json.get("code").asText() : "HTTP_" + status;
    }
  }

  /** One HTTP/1.1 request from local address {@code from} (127.0.0.x). */
  static Reply http(String url, String from, String method, String path, String body)
      throws IOException {
    URI u = URI.create(url);
    try (Socket s =
        new Socket(
            InetAddress.getByName(u.getHost()), u.getPort(), InetAddress.getByName(from), 0)) {
      s.setSoTimeout(30_000);
      byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + u.getHost()
              + "\r\nConnection: close\r\n"
              + (body == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n")
              + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      String payload = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      if (raw.toLowerCase().contains("transfer-encoding: chunked")) {
        payload = unchunk(payload);
      }
      JsonNode json = null;
      try {
        json = JSON.readTree(payload);
      } catch (IOException e) {
        // not JSON
      }
      return new Reply(status, json, raw);
    }
  }

  static String unchunk(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int eol = s.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int n = Integer.parseInt(s.substring(i, eol).trim(), 16);
      if (n == 0) {
        break;
      }
      out.append(s, eol + 2, eol + 2 + n);
      i = eol + 2 + n + 2;
    }
    return out.toString();
  }

  static String randomAddress() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return org.web3j.crypto.Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(b));
  }

  /** Setup + confirm from {@code from}; the secret, or null when refused. */
  static byte[] enrol(String url, String from, String owner, MutableClock clock)
      throws IOException {
    Reply setup = http(url, from, "POST", "/2fa/setup", "{\"ownerAddress\":\"" + owner + "\"}");
    if (setup.status() != 200) {
      return null;
    }
    Matcher m =
        Pattern.compile("[?&]secret=([A-Z2-7]+)")
            .matcher(setup.json().get("data").get("otpauthUri").asText());
    m.find();
    byte[] secret = Base32.decode(m.group(1));
    Reply confirm =
        http(
            url,
            from,
            "POST",
            "/2fa/confirm",
            "{\"ownerAddress\":\""
                + owner
                + "\",\"twoFactorCode\":\""
                + TOTP.codeAt(secret, clock.instant())
                + "\"}");
    return confirm.status() == 200 ? secret : null;
  }

  static String fund(String owner, String target, String code, String id) {
    return "{\"ownerAddress\":\""
        + owner
        + "\",\"targetWalletAddress\":\""
        + target
        + "\",\"chainId\":\"peaq\","
        + "\"twoFactorCode\":\""
        + code
        + "\",\"requestId\":\""
        + id
        + "\"}";
  }

  @Test
  void twentyOwnersFromOneAddressCannotDrainTheFaucet() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-01T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      BigInteger nonce = chain.nonce(gs.faucetAddress());
      long t0 = System.nanoTime();
      int refusals = 0;
      for (int i = 0; i < 20; i++) {
        String owner = randomAddress();
        byte[] secret = enrol(gs.url(), "127.0.0.5", owner, clock);
        if (secret == null) {
          refusals++;
          continue;
        }
        // The codes of the previous, current and next step are all valid: three fundings at once.
        for (int step = -1; step <= 1; step++) {
          String code = TOTP.codeAt(secret, TOTP.stepOf(clock.instant()) + step);
          Reply r =
              http(
                  gs.url(),
                  "127.0.0.5",
                  "POST",
                  "/faucet/fund",
                  fund(owner, randomAddress(), code, "d" + i + step));
          refusals += r.status() == 200 ? 0 : 1;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      BigInteger paid =
          chain.nonce(gs.faucetAddress()).subtract(nonce).multiply(gs.config().fundAmount());
      System.out.printf(
          "BENCHMARK gas-station drain: 20 owners from one address took %s PEAQ in %.1f s"
              + " (%d transfers, %d refusals; default limits)%n",
          paid.divide(PEAQ), seconds, chain.nonce(gs.faucetAddress()).subtract(nonce), refusals);
      assertThat(paid).isLessThanOrEqualTo(PEAQ.multiply(BigInteger.valueOf(20)));
    }
  }

  @Test
  void twoRequestsForOneFreshWalletAtOncePayOnce() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-02T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      int twice = 0;
      try {
        for (int race = 0; race < 10; race++) {
          clock.advance(Duration.ofSeconds(30));
          String[] owners = {randomAddress(), randomAddress()};
          String[] codes = new String[2];
          for (int k = 0; k < 2; k++) {
            codes[k] =
                TOTP.codeAt(
                    enrol(gs.url(), "127.0.0." + (10 + race), owners[k], clock), clock.instant());
          }
          String wallet = randomAddress();
          BigInteger before = chain.nonce(gs.faucetAddress());
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Reply>> f = new ArrayList<>();
          for (int k = 0; k < 2; k++) {
            int kk = k;
            int rr = race;
            f.add(
                pool.submit(
                    () -> {
                      go.await();
                      return http(
                          gs.url(),
                          "127.0.0." + (10 + rr),
                          "POST",
                          "/faucet/fund",
                          fund(owners[kk], wallet, codes[kk], "race" + rr + "-" + kk));
                    }));
          }
          go.countDown();
          f.get(0).get(60, TimeUnit.SECONDS);
          f.get(1).get(60, TimeUnit.SECONDS);
          twice += chain.nonce(gs.faucetAddress()).subtract(before).intValueExact() > 1 ? 1 : 0;
        }
      } finally {
        pool.shutdownNow();
      }
      System.out.println(
          "BENCHMARK gas-station one fresh wallet, two requests at once: paid twice in "
              + twice
              + " of 10 races");
      assertThat(twice).isZero();
    }
  }

  @Test
  void aThirdPartyCannotLockAnOwnerOut() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-03T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      String owner = randomAddress();
      byte[] secret = enrol(gs.url(), "127.0.0.20", owner, clock);
      String good = TOTP.codeAt(secret, clock.instant());
      String wrong = String.format("%06d", (Integer.parseInt(good) + 500_000) % 1_000_000);
      for (int i = 0; i < 5; i++) {
        http(
            gs.url(),
            "127.0.0.21",
            "POST",
            "/faucet/fund",
            fund(owner, randomAddress(), wrong, "atk" + i));
      }
      Reply victim =
          http(
              gs.url(),
              "127.0.0.20",
              "POST",
              "/faucet/fund",
              fund(owner, randomAddress(), good, "victim"));
      String retry =
          victim
              .raw()
              .lines()
              .filter(l -> l.toLowerCase().startsWith("retry-after:"))
              .findFirst()
              .map(l -> l.substring(12).trim())
              .orElse("0");
      System.out.println(
          "BENCHMARK gas-station third-party lockout: victim's good code after 5 bad codes from another"
              + " address -> "
              + victim.code()
              + " (locked out for "
              + (victim.status() == 423 ? retry : "0")
              + " s)");
      assertThat(victim.status()).as(victim.raw()).isEqualTo(200);
    }
  }

  @Test
  void setupsFromOneAddressAreLimited() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-04T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      int accepted = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        accepted +=
            http(
                            gs.url(),
                            "127.0.0.30",
                            "POST",
                            "/2fa/setup",
                            "{\"ownerAddress\":\"" + randomAddress() + "\"}")
                        .status()
                    == 200
                ? 1
                : 0;
      }
      System.out.printf(
          "BENCHMARK gas-station 300 setups from one address in %.1f s: %d accepted%n",
          (System.nanoTime() - t0) / 1e9, accepted);
      assertThat(accepted).isLessThanOrEqualTo(30);
    }
  }

  @Test
  void jettyErrorsAreJson() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-05T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      URI u = URI.create(gs.url());
      String[] raw = {
        "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
        "GET /health HTTP/9.9\r\nHost: x\r\n\r\n"
      };
      int json = 0;
      for (String r : raw) {
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
          s.setSoTimeout(10_000);
          s.getOutputStream().write(r.getBytes(StandardCharsets.ISO_8859_1));
          String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
          json += reply.toLowerCase().contains("content-type: application/json") ? 1 : 0;
        }
      }
      System.out.println(
          "BENCHMARK gas-station Jetty errors (bad URI, 20 KB header, HTTP/9.9) answered as JSON: "
              + json
              + " of 3");
      assertThat(json).isEqualTo(3);
    }
  }

  /**
   * 300 connections that send a request head announcing a body and then one byte every 18 s;
   * /health probed once a second for 30 s (10 s timeout each), against its latency on the idle
   * server before.
   */
  @Test
  void healthAnswersUnderThreeHundredSlowBodies() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-02-06T10:00:10Z"));
    try (GasStationServer gs = start(clock)) {
      URI u = URI.create(gs.url());
      List<Long> idle = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        idle.add(probe(gs.url()));
      }
      List<Socket> slow = Collections.synchronizedList(new ArrayList<>());
      ExecutorService openers = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 300; i++) {
        openers.submit(
            () -> {
              try {
                Socket s = new Socket(u.getHost(), u.getPort());
                s.getOutputStream()
                    .write(
                        ("POST /faucet/fund HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                slow.add(s);
              } catch (IOException e) {
                // refused or cut: counted below
              }
              return null;
            });
      }
      openers.shutdown();
      openers.awaitTermination(30, TimeUnit.SECONDS);
      java.util.concurrent.ScheduledExecutorService trickle =
          Executors.newSingleThreadScheduledExecutor();
      trickle.scheduleAtFixedRate(
          () -> {
            synchronized (slow) {
              for (Socket s : slow) {
                try {
                  s.getOutputStream().write(' ');
                  s.getOutputStream().flush();
                } catch (IOException e) {
                  // cut by the server
                }
              }
            }
          },
          18,
          18,
          TimeUnit.SECONDS);
      List<Long> loaded = new ArrayList<>();
      int timeouts = 0;
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        long t = probe(gs.url());
        if (t < 0) {
          timeouts++;
        } else {
          loaded.add(t);
        }
        long wait = 1000 - Math.max(0, t);
        if (wait > 0) {
          Thread.sleep(wait);
        }
      }
      trickle.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
      Collections.sort(idle);
      Collections.sort(loaded);
      long idleMedian = idle.get(idle.size() / 2);
      String loadedMedian = loaded.isEmpty() ? "none" : loaded.get(loaded.size() / 2) + " ms";
      System.out.println(
          "BENCHMARK gas-station /health under 300 slow-body connections: "
              + timeouts
              + " of "
              + (timeouts + loaded.size())
              + " probes timed out (10 s); median "
              + loadedMedian
              + ", max "
              + (loaded.isEmpty() ? "none" : loaded.get(loaded.size() - 1) + " ms")
              + "; idle median "
              + idleMedian
              + " ms");
      assertThat(timeouts).isZero();
    }
  }

  /** /health round trip in ms, or -1 after the 10 s timeout. */
  static long probe(String url) {
    URI u = URI.create(url);
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      if (head.length < 12) {
        return -1;
      }
      return (System.nanoTime() - t0) / 1_000_000;
    } catch (IOException e) {
      return -1;
    }
  }
}
