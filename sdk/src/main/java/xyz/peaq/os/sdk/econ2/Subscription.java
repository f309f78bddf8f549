package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * {@code MachineSubscription.subscriptions(id)} plus its status ({@code 0} not_activated, 1 active,
 * 2 grace, 3 runoff, 4 terminated). Activated means {@code periodStart != 0}.
 */
public record Subscription(
    Tier tier,
    long periodStart,
    long periodEnd,
    BigInteger bondedAmount,
    BigInteger accumulatedPoints,
    int status) {
  static final String[] STATUS_NAMES = {"not_activated", "active", "grace", "runoff", "terminated"};

  public boolean activated() {
    return periodStart != 0;
  }

  public String statusName() {
    return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "unknown";
  }
}
