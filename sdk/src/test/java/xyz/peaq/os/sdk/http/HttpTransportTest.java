package xyz.peaq.os.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.mcr.McrClient;

/**
 * The one HTTP transport of the SDK, on a real loopback server: a user's own transport (or OkHttp
 * client) carries the JSON-RPC, MCR API and Gas Station calls, and the default keeps the JDK
 * client's rules the SDK had (a redirect is an answer, the body is sent as JSON).
 */
class HttpTransportTest {
  HttpServer server;
  String base;
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<String> answer = new AtomicReference<>("{}");
  final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " "
                  + ex.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(in, StandardCharsets.UTF_8));
          byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
          ex.sendResponseHeaders(status.get(), b.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Counts what goes through it and hands it to the real OkHttp transport. */
  static final class Counting implements HttpTransport {
    final HttpTransport inner = HttpTransport.okHttp(new OkHttpClient());
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public HttpReply send(HttpCall call) throws IOException {
      calls.incrementAndGet();
      return inner.send(call);
    }
  }

  @Test
  void aUsersTransportCarriesTheJsonRpcMcrAndGasStationCalls() {
    Counting mine = new Counting();
    answer.set("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x8222\"}");
    try (ChainReads chain = ChainReads.connect(base + "/rpc", mine)) {
      assertThat(chain.fetchChainId()).isEqualTo(0x8222);
    }
    assertThat(mine.calls).hasValue(1);
    assertThat(seen.get(0)).startsWith("POST /rpc application/json {\"jsonrpc\":\"2.0\"");

    status.set(404);
    answer.set("{\"detail\":\"not found\"}");
    McrClient mcr = McrClient.builder(base).transport(mine).build();
    assertThatThrownBy(() -> mcr.queryMcr("did:peaq:0x" + "ab".repeat(20)))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo("NOT_FOUND");
    assertThat(mine.calls).hasValue(2);
    assertThat(seen.get(1)).startsWith("GET /mcr/did:peaq:0x");

    status.set(400);
    answer.set("{\"status\":\"error\",\"code\":\"INVALID_2FA\"}");
    GasStationClient station = GasStationClient.builder().baseUrl(base).transport(mine).build();
    assertThatThrownBy(() -> station.confirm("0x" + "cd".repeat(20), "123456"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code())
        .isEqualTo("INVALID_2FA");
    assertThat(mine.calls).hasValue(3);
    assertThat(seen.get(2)).startsWith("POST /2fa/confirm application/json {");
  }

  @Test
  void theDefaultTransportTreatsARedirectAsTheAnswer() throws IOException {
    status.set(307);
    answer.set("{\"moved\":true}");
    HttpReply reply =
        HttpTransport.okHttp().send(HttpCall.getJson(base + "/x", Duration.ofSeconds(30)));
    assertThat(reply.status()).isEqualTo(307);
    assertThat(reply.text()).isEqualTo("{\"moved\":true}");
    assertThat(seen).hasSize(1);
  }

  /**
   * The default transports keep an http-only client (no TLS set-up on a plain URL) beside the TLS
   * one: an https URL still goes through TLS (a server answering in plain text fails the handshake,
   * rather than a cleartext-only policy refusing the URL), and an http URL of any case goes out in
   * cleartext.
   */
  @Test
  void theDefaultTransportsSpeakTlsToHttpsUrlsAndCleartextToHttpOnes() throws Exception {
    try (java.net.ServerSocket plain =
        new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answering =
          new Thread(
              () -> {
                while (!plain.isClosed()) {
                  try (java.net.Socket s = plain.accept()) {
                    s.getOutputStream()
                        .write(
                            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      answering.setDaemon(true);
      answering.start();
      String tlsUrl = "https://127.0.0.1:" + plain.getLocalPort() + "/x";
      String port = ":" + server.getAddress().getPort();
      for (HttpTransport t :
          List.of(HttpTransport.okHttp(), HttpTransport.okHttp(Duration.ofSeconds(5)))) {
        assertThatThrownBy(() -> t.send(HttpCall.getJson(tlsUrl, SECONDS_30)))
            .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(t.send(HttpCall.getJson("HTTP://127.0.0.1" + port + "/y", SECONDS_30)).status())
            .isEqualTo(200);
      }
    }
    assertThat(seen).hasSize(2).allMatch(line -> line.startsWith("GET /y "));
  }

  static final Duration SECONDS_30 = Duration.ofSeconds(30);

  @Test
  void aRefusedConnectionIsAnIoExceptionAndBadCallsAreRefusedBeforeIo() {
    server.stop(0);
    assertThatThrownBy(
            () ->
                HttpTransport.okHttp(Duration.ofSeconds(5))
                    .send(
                        HttpCall.postJson(
                            base + "/rpc", new byte[] {'{', '}'}, Duration.ofSeconds(5))))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> HttpCall.getJson(base, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> HttpTransport.okHttp(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout must be a positive duration");
    assertThat(
            HttpCall.postJson(
                    base,
                    "{\"code\":\"123456\"}".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(1))
                .toString())
        .doesNotContain("123456");
  }
}
