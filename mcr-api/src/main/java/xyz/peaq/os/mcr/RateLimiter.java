package xyz.peaq.os.mcr;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-IP fixed window: {@code requests} per {@code window}, refilled all at once when the
 * window ends (bucket4j, interval refill). The client IP is the TCP peer; forwarding headers are
 * not trusted because the service is meant to be reached directly.
 */
final class RateLimiter {
  private static final int SWEEP_AT = 10_000;

  private final int requests;
  private final Duration window;
  private final TimeMeter clock;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

  private record Entry(Bucket bucket, long[] lastSeen) {}

  /** Outcome of one request: allowed, or refused with the seconds to wait. */
  record Decision(boolean allowed, long retryAfterSeconds) {}

  RateLimiter(int requests, Duration window, TimeMeter clock) {
    this.requests = requests;
    this.window = window;
    this.clock = clock;
  }

  Decision check(String ip) {
    long now = clock.currentTimeNanos();
    if (buckets.size() > SWEEP_AT) {
      buckets.values().removeIf(e -> now - e.lastSeen()[0] > window.toNanos());
    }
    Entry e =
        buckets.computeIfAbsent(
            ip,
            k ->
                new Entry(
                    Bucket.builder()
                        .addLimit(l -> l.capacity(requests).refillIntervally(requests, window))
                        .withCustomTimePrecision(clock)
                        .build(),
                    new long[1]));
    e.lastSeen()[0] = now;
    ConsumptionProbe p = e.bucket().tryConsumeAndReturnRemaining(1);
    if (p.isConsumed()) {
      return new Decision(true, 0);
    }
    long wait = p.getNanosToWaitForRefill();
    return new Decision(false, Math.max(1, (wait + 999_999_999L) / 1_000_000_000L));
  }

  String describe() {
    long secs = window.toSeconds();
    String w =
        secs == 60
            ? "1 minute"
            : secs % 60 == 0
                ? (secs / 60) + " minutes"
                : window.toMillis() % 1000 == 0
                    ? secs + " second" + (secs == 1 ? "" : "s")
                    : window.toMillis() + " ms";
    return requests + " per " + w;
  }
}
