package xyz.peaq.os.sdk;

import java.math.BigInteger;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Client-side guard rails on {@code submitEvent}, checked before any RPC: an event's value may not
 * exceed {@code maxValuePerTx}, and at most {@code rateLimitMaxEvents} events go out per {@code
 * rateLimitWindowSeconds}. Zero disables a limit. Variables: {@code PEAQOS_MAX_VALUE_PER_TX},
 * {@code PEAQOS_RATE_LIMIT_MAX_EVENTS}, {@code PEAQOS_RATE_LIMIT_WINDOW_SECONDS}.
 */
public record OperationalLimits(
    BigInteger maxValuePerTx, int rateLimitMaxEvents, long rateLimitWindowSeconds) {
  public OperationalLimits {
    if (maxValuePerTx == null || maxValuePerTx.signum() < 0) {
      throw new ValidationException(
          "maxValuePerTx", "maxValuePerTx must be 0 (no cap) or a positive integer");
    }
    if (rateLimitMaxEvents < 0) {
      throw new ValidationException(
          "rateLimitMaxEvents", "rateLimitMaxEvents must be 0 (no limit) or positive");
    }
    if (rateLimitWindowSeconds < 0) {
      throw new ValidationException(
          "rateLimitWindowSeconds", "rateLimitWindowSeconds must be 0 (no limit) or positive");
    }
  }

  /** No limits. */
  public static OperationalLimits none() {
    return new OperationalLimits(BigInteger.ZERO, 0, 0);
  }

  boolean rateLimited() {
    return rateLimitMaxEvents > 0 && rateLimitWindowSeconds > 0;
  }
}
