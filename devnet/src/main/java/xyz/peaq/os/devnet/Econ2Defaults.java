package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.util.List;

/**
 * The devnet's Economics 2.0 parameters at deployment (the real chain's are governance values the
 * devnet does not copy). USD amounts have 8 decimals. With these, the bonds are 20, 100 and 400
 * PEAQ for Entry, Basic and Pro.
 */
public final class Econ2Defaults {
  /** Entry, Basic, Pro: 1, 5 and 20 USD. */
  public static final List<BigInteger> TIER_PRICES_USD_E8 =
      List.of(
          BigInteger.valueOf(100_000_000L),
          BigInteger.valueOf(500_000_000L),
          BigInteger.valueOf(2_000_000_000L));

  /** PEAQ/USD 0.05. */
  public static final BigInteger PEAQ_USD_E8 = BigInteger.valueOf(5_000_000L);

  /** 30 days. */
  public static final long PERIOD_SECONDS = 30L * 24 * 3600;

  /** 7 days of grace after a period. */
  public static final long GRACE_SECONDS = 7L * 24 * 3600;

  /** 30 days of runoff after grace; then the subscription is terminated. */
  public static final long RUNOFF_SECONDS = 30L * 24 * 3600;

  /** The provision pool's native PEAQ reserve at deployment: 1,000,000,000 PEAQ. */
  public static final BigInteger PROVISION_POOL_RESERVE_WEI = BigInteger.TEN.pow(27);

  /** Test USDT (6 decimals) each dev account holds at deployment: 1,000,000 USDT. */
  public static final BigInteger DEV_ACCOUNT_USDT = BigInteger.TEN.pow(12);

  private Econ2Defaults() {}
}
