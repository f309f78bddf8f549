package xyz.peaq.os.mcr;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (never a fixed sleep as synchronisation). */
final class Await {
  private Await() {}

  static <T> T until(Duration timeout, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T v = probe.get();
        if (v != null && !Boolean.FALSE.equals(v)) {
          return v;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError err =
            new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
          err.initCause(last);
        }
        throw err;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
