package xyz.peaq.os.mcr;

/**
 * A 2.0 subscription's state at a chain time, computed exactly as MachineSubscription's {@code
 * subscriptionStatus} does (ordinals as the SDK reads them): active before the period end, then
 * grace, then runoff, then terminated.
 */
enum SubscriptionState {
  NOT_ACTIVATED,
  ACTIVE,
  GRACE,
  RUNOFF,
  TERMINATED;

  static SubscriptionState of(MachineV2 m, long graceSeconds, long runoffSeconds, long chainTime) {
    if (m.periodStart() == 0) return NOT_ACTIVATED;
    long end = m.periodEnd();
    if (chainTime < end) return ACTIVE;
    end += graceSeconds;
    if (chainTime < end) return GRACE;
    end += runoffSeconds;
    if (chainTime < end) return RUNOFF;
    return TERMINATED;
  }

  /** Events are accepted (and the machine rated) only while active or in grace. */
  boolean rated() {
    return this == ACTIVE || this == GRACE;
  }

  /** Why a machine in this state is not rated, for {@code rating_unavailable}; null when rated. */
  String unratedReason() {
    return switch (this) {
      case NOT_ACTIVATED -> "subscription not activated";
      case RUNOFF -> "subscription in runoff: renew it to be rated again";
      case TERMINATED -> "subscription terminated";
      default -> null;
    };
  }
}
