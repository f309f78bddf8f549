package xyz.peaq.os.gasstation;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;

/**
 * bucket4j's time source read from the station's {@link Clock}, so that tests can move time for
 * every rate limit, in memory or in the database.
 */
final class ClockTimeMeter implements TimeMeter {
  private final Clock clock;

  ClockTimeMeter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long currentTimeNanos() {
    return clock.millis() * 1_000_000L;
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
