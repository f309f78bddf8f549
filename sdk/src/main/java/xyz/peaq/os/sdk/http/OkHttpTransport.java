package xyz.peaq.os.sdk.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** {@link HttpTransport} over OkHttp (the client web3j uses too; it runs on Android). */
final class OkHttpTransport implements HttpTransport {
  private static final MediaType JSON = MediaType.get("application/json");

  /** The client for https URLs (and for every URL when {@link #cleartext} is null). */
  private final Supplier<OkHttpClient> tlsSource;

  private volatile OkHttpClient tls;

  /** The client for http URLs, which never touches TLS; null to send them through the other. */
  private final OkHttpClient cleartext;

  OkHttpTransport(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    this.tlsSource = () -> client;
    this.tls = client;
    this.cleartext = null;
  }

  private OkHttpTransport(OkHttpClient cleartext, Supplier<OkHttpClient> tlsSource) {
    this.cleartext = cleartext;
    this.tlsSource = tlsSource;
  }

  /**
   * One pool and dispatcher for every default transport of the process (OkHttp's advice). The
   * default clients come in two: building a client that may speak TLS loads the JDK's trust store
   * and sets up an SSL context (about a tenth of a second of a command-line run's CPU), which a
   * plain http URL (a local node, the devnet's services) never needs. So the http client allows
   * cleartext only and is built at once; the TLS one is built from it on the first https call, and
   * shares its pool and dispatcher.
   */
  private static final class Shared {
    static final OkHttpClient CLEARTEXT =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            // The per-call timeout bounds each call; OkHttp's 10 s read/write defaults would cut
            // a long eth_call or a slow Gas Station answer below the caller's timeout.
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            // As the JDK client the SDK used before: a 3xx is an answer, and HTTP/1.1 only.
            .followRedirects(false)
            .followSslRedirects(false)
            .protocols(Collections.singletonList(Protocol.HTTP_1_1))
            .connectionSpecs(Collections.singletonList(ConnectionSpec.CLEARTEXT))
            .socketFactory(NoDelaySocketFactory.INSTANCE)
            .build();
    static final OkHttpTransport TRANSPORT = new OkHttpTransport(CLEARTEXT, () -> Tls.CLIENT);
  }

  /** The default TLS client, built on first use (OkHttp's default connection specs). */
  private static final class Tls {
    static final OkHttpClient CLIENT =
        Shared.CLEARTEXT
            .newBuilder()
            .connectionSpecs(Arrays.asList(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
            .build();
  }

  static OkHttpTransport shared() {
    return Shared.TRANSPORT;
  }

  static OkHttpTransport withConnectTimeout(Duration connectTimeout) {
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout must be a positive duration, got " + connectTimeout);
    }
    long millis = connectTimeout.toMillis();
    return new OkHttpTransport(
        Shared.CLEARTEXT.newBuilder().connectTimeout(millis, TimeUnit.MILLISECONDS).build(),
        () -> Tls.CLIENT.newBuilder().connectTimeout(millis, TimeUnit.MILLISECONDS).build());
  }

  /** The client for {@code url}: the cleartext one for an http URL when there is one. */
  private OkHttpClient clientFor(String url) {
    if (cleartext != null && url.regionMatches(true, 0, "http:", 0, 5)) {
      return cleartext;
    }
    OkHttpClient c = tls;
    if (c == null) {
      synchronized (this) {
        c = tls;
        if (c == null) {
          c = tlsSource.get();
          tls = c;
        }
      }
    }
    return c;
  }

  @Override
  public HttpReply send(HttpCall call) throws IOException {
    Request.Builder request = new Request.Builder().url(call.url());
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    if (call.body() != null) {
      MediaType type = contentType(call.headers());
      request.method(call.method(), RequestBody.create(call.body(), type));
    } else {
      request.method(call.method(), null);
    }
    Call c = clientFor(call.url()).newCall(request.build());
    c.timeout().timeout(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = c.execute()) {
      ResponseBody body = response.body();
      return new HttpReply(response.code(), body == null ? new byte[0] : body.bytes());
    }
  }

  private static MediaType contentType(Map<String, String> headers) {
    String type = headers.get("Content-Type");
    MediaType parsed = type == null ? null : MediaType.parse(type);
    return parsed == null ? JSON : parsed;
  }

  @Override
  public String toString() {
    return "OkHttpTransport";
  }
}
