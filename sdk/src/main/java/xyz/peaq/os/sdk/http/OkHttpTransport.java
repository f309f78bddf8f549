package xyz.peaq.os.sdk.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
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

  private final OkHttpClient client;

  OkHttpTransport(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** One pool and dispatcher for every default transport of the process (OkHttp's advice). */
  private static final class Shared {
    static final OkHttpClient CLIENT =
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
            .build();
    static final OkHttpTransport TRANSPORT = new OkHttpTransport(CLIENT);
  }

  static OkHttpTransport shared() {
    return Shared.TRANSPORT;
  }

  static OkHttpTransport withConnectTimeout(Duration connectTimeout) {
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout must be a positive duration, got " + connectTimeout);
    }
    return new OkHttpTransport(
        Shared.CLIENT
            .newBuilder()
            .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .build());
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
    Call c = client.newCall(request.build());
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
