package xyz.peaq.os.sdk.errors;

import java.math.BigInteger;

/** An event's value is above the client-side {@code maxValuePerTx} operational limit. */
public final class ValueCapExceededException extends PeaqosException {
  private final BigInteger value;
  private final BigInteger cap;

  public ValueCapExceededException(BigInteger value, BigInteger cap) {
    super(
        "ValueCapExceeded: event value "
            + value
            + " is above the per-transaction cap "
            + cap
            + "; split the value or raise maxValuePerTx");
    this.value = value;
    this.cap = cap;
  }

  public BigInteger value() {
    return value;
  }

  public BigInteger cap() {
    return cap;
  }
}
