package xyz.peaq.os.sdk.errors;

import java.math.BigInteger;

/**
 * The signer holds less than the bond plus gas; checked before anything is sent. Amounts in wei.
 */
public final class InsufficientBalanceException extends PeaqosException {
  private final String address;
  private final BigInteger required;
  private final BigInteger available;

  public InsufficientBalanceException(String address, BigInteger required, BigInteger available) {
    super(
        "Insufficient balance for gas + bond: "
            + address
            + " holds "
            + available
            + " wei but needs "
            + required
            + " wei; top up the wallet and retry");
    this.address = address;
    this.required = required;
    this.available = available;
  }

  public String address() {
    return address;
  }

  public BigInteger required() {
    return required;
  }

  public BigInteger available() {
    return available;
  }
}
