package xyz.peaq.os.sdk.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * Gas limit = {@code eth_estimateGas × margin}. Calls to precompiles (the DID {@code 0x…0800} and
 * batch {@code 0x…0805} ones among them) get the larger {@code precompileMargin}, because on peaq
 * the estimate under-counts the Substrate work behind them (reference §9 item 7).
 */
public record GasPolicy(BigDecimal margin, BigDecimal precompileMargin) {
  public GasPolicy {
    if (margin.compareTo(BigDecimal.ONE) < 0 || precompileMargin.compareTo(BigDecimal.ONE) < 0) {
      throw new IllegalArgumentException("gas margins must be at least 1.0");
    }
  }

  /** 1.25 for contracts, 2.0 for precompiles. */
  public static GasPolicy defaults() {
    return new GasPolicy(new BigDecimal("1.25"), new BigDecimal("2.0"));
  }

  /** The limit to sign for an estimate of a call to {@code to}. */
  public BigInteger limitFor(String to, BigInteger estimate) {
    BigDecimal m = Addresses.isPrecompile(to) ? precompileMargin : margin;
    return new BigDecimal(estimate).multiply(m).setScale(0, RoundingMode.CEILING).toBigInteger();
  }
}
