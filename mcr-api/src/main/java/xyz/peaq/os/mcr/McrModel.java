package xyz.peaq.os.mcr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The machine credit rating model: a pure, deterministic function of a machine's indexed facts and
 * the current time. The rules (all integer arithmetic) are documented in the module README, section
 * "Scoring model"; the tests in {@code McrModelTest} pin them.
 */
final class McrModel {
  static final int MIN_HISTORY_EVENTS = 5;
  static final long DAY = 86_400L;
  static final long SCORE_WINDOW = 90 * DAY;
  static final long CONSISTENCY_WINDOW = 30 * DAY;
  static final long TREND_WINDOW = 30 * DAY;
  static final String SCORED_CURRENCY = "USD";

  private McrModel() {}

  /**
   * The facts the model reads. {@code events} in any order; {@code bonded} from the stake index;
   * {@code deactivated} from MachineDeactivated/MachineReactivated, {@code statusTime} the block
   * time of the latest of them (0 when none).
   */
  record Facts(
      boolean bonded,
      long registeredTime,
      long lastStakeTime,
      List<MachineEvent> events,
      boolean deactivated,
      long statusTime) {
    Facts {
      events = List.copyOf(events);
    }

    /** An active machine that was never deactivated. */
    Facts(boolean bonded, long registeredTime, long lastStakeTime, List<MachineEvent> events) {
      this(bonded, registeredTime, lastStakeTime, events, false, 0L);
    }
  }

  static McrScore score(Facts facts, Instant now) {
    long t = now.getEpochSecond();
    List<MachineEvent> events = facts.events();
    int revenueCount = 0;
    int activityCount = 0;
    int countedRevenue = 0;
    BigInteger total = BigInteger.ZERO;
    long lastEvent = -1;
    for (MachineEvent e : events) {
      if (e.eventType() == MachineEvent.REVENUE) {
        revenueCount++;
        if (countsAsUsd(e)) {
          countedRevenue++;
          total = total.add(e.value());
        }
      } else if (e.eventType() == MachineEvent.ACTIVITY) {
        activityCount++;
      }
      lastEvent = Math.max(lastEvent, e.blockTime());
    }
    BigDecimal average =
        countedRevenue == 0
            ? null
            : new BigDecimal(total)
                .divide(BigDecimal.valueOf(countedRevenue), 2, RoundingMode.HALF_EVEN);
    long lastFact =
        Math.max(
            Math.max(lastEvent, facts.statusTime()),
            Math.max(facts.registeredTime(), facts.lastStakeTime()));
    Long lastUpdated = lastFact > 0 ? lastFact : null;
    String trend = trend(events, t);
    McrScore.Components comps = components(events, t);

    String mcr;
    int score;
    if (facts.deactivated() || !facts.bonded()) {
      // A deactivated machine cannot submit events (the EventRegistry refuses them), so its
      // rating is suspended until reactivation; its history and figures stay reported.
      mcr = "NR";
      score = 0;
    } else if (events.size() < MIN_HISTORY_EVENTS) {
      mcr = "Provisioned";
      score = 0;
    } else {
      score = comps.sum();
      mcr = grade(score);
    }
    return new McrScore(
        mcr,
        score,
        events.size(),
        revenueCount,
        activityCount,
        trend,
        total,
        average,
        lastUpdated,
        false,
        false,
        comps);
  }

  /** Rating band of a score of a bonded machine with enough history. Below 45: NR (score kept). */
  static String grade(int score) {
    if (score >= 95) return "AAA";
    if (score >= 85) return "AA";
    if (score >= 75) return "A";
    if (score >= 65) return "BBB";
    if (score >= 55) return "BB";
    if (score >= 45) return "B";
    return "NR";
  }

  /** Revenue in USD cents counts; other currencies have no FX on this service. */
  static boolean countsAsUsd(MachineEvent e) {
    return e.eventType() == MachineEvent.REVENUE && SCORED_CURRENCY.equals(e.currency());
  }

  static McrScore.Components components(List<MachineEvent> events, long now) {
    int inWindow = 0;
    long weightSum = 0;
    BigInteger windowRevenue = BigInteger.ZERO;
    Set<Long> days = new HashSet<>();
    for (MachineEvent e : events) {
      long at = Math.min(e.blockTime(), now);
      if (at <= now - SCORE_WINDOW) {
        continue;
      }
      inWindow++;
      weightSum += trustWeight(e.trustLevel());
      if (countsAsUsd(e)) {
        windowRevenue = windowRevenue.add(e.value());
      }
      if (at > now - CONSISTENCY_WINDOW) {
        days.add(Math.floorDiv(at, DAY));
      }
    }
    int activity = Math.min(30, 2 * inWindow);
    int revenue = revenuePoints(windowRevenue);
    int trust = inWindow == 0 ? 0 : (int) (25 * weightSum / (100L * inWindow));
    int consistency = Math.min(15, 3 * days.size());
    return new McrScore.Components(activity, revenue, trust, consistency);
  }

  /**
   * Weight in percent: hardware-signed 100, on-chain verifiable 70, self-reported (and unknown) 40.
   */
  static int trustWeight(int trustLevel) {
    return switch (trustLevel) {
      case 2 -> 100;
      case 1 -> 70;
      default -> 40;
    };
  }

  static int revenuePoints(BigInteger usdCents) {
    if (usdCents.compareTo(BigInteger.valueOf(1_000_000)) >= 0) return 30;
    if (usdCents.compareTo(BigInteger.valueOf(100_000)) >= 0) return 24;
    if (usdCents.compareTo(BigInteger.valueOf(10_000)) >= 0) return 18;
    if (usdCents.compareTo(BigInteger.valueOf(1_000)) >= 0) return 12;
    if (usdCents.signum() > 0) return 6;
    return 0;
  }

  /**
   * USD revenue of the last 15 days against the 15 days before: {@code up} above +10 %, {@code
   * down} below -10 %, else {@code stable}; {@code insufficient} with fewer than two USD revenue
   * events in the 30 days.
   */
  static String trend(List<MachineEvent> events, long now) {
    BigInteger recent = BigInteger.ZERO;
    BigInteger prior = BigInteger.ZERO;
    int n = 0;
    long half = TREND_WINDOW / 2;
    for (MachineEvent e : events) {
      if (!countsAsUsd(e)) {
        continue;
      }
      long at = Math.min(e.blockTime(), now);
      if (at <= now - TREND_WINDOW) {
        continue;
      }
      n++;
      if (at > now - half) {
        recent = recent.add(e.value());
      } else {
        prior = prior.add(e.value());
      }
    }
    if (n < 2) {
      return "insufficient";
    }
    BigInteger r100 = recent.multiply(BigInteger.valueOf(100));
    if (r100.compareTo(prior.multiply(BigInteger.valueOf(110))) > 0) return "up";
    if (r100.compareTo(prior.multiply(BigInteger.valueOf(90))) < 0) return "down";
    return "stable";
  }
}
