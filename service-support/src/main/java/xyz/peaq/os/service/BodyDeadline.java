package xyz.peaq.os.service;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * A deadline for a whole request body: it must arrive within the timeout, or the connection is
 * closed. The worker pools are bounded, so a client trickling its body must not hold a worker for
 * the idle timeout. Each service says how a late body is reported in its own error shape.
 */
public final class BodyDeadline implements AutoCloseable {
  private final Duration timeout;
  private final ScheduledExecutorService watchdog;

  /**
   * @param threadName the watchdog thread's name (one daemon thread per service)
   * @param timeout how long a whole body may take to arrive
   */
  public BodyDeadline(String threadName, Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** How long a whole body may take. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Reads at most {@code max + 1} bytes of {@code in} (more means too large) within the deadline; a
   * client that trickles its body is cut off (its connection closed) and {@code late} is thrown.
   */
  public byte[] read(
      HttpServletRequest req, InputStream in, int max, Supplier<? extends RuntimeException> late)
      throws IOException {
    ScheduledFuture<?> deadline =
        watchdog.schedule(() -> abort(req), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return in.readNBytes(max + 1);
    } finally {
      if (!deadline.cancel(false)) {
        throw late.get();
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
}
