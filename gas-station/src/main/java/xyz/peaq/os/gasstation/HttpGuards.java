package xyz.peaq.os.gasstation;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import xyz.peaq.os.service.BodyDeadline;
import xyz.peaq.os.service.HttpLimits;

/**
 * The Gas Station's HTTP guards: the services' shared {@link HttpLimits} (connection limit, worker
 * pool, idle timeout, Jetty's own errors as JSON) in the station's {@code {code, message}} shape,
 * and what only the station needs, a deadline for a whole request body.
 */
final class HttpGuards implements AutoCloseable {
  private final GasStationConfig cfg;
  private final BodyDeadline bodies;

  HttpGuards(GasStationConfig cfg) {
    this.cfg = cfg;
    this.bodies = new BodyDeadline("gas-station-body-deadline", cfg.bodyTimeout);
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
    return bodies.read(
        req,
        in,
        max,
        () ->
            new GasStationException(
                ErrorCode.REQUEST_TIMEOUT,
                "The request body did not arrive within " + cfg.bodyTimeout.toSeconds() + " s"));
  }

  @Override
  public void close() {
    bodies.close();
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
