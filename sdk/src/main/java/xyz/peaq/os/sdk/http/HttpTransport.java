package xyz.peaq.os.sdk.http;

import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * How the SDK speaks HTTP: the JSON-RPC connection ({@code ChainReads}), {@code McrClient} and
 * {@code GasStationClient} all send through one. The default is OkHttp (it runs on the JVM and on
 * Android); pass your own to reuse an app's client, add a proxy, certificate pinning or
 * interceptors.
 *
 * <pre>{@code
 * HttpTransport http = HttpTransport.okHttp(myOkHttpClient);
 * ChainReads chain = ChainReads.connect(rpcUrl, http);
 * McrClient mcr = McrClient.builder(mcrUrl).transport(http).build();
 * }</pre>
 *
 * <p>An implementation must be thread-safe, must not follow redirects (the SDK treats a 3xx as an
 * answer) and must end a call that exceeds {@link HttpCall#timeout()} with an {@link
 * java.io.InterruptedIOException} (a {@link java.net.SocketTimeoutException} is one).
 */
public interface HttpTransport {

  /**
   * Sends one request and reads the whole answer, whatever its status.
   *
   * @throws java.io.InterruptedIOException when the call's timeout passed (or the thread was
   *     interrupted)
   * @throws IOException when no answer arrived (connection refused, reset, TLS failure ...)
   */
  HttpReply send(HttpCall call) throws IOException;

  /** OkHttp with the SDK's settings (no redirects, HTTP/1.1) and a 10 s connect timeout. */
  static HttpTransport okHttp() {
    return OkHttpTransport.shared();
  }

  /**
   * OkHttp with the SDK's settings and {@code connectTimeout}; shares the default client's
   * connection pool and threads.
   */
  static HttpTransport okHttp(Duration connectTimeout) {
    return OkHttpTransport.withConnectTimeout(connectTimeout);
  }

  /** Your own OkHttp client, used as it is configured (its redirect policy included). */
  static HttpTransport okHttp(OkHttpClient client) {
    return new OkHttpTransport(client);
  }
}
