package xyz.peaq.os.service;

import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What keeps an HTTP service answering under slow or numerous clients: at most {@code
 * maxConnections} open connections (beyond that Jetty stops accepting and cuts connections idle for
 * 1 s), more worker threads than connections (held connections can never take every thread), an
 * idle timeout, and Jetty's own errors (bad URI, oversized header, bad HTTP version) in the
 * service's JSON error shape instead of an HTML page. Both services configure their Javalin server
 * through it, each with its own error shape.
 */
public final class HttpLimits {
  /** The connection limit both services default to. */
  public static final int DEFAULT_MAX_CONNECTIONS = 200;

  /** The idle timeout both services default to. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Worker threads beyond the connection limit, so that held connections never starve the pool. */
  static final int SPARE_THREADS = 64;

  /** How long a connection may idle once the limit is reached before Jetty cuts it. */
  static final long IDLE_AT_LIMIT_MS = 1000;

  /** A service's JSON error body for a status and Jetty's reason (which may be null or blank). */
  @FunctionalInterface
  public interface ErrorBody {
    String json(int status, String reason);
  }

  private final String threadName;
  private final int maxConnections;
  private final Duration idleTimeout;
  private final ErrorBody errorBody;
  private final int workerThreads;

  private HttpLimits(
      String threadName,
      int maxConnections,
      Duration idleTimeout,
      ErrorBody errorBody,
      int workerThreads) {
    this.threadName = threadName;
    this.maxConnections = maxConnections;
    this.idleTimeout = idleTimeout;
    this.errorBody = errorBody;
    this.workerThreads = workerThreads;
  }

  /**
   * The same limits with a worker pool of {@code threads} (at least 8): for a service whose
   * handlers never wait on a client, so that a connection does not need a thread of its own and the
   * pool can be sized for the cores instead of the connections.
   */
  public HttpLimits withWorkerThreads(int threads) {
    if (threads < 8) {
      throw new IllegalArgumentException("workerThreads must be at least 8, was " + threads);
    }
    return new HttpLimits(threadName, maxConnections, idleTimeout, errorBody, threads);
  }

  /**
   * Worker threads for a service of short, CPU-bound handlers on this machine: 8 per core, 16 or
   * more.
   */
  public static int threadsForCores() {
    return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param threadName names the worker threads (e.g. {@code "mcr-api-http"})
   * @param maxConnections open connections at most; at least 1
   * @param idleTimeout how long a connection may stay silent; positive
   * @param errorBody the service's JSON error shape
   */
  public static HttpLimits of(
      String threadName, int maxConnections, Duration idleTimeout, ErrorBody errorBody) {
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(errorBody, "errorBody");
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, was " + maxConnections);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
    }
    return new HttpLimits(
        threadName, maxConnections, idleTimeout, errorBody, maxConnections + SPARE_THREADS);
  }

  /** Applies the limits and the JSON error handler to a Javalin configuration. */
  public void configure(JavalinConfig c) {
    QueuedThreadPool pool = new QueuedThreadPool(workerThreads, 8, 60_000);
    pool.setName(threadName);
    c.jetty.threadPool = pool;
    c.jetty.modifyHttpConfiguration(
        h -> {
          h.setIdleTimeout(idleTimeout.toMillis());
          h.setSendServerVersion(false);
        });
    c.jetty.modifyServer(
        server -> {
          NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, server);
          limit.setEndPointIdleTimeout(IDLE_AT_LIMIT_MS);
          server.addBean(limit);
          server.setErrorHandler(new JsonErrors(errorBody));
        });
  }

  /** {@code s} as a JSON string literal (quotes, backslashes and control characters escaped). */
  public static String jsonString(String s) {
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

  /** Jetty's own errors in the service's JSON shape. */
  static final class JsonErrors extends ErrorHandler {
    private final ErrorBody body;

    JsonErrors(ErrorBody body) {
      this.body = body;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(bytes(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(bytes(status, reason));
    }

    private byte[] bytes(int status, String reason) {
      return body.json(status, reason).getBytes(StandardCharsets.UTF_8);
    }
  }
}
