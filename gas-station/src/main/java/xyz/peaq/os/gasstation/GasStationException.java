package xyz.peaq.os.gasstation;

import java.time.Duration;

/**
 * An error answer of the service: an {@link ErrorCode}, a message, and for throttles a retry delay.
 */
final class GasStationException extends RuntimeException {
  final ErrorCode code;
  final Duration retryAfter;

  GasStationException(ErrorCode code) {
    this(code, code.defaultMessage(), null);
  }

  GasStationException(ErrorCode code, String message) {
    this(code, message, null);
  }

  GasStationException(ErrorCode code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}
