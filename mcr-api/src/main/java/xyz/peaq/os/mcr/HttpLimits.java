package xyz.peaq.os.mcr;

import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What keeps the MCR API answering under slow or numerous clients: at most {@link #MAX_CONNECTIONS}
 * open connections (beyond that Jetty stops accepting and cuts connections idle for 1 s), more
 * worker threads than connections (held connections can never take every thread), an idle timeout,
 * and Jetty's own errors (bad URI, oversized header, bad HTTP version) as the API's {@code
 * {"detail": …}} JSON instead of an HTML page.
 */
final class HttpLimits {
  static final int MAX_CONNECTIONS = 200;
  static final long IDLE_TIMEOUT_MS = 30_000;

  private HttpLimits() {}

  static void configure(JavalinConfig c) {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_CONNECTIONS + 64, 8, 60_000);
    pool.setName("mcr-api-http");
    c.jetty.threadPool = pool;
    c.jetty.modifyHttpConfiguration(
        h -> {
          h.setIdleTimeout(IDLE_TIMEOUT_MS);
          h.setSendServerVersion(false);
        });
    c.jetty.modifyServer(
        server -> {
          NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, server);
          limit.setEndPointIdleTimeout(1000);
          server.addBean(limit);
          server.setErrorHandler(new JsonErrors());
        });
  }

  /** Jetty's own errors as {@code {"detail": "..."}}. */
  static final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String reason) {
      String detail = reason != null && !reason.isBlank() ? reason : "HTTP error " + status;
      StringBuilder b = new StringBuilder("{\"detail\":\"");
      for (char ch : detail.toCharArray()) {
        if (ch == '"' || ch == '\\') {
          b.append('\\').append(ch);
        } else if (ch < 0x20) {
          b.append(String.format("\\u%04x", (int) ch));
        } else {
          b.append(ch);
        }
      }
      return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
