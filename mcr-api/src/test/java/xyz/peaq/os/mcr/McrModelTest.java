package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the scoring model of the module README on fixtures. */
class McrModelTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final long DAY = 86_400;

  private static MachineEvent ev(
      long index, int type, long value, String currency, int trust, long blockTime) {
    return new MachineEvent(
        BigInteger.ONE,
        index,
        type,
        BigInteger.valueOf(value),
        currency,
        blockTime - 15,
        trust,
        BigInteger.ZERO,
        "0x" + "00".repeat(32),
        "0x" + "00".repeat(32),
        "0x",
        100 + index,
        blockTime,
        "0xabc");
  }

  private static McrScore score(boolean bonded, List<MachineEvent> events) {
    return McrModel.score(new McrModel.Facts(bonded, T - 10 * DAY, T - 10 * DAY, events), NOW);
  }

  @Test
  void unbondedMachineIsNotRatedWhateverItsHistory() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(ev(i, 0, 500_000, "USD", 2, T - i * DAY));
    }
    McrScore s = score(false, events);
    assertThat(s.mcr()).isEqualTo("NR");
    assertThat(s.score()).isZero();
    assertThat(s.eventCount()).isEqualTo(20);
  }

  @Test
  void deactivatedMachineIsNotRatedButKeepsItsFiguresAndIsRatedAgainOnceReactivated() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      events.add(ev(i, 0, 10_000, "USD", 2, T - 3600 + i));
    }
    long statusTime = T - 60;
    McrScore off =
        McrModel.score(
            new McrModel.Facts(true, T - 10 * DAY, T - 10 * DAY, events, true, statusTime), NOW);
    assertThat(off.mcr()).isEqualTo("NR");
    assertThat(off.score()).isZero();
    assertThat(off.eventCount()).isEqualTo(15);
    assertThat(off.totalRevenue()).isEqualTo(BigInteger.valueOf(150_000));
    assertThat(off.lastUpdated()).isEqualTo(statusTime);
    // The same facts once reactivated: the 82 / A of the fixture below.
    McrScore on =
        McrModel.score(
            new McrModel.Facts(true, T - 10 * DAY, T - 10 * DAY, events, false, statusTime), NOW);
    assertThat(on.mcr()).isEqualTo("A");
    assertThat(on.score()).isEqualTo(82);
    assertThat(on.lastUpdated()).isEqualTo(statusTime);
    // Deactivated with fewer than five events: NR too, not Provisioned.
    McrScore fresh =
        McrModel.score(
            new McrModel.Facts(true, T - 10 * DAY, T - 10 * DAY, List.of(), true, T), NOW);
    assertThat(fresh.mcr()).isEqualTo("NR");
    assertThat(fresh.score()).isZero();
  }

  @Test
  void bondedMachineWithFewerThanFiveEventsIsProvisionedWithScoreZero() {
    McrScore none = score(true, List.of());
    assertThat(none.mcr()).isEqualTo("Provisioned");
    assertThat(none.score()).isZero();
    assertThat(none.revenueTrend()).isEqualTo("insufficient");
    assertThat(none.averageRevenuePerEvent()).isNull();
    assertThat(none.totalRevenue()).isEqualTo(BigInteger.ZERO);
    assertThat(none.lastUpdated()).isEqualTo(T - 10 * DAY);

    List<MachineEvent> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(ev(i, 0, 100_000, "USD", 2, T - i));
    }
    assertThat(score(true, four).mcr()).isEqualTo("Provisioned");
    four.add(ev(4, 1, 0, "", 2, T));
    McrScore rated = score(true, four);
    assertThat(rated.mcr()).isNotEqualTo("Provisioned");
    assertThat(rated.score()).isPositive();
  }

  @Test
  void fifteenHardwareRevenueEventsOnOneDayScoreEightyTwoGradeA() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      events.add(ev(i, 0, 10_000, "USD", 2, T - 60 * i));
    }
    McrScore s = score(true, events);
    // activity 30 (15 events x 2), revenue 24 (150 000 cents >= 100 000), trust 25, consistency 3
    // (one day)
    assertThat(s.components()).isEqualTo(new McrScore.Components(30, 24, 25, 3));
    assertThat(s.score()).isEqualTo(82);
    assertThat(s.mcr()).isEqualTo("A");
    assertThat(s.totalRevenue()).isEqualTo(BigInteger.valueOf(150_000));
    assertThat(s.averageRevenuePerEvent()).isEqualByComparingTo(new BigDecimal("10000.00"));
    assertThat(s.revenueEventCount()).isEqualTo(15);
    assertThat(s.activityEventCount()).isZero();
    assertThat(s.lastUpdated()).isEqualTo(T);
  }

  @Test
  void selfReportedActivityOnlyScoresBelowFortyFiveAndIsNrWithItsScore() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(ev(i, 1, 0, "", 0, T - i));
    }
    McrScore s = score(true, events);
    // activity 10, revenue 0, trust 25*40/100 = 10, consistency 3
    assertThat(s.score()).isEqualTo(23);
    assertThat(s.mcr()).isEqualTo("NR");
    assertThat(s.activityEventCount()).isEqualTo(5);
  }

  @Test
  void everyGradeBoundary() {
    assertThat(McrModel.grade(100)).isEqualTo("AAA");
    assertThat(McrModel.grade(95)).isEqualTo("AAA");
    assertThat(McrModel.grade(94)).isEqualTo("AA");
    assertThat(McrModel.grade(85)).isEqualTo("AA");
    assertThat(McrModel.grade(84)).isEqualTo("A");
    assertThat(McrModel.grade(75)).isEqualTo("A");
    assertThat(McrModel.grade(74)).isEqualTo("BBB");
    assertThat(McrModel.grade(65)).isEqualTo("BBB");
    assertThat(McrModel.grade(64)).isEqualTo("BB");
    assertThat(McrModel.grade(55)).isEqualTo("BB");
    assertThat(McrModel.grade(54)).isEqualTo("B");
    assertThat(McrModel.grade(45)).isEqualTo("B");
    assertThat(McrModel.grade(44)).isEqualTo("NR");
  }

  @Test
  void aaaNeedsVolumeRevenueHardwareTrustAndFiveActiveDays() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      events.add(ev(i, 0, 100_000, "USD", 2, T - (i % 5) * DAY - i));
    }
    McrScore s = score(true, events);
    assertThat(s.components()).isEqualTo(new McrScore.Components(30, 30, 25, 15));
    assertThat(s.score()).isEqualTo(100);
    assertThat(s.mcr()).isEqualTo("AAA");
  }

  @Test
  void nonUsdRevenueIsCountedAsAnEventButNotAsRevenue() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(ev(i, 0, 1_000_000, "EUR", 2, T - i));
    }
    McrScore s = score(true, events);
    assertThat(s.revenueEventCount()).isEqualTo(5);
    assertThat(s.totalRevenue()).isEqualTo(BigInteger.ZERO);
    assertThat(s.averageRevenuePerEvent()).isNull();
    assertThat(s.components().revenue()).isZero();
    assertThat(s.revenueTrend()).isEqualTo("insufficient");
  }

  @Test
  void eventsOlderThanNinetyDaysCountInTotalsButNotInTheScore() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(ev(i, 0, 100_000, "USD", 2, T - 100 * DAY - i));
    }
    McrScore s = score(true, events);
    assertThat(s.eventCount()).isEqualTo(10);
    assertThat(s.totalRevenue()).isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(s.components()).isEqualTo(new McrScore.Components(0, 0, 0, 0));
    assertThat(s.mcr()).isEqualTo("NR");
  }

  @Test
  void trustIsTheWeightedMeanOfTheWindow() {
    List<MachineEvent> events =
        List.of(
            ev(0, 1, 0, "", 0, T),
            ev(1, 1, 0, "", 1, T),
            ev(2, 1, 0, "", 2, T),
            ev(3, 1, 0, "", 7, T));
    // (40 + 70 + 100 + 40) / 4 = 62.5 % of 25 -> 15 (floor)
    assertThat(McrModel.components(events, T).trust()).isEqualTo(15);
  }

  @Test
  void revenueTrendComparesTheLastFifteenDaysWithTheFifteenBefore() {
    List<MachineEvent> up =
        List.of(ev(0, 0, 1000, "USD", 0, T - 20 * DAY), ev(1, 0, 1200, "USD", 0, T - DAY));
    List<MachineEvent> stable =
        List.of(ev(0, 0, 1000, "USD", 0, T - 20 * DAY), ev(1, 0, 1100, "USD", 0, T - DAY));
    List<MachineEvent> down =
        List.of(ev(0, 0, 1000, "USD", 0, T - 20 * DAY), ev(1, 0, 899, "USD", 0, T - DAY));
    List<MachineEvent> old =
        List.of(ev(0, 0, 1000, "USD", 0, T - 40 * DAY), ev(1, 0, 899, "USD", 0, T - DAY));
    assertThat(McrModel.trend(up, T)).isEqualTo("up");
    assertThat(McrModel.trend(stable, T)).isEqualTo("stable");
    assertThat(McrModel.trend(down, T)).isEqualTo("down");
    assertThat(McrModel.trend(old, T)).isEqualTo("insufficient");
  }

  @Test
  void revenueTiers() {
    assertThat(McrModel.revenuePoints(BigInteger.ZERO)).isZero();
    assertThat(McrModel.revenuePoints(BigInteger.ONE)).isEqualTo(6);
    assertThat(McrModel.revenuePoints(BigInteger.valueOf(999))).isEqualTo(6);
    assertThat(McrModel.revenuePoints(BigInteger.valueOf(1_000))).isEqualTo(12);
    assertThat(McrModel.revenuePoints(BigInteger.valueOf(10_000))).isEqualTo(18);
    assertThat(McrModel.revenuePoints(BigInteger.valueOf(100_000))).isEqualTo(24);
    assertThat(McrModel.revenuePoints(BigInteger.valueOf(1_000_000))).isEqualTo(30);
    assertThat(McrModel.revenuePoints(BigInteger.TEN.pow(70))).isEqualTo(30);
  }

  @Test
  void sameFactsAndClockGiveTheSameScore() {
    List<MachineEvent> events = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      events.add(ev(i, i % 2, 3_333, "USD", i % 3, T - i * 3 * DAY));
    }
    List<MachineEvent> reversed = new ArrayList<>(events);
    java.util.Collections.reverse(reversed);
    assertThat(score(true, events)).isEqualTo(score(true, reversed));
  }
}
