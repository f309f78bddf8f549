package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Devnet-only administration of the Economics 2.0 set, sent from dev account 0 (which deployed and
 * owns every contract). Tests use it to set prices, grant vouchers, pause and shorten the clock;
 * each call is one mined transaction and returns its receipt.
 */
public final class Econ2Admin {
  private final Deployer deployer;
  private final Econ2Contracts contracts;

  Econ2Admin(Deployer deployer, Econ2Contracts contracts) {
    this.deployer = deployer;
    this.contracts =
        Objects.requireNonNull(contracts, "the devnet has no Economics 2.0 deployment");
  }

  /**
   * Stamps the PEAQ/USD price in the PriceOracle (8 decimals; 0 makes quotes fail with
   * PriceNotAvailable).
   */
  public TransactionReceipt setPeaqUsdPrice(BigInteger usdE8) {
    requireNonNegative(usdE8, "usdE8");
    return deployer.setPeaqUsdPrice(contracts, usdE8);
  }

  /** Sets a tier's USD price in InfoDesk (8 decimals); tier 0 Entry, 1 Basic, 2 Pro. */
  public TransactionReceipt setTierPriceUsd(int tier, BigInteger usdE8) {
    if (tier < 0 || tier > 2)
      throw new IllegalArgumentException(
          "tier must be 0 (Entry), 1 (Basic) or 2 (Pro), was " + tier);
    requireNonNegative(usdE8, "usdE8");
    return deployer.setTierPriceUsd(contracts, tier, usdE8);
  }

  /**
   * Adds voucher credit (wei of PEAQ) that the operator's next activation or renewal spends first.
   */
  public TransactionReceipt grantVoucher(String operator, BigInteger wei) {
    Objects.requireNonNull(operator, "operator");
    requireNonNegative(wei, "wei");
    return deployer.grantVoucher(contracts, operator, wei);
  }

  /** The test USDT (6 decimals) the provision pool converts: {@code usdtToken()} of the pool. */
  public String usdtToken() {
    return deployer.usdtToken(contracts);
  }

  /** Mints test USDT (in units of 10^-6 USDT) to an account: the devnet's USDT faucet. */
  public TransactionReceipt mintUsdt(String to, BigInteger units) {
    Objects.requireNonNull(to, "to");
    requireNonNegative(units, "units");
    return deployer.mintUsdt(contracts, to, units);
  }

  /**
   * The global technical pause: activation, renewal and the SDK's preflight refuse while it is on.
   */
  public TransactionReceipt setTechnicalPausedGlobal(boolean paused) {
    return deployer.setTechnicalPausedGlobal(contracts, paused);
  }

  /** The technical pause of one machine id (may be set before the machine exists). */
  public TransactionReceipt setTechnicalPaused(BigInteger machineId, boolean paused) {
    Objects.requireNonNull(machineId, "machineId");
    return deployer.setTechnicalPaused(contracts, machineId, paused);
  }

  /**
   * Subscription period, grace and runoff lengths in seconds (InfoDesk); existing periods keep
   * their end.
   */
  public void setSubscriptionClock(long periodSeconds, long graceSeconds, long runoffSeconds) {
    if (periodSeconds <= 0 || graceSeconds < 0 || runoffSeconds < 0) {
      throw new IllegalArgumentException(
          "period must be positive, grace and runoff not negative; were "
              + periodSeconds
              + ", "
              + graceSeconds
              + ", "
              + runoffSeconds);
    }
    deployer.setSubscriptionClock(contracts, "setSubscriptionPeriodLength", periodSeconds);
    deployer.setSubscriptionClock(contracts, "setGraceDuration", graceSeconds);
    deployer.setSubscriptionClock(contracts, "setRunoffDuration", runoffSeconds);
  }

  private static void requireNonNegative(BigInteger v, String name) {
    Objects.requireNonNull(v, name);
    if (v.signum() < 0)
      throw new IllegalArgumentException(name + " must not be negative, was " + v);
  }
}
