package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimiterTest {
  @TempDir Path dir;

  @Test
  void limitsPerOwnerRefillsWithTheClockAndForgetsIdleOwners() {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (Store store = new Store("jdbc:sqlite:" + dir.resolve("gs.db"), null, null)) {
      SharedBuckets buckets = new SharedBuckets(store.dataSource(), store.dialect, clock);
      limitsPerOwner(new RateLimiter(buckets, 2, Duration.ofMinutes(1)), buckets, clock);
    }
  }

  private static void limitsPerOwner(RateLimiter rl, SharedBuckets buckets, MutableClock clock) {
    rl.acquire("a");
    rl.acquire("a");
    assertThatThrownBy(() -> rl.acquire("a"))
        .isInstanceOfSatisfying(
            GasStationException.class,
            e -> {
              assertThat(e.code).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.retryAfter).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
            });
    rl.acquire("b"); // another owner, another bucket
    rl.refund("a");
    rl.acquire("a");
    clock.advance(Duration.ofSeconds(30));
    rl.acquire("a");
    clock.advance(Duration.ofMinutes(2));
    buckets.purge(clock.millis()); // both full again: forgotten, and a fresh bucket is full too
    rl.acquire("a");
    rl.acquire("a");
    assertThatThrownBy(() -> rl.acquire("a")).isInstanceOf(GasStationException.class);
  }
}
