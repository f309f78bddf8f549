package xyz.peaq.os.sdk.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * Gas limit = {@code eth_estimateGas × margin}, by where the call goes:
 *
 * <ul>
 *   <li>the DID ({@code 0x…0800}) and batch ({@code 0x…0805}) precompiles: {@code didMargin}, 1.10
 *       by default. Measured, not guessed: on the devnet a DID batch uses at most the estimate (the
 *       {@code DidGasMarginTest} prints gas used over the estimate for add and update batches of
 *       one to six attributes: 0.999 to 1.000), and the official SDK (0.11.2) signs these very
 *       writes with the bare estimate on peaq. The 10% covers what an estimate made a moment before
 *       cannot see: another writer changing the same DID in between (an update where an add was
 *       estimated costs more). Until this version the limit was twice the estimate (1.62 M for the
 *       six-attribute batch against the official 0.74 M), which a wallet had to hold.
 *   <li>other precompiles (the native token {@code 0x…0809} among them): {@code precompileMargin},
 *       2.0, because on peaq the estimate under-counts the Substrate work behind them (reference §9
 *       item 7: the 2.0 bond's {@code transferFrom} ran out of gas).
 *   <li>contracts: {@code margin}, 1.25.
 * </ul>
 */
public record GasPolicy(BigDecimal margin, BigDecimal precompileMargin, BigDecimal didMargin) {
  public GasPolicy {
    if (margin.compareTo(BigDecimal.ONE) < 0
        || precompileMargin.compareTo(BigDecimal.ONE) < 0
        || didMargin.compareTo(BigDecimal.ONE) < 0) {
      throw new IllegalArgumentException("gas margins must be at least 1.0");
    }
  }

  /** One margin for every precompile, the DID and batch ones included. */
  public GasPolicy(BigDecimal margin, BigDecimal precompileMargin) {
    this(margin, precompileMargin, precompileMargin);
  }

  /** 1.25 for contracts, 1.10 for the DID and batch precompiles, 2.0 for other precompiles. */
  public static GasPolicy defaults() {
    return new GasPolicy(new BigDecimal("1.25"), new BigDecimal("2.0"), new BigDecimal("1.10"));
  }

  /** The limit to sign for an estimate of a call to {@code to}. */
  public BigInteger limitFor(String to, BigInteger estimate) {
    BigDecimal m =
        isDidWrite(to) ? didMargin : Addresses.isPrecompile(to) ? precompileMargin : margin;
    return new BigDecimal(estimate).multiply(m).setScale(0, RoundingMode.CEILING).toBigInteger();
  }

  private static boolean isDidWrite(String to) {
    return WellKnownAddresses.DID_PRECOMPILE.equalsIgnoreCase(to)
        || WellKnownAddresses.BATCH_PRECOMPILE.equalsIgnoreCase(to);
  }
}
