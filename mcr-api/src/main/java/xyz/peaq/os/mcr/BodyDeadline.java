package xyz.peaq.os.mcr;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * A deadline for the API's only request body (a monetization write, a few hundred bytes): it must
 * arrive whole within {@link #TIMEOUT_MS}, or the connection is closed. The worker pool is sized
 * for the cores, so a client trickling its body must not hold a worker for the idle timeout. (The
 * Gas Station's HttpGuards does the same for its bodies; a shared home in service-support would
 * suit both.)
 */
final class BodyDeadline implements AutoCloseable {
  static final long TIMEOUT_MS = 2000;

  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcr-api-body-deadline");
            t.setDaemon(true);
            return t;
          });

  /** At most {@code max + 1} bytes of the body (more means too large), read within the deadline. */
  byte[] read(Context ctx, int max) throws IOException {
    ScheduledFuture<?> deadline =
        watchdog.schedule(() -> abort(ctx), TIMEOUT_MS, TimeUnit.MILLISECONDS);
    try {
      return ctx.req().getInputStream().readNBytes(max + 1);
    } finally {
      if (!deadline.cancel(false)) {
        throw CodedError.of(
            408, "INVALID_REQUEST", "the request body did not arrive within " + TIMEOUT_MS + " ms");
      }
    }
  }

  private static void abort(Context ctx) {
    try {
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(ctx.req());
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
