package xyz.peaq.os.sdk.mcr;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code GET /mcr/{did}}: a machine's credit rating. Wire names are snake_case ({@code mcr_score},
 * ...). {@code revenueTrend}, {@code averageRevenuePerEvent} and {@code lastUpdated} may be null
 * (not measured, which is not the same as zero). {@code totalRevenue} and {@code
 * averageRevenuePerEvent} are USD cents. {@code homeChain} (protocol chain id) and {@code
 * ratingUnavailable} (why a 2.0 machine is not rated) are null when the service leaves them out.
 */
public record McrResponse(
    String did,
    BigInteger machineId,
    int mcrScore,
    String mcr,
    boolean mcrDegraded,
    String bondStatus,
    boolean negativeFlag,
    int eventCount,
    int revenueEventCount,
    int activityEventCount,
    String revenueTrend,
    BigDecimal totalRevenue,
    BigDecimal averageRevenuePerEvent,
    Long lastUpdated,
    Integer homeChain,
    String ratingUnavailable) {

  /** True for a registered, bonded machine without enough history to rate yet. */
  public boolean provisioned() {
    return "Provisioned".equals(mcr);
  }

  /** True when the bond is in place. */
  public boolean bonded() {
    return "bonded".equals(bondStatus);
  }
}
