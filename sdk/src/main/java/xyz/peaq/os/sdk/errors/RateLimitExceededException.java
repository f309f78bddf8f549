package xyz.peaq.os.sdk.errors;

import java.time.Duration;

/** More events than the client-side rate limit allows in its window. */
public final class RateLimitExceededException extends PeaqosException {
  private final int maxEvents;
  private final Duration window;

  public RateLimitExceededException(int maxEvents, Duration window) {
    super(
        "RateLimitExceeded: more than "
            + maxEvents
            + " events in "
            + window.getSeconds()
            + " s; wait for the window to pass or raise rateLimitMaxEvents");
    this.maxEvents = maxEvents;
    this.window = window;
  }

  public int maxEvents() {
    return maxEvents;
  }

  public Duration window() {
    return window;
  }
}
