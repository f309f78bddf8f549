package xyz.peaq.os.mcr;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The output of {@link McrModel#score}: the rating and the figures {@code GET /mcr/{did}} reports.
 * {@code averageRevenuePerEvent} is null when no revenue event counted; {@code lastUpdated} is null
 * when nothing about the machine has a time.
 */
record McrScore(
    String mcr,
    int score,
    int eventCount,
    int revenueEventCount,
    int activityEventCount,
    String revenueTrend,
    BigInteger totalRevenue,
    BigDecimal averageRevenuePerEvent,
    Long lastUpdated,
    boolean degraded,
    boolean negativeFlag,
    Components components) {

  /** The four score components (their sum is {@code score} when the machine is rated). */
  record Components(int activity, int revenue, int trust, int consistency) {
    int sum() {
      return activity + revenue + trust + consistency;
    }
  }
}
