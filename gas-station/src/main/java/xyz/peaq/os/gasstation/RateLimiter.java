package xyz.peaq.os.gasstation;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Per-owner token buckets: {@code limit} new fund requests per {@code window}, refilled gradually.
 * The buckets are {@link SharedBuckets}, rows of the station's database, so every instance on the
 * database takes from the same bucket: three instances with a limit of 10 per minute admit 10, not
 * 30. Time comes from the configured clock (through {@link SharedBuckets}) so tests can move it.
 */
final class RateLimiter {
  private final SharedBuckets buckets;
  private final int limit;
  private final Duration window;

  RateLimiter(SharedBuckets buckets, int limit, Duration window) {
    this.buckets = buckets;
    this.limit = limit;
    this.window = window;
  }

  /** Takes a token for {@code owner}. @throws GasStationException RATE_LIMITED with the wait */
  void acquire(String owner) {
    ConsumptionProbe p = bucket(owner).tryConsumeAndReturnRemaining(1);
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

  /** Gives a token back (the request turned out to be a duplicate, which is free). */
  void refund(String owner) {
    bucket(owner).addTokens(1);
  }

  private io.github.bucket4j.distributed.BucketProxy bucket(String owner) {
    return buckets.bucket("owner:" + owner, limit, window);
  }
}
