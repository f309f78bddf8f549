package xyz.peaq.os.gasstation;

import io.github.bucket4j.distributed.BucketProxy;
import java.time.Duration;

/**
 * Bad 2FA codes counted per owner <em>and client address</em>, so that nobody can lock an owner out
 * from somewhere else: {@code lockoutThreshold} bad codes in a row from one address lock that
 * address out of that owner for {@code lockoutDuration}, each further lockout twice as long up to
 * {@code maxLockout}; a good code ends the count and makes the pair trusted.
 *
 * <p>Brute force from many addresses is bounded per owner: addresses that never presented a good
 * code for the owner share a budget of {@code badCodeBudget} bad codes per {@code badCodeWindow} (a
 * shared bucket4j bucket); when it is spent they are refused before their code is looked at.
 * Trusted pairs are never refused because of others. Numbers with the defaults are in the README.
 */
final class CodeLockout {
  private final GasStationConfig cfg;
  private final Store store;
  private final SharedBuckets buckets;

  CodeLockout(GasStationConfig cfg, Store store, SharedBuckets buckets) {
    this.cfg = cfg;
    this.store = store;
    this.buckets = buckets;
  }

  /**
   * Refuses (2FA_LOCKED) when {@code client} may not try a code for {@code owner} now. Counts
   * nothing.
   */
  void requireOpen(String owner, String client, long now) {
    Store.FailureRow row = store.failures(owner, client);
    if (row.lockedAt(now)) {
      throw TwoFactor.locked(row.lockedUntil(), now);
    }
    if (!row.trusted()) {
      BucketProxy budget = ownerBudget(owner);
      if (budget.getAvailableTokens() < 1) {
        long wait = budget.estimateAbilityToConsume(1).getNanosToWaitForRefill() / 1_000_000L;
        throw TwoFactor.locked(now + Math.max(1000, wait), now);
      }
    }
  }

  /** Counts a bad code; returns the lock end when this one locked the pair, else null. */
  Long recordFailure(String owner, String client, long now) {
    Long until =
        store.tx(
            c -> {
              store.lock(c, "failures:" + owner + ":" + client);
              Store.FailureRow row = store.failures(c, owner, client, true);
              if (row.lockedAt(now)) {
                return row.lockedUntil();
              }
              int failures = row.failures() + 1;
              if (failures >= cfg.lockoutThreshold) {
                int locks = row.locks() + 1;
                long until0 = now + lockLength(locks).toMillis();
                store.putFailures(
                    c, owner, client, new Store.FailureRow(0, locks, until0, row.trusted()), now);
                return until0;
              }
              store.putFailures(
                  c,
                  owner,
                  client,
                  new Store.FailureRow(failures, row.locks(), null, row.trusted()),
                  now);
              return null;
            });
    if (!store.failures(owner, client).trusted()) {
      ownerBudget(owner).tryConsume(1);
    }
    return until;
  }

  /** A good code: the pair's count and lockout history end, and it is trusted from now on. */
  void recordSuccess(java.sql.Connection c, String owner, String client, long now)
      throws java.sql.SQLException {
    Store.FailureRow row = store.failures(c, owner, client, true);
    if (row.failures() != 0 || row.locks() != 0 || !row.trusted()) {
      store.putFailures(c, owner, client, new Store.FailureRow(0, 0, null, true), now);
    }
  }

  /** The {@code n}-th lockout: lockoutDuration × 2^(n-1), at most maxLockout. */
  Duration lockLength(int n) {
    Duration d = cfg.lockoutDuration;
    for (int i = 1; i < n && d.compareTo(cfg.maxLockout) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(cfg.maxLockout) > 0 ? cfg.maxLockout : d;
  }

  private BucketProxy ownerBudget(String owner) {
    return buckets.bucket("bad-codes:" + owner, cfg.badCodeBudget, cfg.badCodeWindow);
  }
}
