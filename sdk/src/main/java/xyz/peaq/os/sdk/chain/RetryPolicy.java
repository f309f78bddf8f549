package xyz.peaq.os.sdk.chain;

import java.time.Duration;

/**
 * The one set of retry limits of the chain layer.
 *
 * <ul>
 *   <li>Transport failures (connection refused, timeouts, HTTP 429/5xx): up to {@code maxAttempts}
 *       tries in all, with exponential backoff from {@code initialBackoff} capped at {@code
 *       maxBackoff}. Node answers (reverts, "nonce too low", ...) are never retried as such.
 *   <li>A transaction the node refuses for a stale nonce or too low fees is signed again, with a
 *       fresh nonce and fresh fees, up to {@code maxSignatures} signatures in all (see {@link
 *       TransactionPipeline}). Every sender (SDK operations, the CLI's journalled steps, the Gas
 *       Station's transfers) uses this same limit.
 * </ul>
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, int maxSignatures) {
  /** Signatures of one transaction at most, by default. */
  public static final int DEFAULT_MAX_SIGNATURES = 6;

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must be non-negative and maxBackoff >= initialBackoff");
    }
    if (maxSignatures < 1) {
      throw new IllegalArgumentException("maxSignatures must be at least 1");
    }
  }

  /** Transport limits with the default signature limit ({@value #DEFAULT_MAX_SIGNATURES}). */
  public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this(maxAttempts, initialBackoff, maxBackoff, DEFAULT_MAX_SIGNATURES);
  }

  /** 4 attempts, 200 ms doubling up to 2 s; 6 signatures. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /**
   * One transport attempt, no backoff (a poller that simply tries again on its next tick); 6
   * signatures.
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The pause after {@code failedAttempts} failed tries. */
  public Duration backoff(int failedAttempts) {
    long millis = initialBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
