package xyz.peaq.os.gasstation;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What keeps the HTTP server answering under slow or numerous clients: at most {@code
 * maxConnections} open connections (beyond that Jetty stops accepting and cuts connections idle for
 * 1 s), more worker threads than connections (so held connections can never take every thread), an
 * idle timeout, a deadline for a whole request body, and Jetty's own errors (bad URI, oversized
 * header, bad HTTP version) in the service's JSON error shape.
 */
final class HttpLimits implements AutoCloseable {
  private final GasStationConfig cfg;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gas-station-body-deadline");
            t.setDaemon(true);
            return t;
          });

  HttpLimits(GasStationConfig cfg) {
    this.cfg = cfg;
  }

  void configure(JavalinConfig c) {
    QueuedThreadPool pool = new QueuedThreadPool(cfg.maxConnections + 64, 8, 60_000);
    pool.setName("gas-station-http");
    c.jetty.threadPool = pool;
    c.jetty.modifyHttpConfiguration(
        h -> {
          h.setIdleTimeout(cfg.idleTimeout.toMillis());
          h.setSendServerVersion(false);
        });
    c.jetty.modifyServer(
        server -> {
          NetworkConnectionLimit limit = new NetworkConnectionLimit(cfg.maxConnections, server);
          limit.setEndPointIdleTimeout(1000);
          server.addBean(limit);
          server.setErrorHandler(new JsonErrors());
        });
  }

  /**
   * Reads at most {@code max + 1} bytes of the body, which must arrive whole within the body
   * timeout: a client that trickles it is cut off (its connection closed) and gets nothing.
   */
  byte[] readBody(HttpServletRequest req, InputStream in, int max) throws IOException {
    ScheduledFuture<?> deadline =
        watchdog.schedule(() -> abort(req), cfg.bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return in.readNBytes(max + 1);
    } finally {
      if (!deadline.cancel(false)) {
        throw new GasStationException(
            ErrorCode.REQUEST_TIMEOUT,
            "The request body did not arrive within " + cfg.bodyTimeout.toSeconds() + " s");
      }
    }
  }

  private static void abort(HttpServletRequest req) {
    try {
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(req);
      r.getConnectionMetaData().getConnection().getEndPoint().close();
    } catch (RuntimeException ignored) {
      // the request is over already
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /** Jetty's own errors as {@code {code, message}} JSON instead of an HTML page. */
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
      ErrorCode code =
          switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
          };
      String wire = code != null ? code.wire() : "HTTP_" + status;
      String message =
          reason != null && !reason.isBlank()
              ? reason
              : code != null ? code.defaultMessage() : "HTTP error " + status;
      return ("{\"code\":" + quote(wire) + ",\"message\":" + quote(message) + "}")
          .getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char ch : s.toCharArray()) {
        if (ch == '"' || ch == '\\') {
          b.append('\\').append(ch);
        } else if (ch < 0x20) {
          b.append(String.format("\\u%04x", (int) ch));
        } else {
          b.append(ch);
        }
      }
      return b.append('"').toString();
    }
  }
}
