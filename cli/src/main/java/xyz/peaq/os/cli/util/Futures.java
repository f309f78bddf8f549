package xyz.peaq.os.cli.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started on another thread. */
public final class Futures {
  private Futures() {}

  /**
   * The result of {@code work}, its own exception thrown as it was thrown (not wrapped in a {@link
   * CompletionException}), so that the command's error handling sees it as if the work had run on
   * this thread.
   */
  public static <T> T join(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
