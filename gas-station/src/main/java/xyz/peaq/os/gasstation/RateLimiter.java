package xyz.peaq.os.gasstation;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-owner token buckets (bucket4j): {@code limit} new fund requests per {@code window}, refilled
 * gradually. In memory, so each instance limits on its own; the daily caps are the cross-instance
 * bound. Time comes from the configured {@link Clock} so tests can move it.
 */
final class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int limit;
  private final Duration window;
  private final TimeMeter meter;

  RateLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.meter = new ClockTimeMeter(clock);
  }

  /** Takes a token for {@code owner}. @throws GasStationException RATE_LIMITED with the wait */
  void acquire(String owner) {
    Bucket b =
        buckets.computeIfAbsent(
            owner,
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder().capacity(limit).refillGreedy(limit, window).build())
                    .withCustomTimePrecision(meter)
                    .build());
    ConsumptionProbe p = b.tryConsumeAndReturnRemaining(1);
    if (!p.isConsumed()) {
      Duration wait = Duration.ofNanos(p.getNanosToWaitForRefill());
      throw new GasStationException(
          ErrorCode.RATE_LIMITED,
          "Faucet rate limit exceeded: at most "
              + limit
              + " fund requests per "
              + window.toSeconds()
              + " s per owner; retry in "
              + Math.max(1, wait.toSeconds() + 1)
              + " s",
          wait);
    }
  }

  /**
   * Forgets owners whose bucket is full again (they are as if never seen), so the map stays small.
   */
  void prune() {
    buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= limit);
  }

  /** Gives a token back (the request turned out to be a duplicate, which is free). */
  void refund(String owner) {
    Bucket b = buckets.get(owner);
    if (b != null) {
      b.addTokens(1);
    }
  }
}
