package xyz.peaq.os.sdk.chain;

import java.time.Duration;

/**
 * How transport failures (connection refused, timeouts, HTTP 429/5xx) are retried: up to
 * {@code maxAttempts} tries in all, with exponential backoff from {@code initialBackoff} capped at
 * {@code maxBackoff}. Node answers (reverts, "nonce too low", ...) are never retried.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must be non-negative and maxBackoff >= initialBackoff");
    }
  }

  /** 4 attempts, 200 ms doubling up to 2 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  Duration backoff(int failedAttempts) {
    long millis = initialBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
