package xyz.peaq.os.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * JSON-RPC posts to the local anvil on the calling thread. {@link HttpURLConnection} (kept alive by
 * the JDK) rather than {@code java.net.http.HttpClient}, whose hand-offs between threads add about
 * a millisecond to every call on a busy machine, and the miner and the gateway make several per
 * transaction.
 */
final class LocalRpc {
  private final URL url;

  LocalRpc(String rpcUrl) {
    try {
      this.url = URI.create(rpcUrl).toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("bad RPC URL " + rpcUrl, e);
    }
  }

  /** The HTTP answer to a POST of {@code body}. */
  record Answer(int status, byte[] body) {}

  Answer post(byte[] body, int timeoutMillis) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setConnectTimeout(5_000);
    c.setReadTimeout(timeoutMillis);
    c.setRequestProperty("Content-Type", "application/json");
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] answer;
    if (in == null) {
      answer = new byte[0];
    } else {
      try (in) {
        answer = in.readAllBytes(); // read to the end so the connection is reused
      }
    }
    return new Answer(status, answer);
  }

  /** A call without parameters, e.g. {@code evm_mine}; the raw JSON answer. */
  String call(String method, String paramsJson) throws IOException {
    byte[] body =
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                + method
                + "\",\"params\":"
                + paramsJson
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    return new String(post(body, 60_000).body(), StandardCharsets.UTF_8);
  }
}
