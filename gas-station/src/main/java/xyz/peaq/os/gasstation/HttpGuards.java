package xyz.peaq.os.gasstation;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import xyz.peaq.os.service.HttpLimits;

/**
 * The Gas Station's HTTP guards: the services' shared {@link HttpLimits} (connection limit, worker
 * pool, idle timeout, Jetty's own errors as JSON) in the station's {@code {code, message}} shape,
 * and what only the station needs, a deadline for a whole request body.
 */
final class HttpGuards implements AutoCloseable {
  private final GasStationConfig cfg;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gas-station-body-deadline");
            t.setDaemon(true);
            return t;
          });

  HttpGuards(GasStationConfig cfg) {
    this.cfg = cfg;
  }

  void configure(JavalinConfig c) {
    HttpLimits.of("gas-station-http", cfg.maxConnections, cfg.idleTimeout, HttpGuards::errorBody)
        .configure(c);
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

  /**
   * Jetty's own errors as {@code {code, message}} JSON, with the station's codes where it has one.
   */
  static String errorBody(int status, String reason) {
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
    return "{\"code\":"
        + HttpLimits.jsonString(wire)
        + ",\"message\":"
        + HttpLimits.jsonString(message)
        + "}";
  }
}
