package xyz.peaq.os.gasstation;

import io.github.bucket4j.ConsumptionProbe;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The limits that do not trust the owner address, which costs nothing to make: a request rate per
 * client address (before anything else is looked at), a daily amount per client address, a daily
 * budget of the whole station, and at most one transfer in flight per target wallet. All of them
 * live in the database, so instances sharing it share them: the rate in bucket4j buckets ({@link
 * SharedBuckets}), the amounts summed from the ledger inside the claim transaction under a
 * station-wide lock, the wallet rule as a unique index over in-flight rows (migration V3).
 */
final class FundingLimits {
  /** Serialises the budget checks of all claims across instances (PostgreSQL advisory lock). */
  static final String BUDGET_LOCK = "budget";

  private final GasStationConfig cfg;
  private final Store store;
  private final SharedBuckets buckets;

  FundingLimits(GasStationConfig cfg, Store store, SharedBuckets buckets) {
    this.cfg = cfg;
    this.store = store;
    this.buckets = buckets;
  }

  /**
   * One request from {@code client} to a 2FA or fund endpoint. @throws GasStationException
   * CLIENT_RATE_LIMITED
   */
  void admit(String client) {
    ConsumptionProbe p =
        buckets
            .bucket("client:" + client, cfg.clientRateLimit, cfg.clientRateWindow)
            .tryConsumeAndReturnRemaining(1);
    if (!p.isConsumed()) {
      Duration wait = Duration.ofNanos(p.getNanosToWaitForRefill());
      throw new GasStationException(
          ErrorCode.CLIENT_RATE_LIMITED,
          "Too many requests from this client address: at most "
              + cfg.clientRateLimit
              + " per "
              + cfg.clientRateWindow.toSeconds()
              + " s; retry in "
              + Math.max(1, wait.toSeconds() + 1)
              + " s",
          wait);
    }
  }

  /**
   * The cheap early refusal, before any owner-level check: today's budget or this client's cap
   * cannot cover one more transfer. The exact check is {@link #checkInClaim}.
   */
  void precheck(String client) {
    String day = today();
    store.read(
        c -> {
          check(c, client, day);
          return null;
        });
  }

  /**
   * Inside the claim transaction of a transfer: exact budget and client cap, and the wallet rule.
   */
  void checkInClaim(Connection c, String client, String target, String day, Store.WalletState seen)
      throws SQLException {
    store.lock(c, BUDGET_LOCK);
    check(c, client, day);
    Store.WalletState now = store.walletState(c, target);
    // In flight: the unique index would refuse the insert anyway; say why. A transfer that landed
    // since this request read the wallet's balance makes that balance stale: do not pay twice.
    if (now.inFlight() || now.done() != seen.done()) {
      throw walletBusy();
    }
  }

  static GasStationException walletBusy() {
    return new GasStationException(
        ErrorCode.WALLET_FUNDING_IN_PROGRESS,
        ErrorCode.WALLET_FUNDING_IN_PROGRESS.defaultMessage(),
        Duration.ofSeconds(2));
  }

  private void check(Connection c, String client, String day) throws SQLException {
    BigInteger all = store.committedOnDay(c, null, day).add(cfg.fundAmount);
    if (all.compareTo(cfg.dailyBudget) > 0) {
      throw new GasStationException(
          ErrorCode.BUDGET_EXHAUSTED, ErrorCode.BUDGET_EXHAUSTED.defaultMessage(), untilMidnight());
    }
    BigInteger mine = store.committedOnDay(c, client, day).add(cfg.fundAmount);
    if (mine.compareTo(cfg.clientDailyCap) > 0) {
      throw new GasStationException(
          ErrorCode.CAP_EXCEEDED_CLIENT,
          "Daily funding cap of this client address exceeded: "
              + cfg.clientDailyCap
              + " wei per UTC day",
          untilMidnight());
    }
  }

  private String today() {
    return LocalDate.ofInstant(Instant.ofEpochMilli(cfg.clock.millis()), ZoneOffset.UTC).toString();
  }

  private Duration untilMidnight() {
    Instant now = cfg.clock.instant();
    Instant midnight =
        LocalDate.ofInstant(now, ZoneOffset.UTC)
            .plusDays(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
    return Duration.between(now, midnight);
  }
}
