package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import xyz.peaq.os.sdk.errors.RateLimitExceededException;
import xyz.peaq.os.sdk.errors.ValueCapExceededException;

/** Applies {@link OperationalLimits} to one client's events: a value cap and a sliding window. */
final class EventRateWindow {
  private final OperationalLimits limits;
  private final Deque<Instant> sent = new ArrayDeque<>();

  EventRateWindow(OperationalLimits limits) {
    this.limits = limits;
  }

  synchronized void admit(BigInteger value, Instant now) {
    if (limits.maxValuePerTx().signum() > 0 && value.compareTo(limits.maxValuePerTx()) > 0) {
      throw new ValueCapExceededException(value, limits.maxValuePerTx());
    }
    if (!limits.rateLimited()) {
      return;
    }
    Duration window = Duration.ofSeconds(limits.rateLimitWindowSeconds());
    Instant cutoff = now.minus(window);
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(cutoff)) {
      sent.pollFirst();
    }
    if (sent.size() >= limits.rateLimitMaxEvents()) {
      throw new RateLimitExceededException(limits.rateLimitMaxEvents(), window);
    }
    sent.addLast(now);
  }
}
