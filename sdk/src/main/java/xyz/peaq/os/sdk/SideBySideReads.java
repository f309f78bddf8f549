package xyz.peaq.os.sdk;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent chain reads run side by side: one round trip of waiting instead of one per read (the
 * DID plan's attribute reads, the configuration check's code and probe reads). Daemon threads, so a
 * read left running never keeps a process alive.
 */
final class SideBySideReads {
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "peaqos-read");
            t.setDaemon(true);
            return t;
          });

  private SideBySideReads() {}

  /** Starts {@code read} now, on a pool thread. */
  static <T> Future<T> start(Callable<T> read) {
    return POOL.submit(read);
  }

  /**
   * The result of a read started with {@link #start}, its own exception thrown as it was thrown.
   *
   * @throws IllegalStateException when the waiting thread is interrupted (its flag set again)
   */
  static <T> T result(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      read.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the chain", e);
    }
  }
}
