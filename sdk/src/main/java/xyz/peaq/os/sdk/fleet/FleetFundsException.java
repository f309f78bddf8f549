package xyz.peaq.os.sdk.fleet;

import java.math.BigInteger;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * The operator cannot pay for every machine left in a fleet run; checked before anything is sent.
 * Amounts in wei: {@code required} is the most the machines left can cost (bonds, funding and each
 * kind of transaction's gas at the fee cap), {@code missing} = required − available.
 */
public final class FleetFundsException extends PeaqosException {
  private final String operator;
  private final BigInteger required;
  private final BigInteger available;
  private final int machines;

  public FleetFundsException(
      String operator, BigInteger required, BigInteger available, int machines) {
    super(
        "Insufficient balance for the fleet: operator "
            + operator
            + " holds "
            + available
            + " wei but the "
            + machines
            + " machine(s) left need up to "
            + required
            + " wei; "
            + required.subtract(available)
            + " wei are missing. Nothing was sent: top up the operator and run again");
    this.operator = operator;
    this.required = required;
    this.available = available;
    this.machines = machines;
  }

  public String operator() {
    return operator;
  }

  public BigInteger required() {
    return required;
  }

  public BigInteger available() {
    return available;
  }

  /** How much the operator lacks. */
  public BigInteger missing() {
    return required.subtract(available);
  }

  public int machines() {
    return machines;
  }
}
