package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage rules every database backend must keep; subclasses supply a fresh store. */
abstract class StoreContract {
  static final String W1 = "0x" + "1".repeat(40);
  static final String W2 = "0x" + "2".repeat(40);
  static final String OP = "0x" + "a".repeat(40);

  abstract Store newStore();

  static MachineEvent event(
      long machine, long index, int type, long value, String currency, long block) {
    return new MachineEvent(
        BigInteger.valueOf(machine),
        index,
        type,
        BigInteger.valueOf(value),
        currency,
        1000 + index,
        2,
        BigInteger.valueOf(3338),
        "0x" + "ab".repeat(32),
        "0x" + "cd".repeat(32),
        "0x7b7d",
        block,
        5000 + block,
        "0x" + "ee".repeat(32));
  }

  @Test
  void factsAndCursorCommitTogether() {
    try (Store s = newStore()) {
      assertThat(s.cursor()).isEmpty();
      s.apply(
          10,
          List.of(
              new IndexedFact.Registration(BigInteger.ONE, W1, null, "uri://1", 5, 500),
              new IndexedFact.Stake(BigInteger.ONE, BigInteger.TEN.pow(18), 5, 1, 500),
              new IndexedFact.Registration(BigInteger.TWO, W2, OP, null, 6, 600),
              new IndexedFact.NftMinted(BigInteger.valueOf(7), BigInteger.TWO, W2, 7),
              new IndexedFact.NftTransfer(BigInteger.valueOf(7), OP),
              new IndexedFact.Event(event(1, 0, 0, 1500, "USD", 8)),
              new IndexedFact.Event(event(1, 1, 1, 0, "", 9)),
              new IndexedFact.AttributeSet(W1, "data_visibility", "onchain", 9),
              new IndexedFact.AttributeSet(OP, "machines", "[2, 1]", 9)));
      assertThat(s.cursor()).contains(10L);
      MachineRecord m1 = s.machineByWallet(W1.toUpperCase().replace("0X", "0x")).orElseThrow();
      assertThat(m1.machineId()).isEqualTo(BigInteger.ONE);
      assertThat(m1.uri()).isEqualTo("uri://1");
      assertThat(s.bonded(BigInteger.ONE)).isTrue();
      assertThat(s.bonded(BigInteger.TWO)).isFalse();
      assertThat(s.machinesOfOperator(OP))
          .extracting(MachineRecord::machineId)
          .containsExactly(BigInteger.TWO);
      assertThat(s.tokenOfMachine(BigInteger.TWO)).contains(BigInteger.valueOf(7));
      assertThat(s.machineOfToken(BigInteger.valueOf(7))).contains(BigInteger.TWO);
      assertThat(s.events(BigInteger.ONE))
          .hasSize(2)
          .first()
          .isEqualTo(event(1, 0, 0, 1500, "USD", 8));
      assertThat(s.attributes(W1)).containsEntry("data_visibility", "onchain");
      assertThat(s.machinesByIds(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(99))))
          .extracting(MachineRecord::machineId)
          .containsExactlyInAnyOrder(BigInteger.ONE, BigInteger.TWO);
    }
  }

  @Test
  void aFailingBatchLeavesNeitherItsFactsNorTheCursor() {
    try (Store s = newStore()) {
      s.apply(3, List.of(new IndexedFact.Registration(BigInteger.ONE, W1, null, null, 2, 200)));
      List<IndexedFact> broken =
          List.of(
              new IndexedFact.Event(event(1, 0, 0, 100, "USD", 4)),
              new IndexedFact.Registration(null, W2, null, null, 4, 400));
      assertThatThrownBy(() -> s.apply(4, broken)).isInstanceOf(RuntimeException.class);
      assertThat(s.cursor()).contains(3L);
      assertThat(s.events(BigInteger.ONE)).isEmpty();
    }
  }

  @Test
  void replayingABatchCountsNothingTwice() {
    try (Store s = newStore()) {
      List<IndexedFact> batch =
          List.of(
              new IndexedFact.Registration(BigInteger.ONE, W1, null, null, 2, 200),
              new IndexedFact.Stake(BigInteger.ONE, BigInteger.ONE, 2, 0, 200),
              new IndexedFact.Event(event(1, 0, 0, 100, "USD", 2)));
      s.apply(2, batch);
      s.apply(2, batch);
      assertThat(s.events(BigInteger.ONE)).hasSize(1);
    }
  }

  @Test
  void operatorChangesAndAttributeRemovalApply() {
    try (Store s = newStore()) {
      s.apply(
          1,
          List.of(
              new IndexedFact.OperatorChange(BigInteger.valueOf(3), OP, 1, 100),
              new IndexedFact.Registration(BigInteger.valueOf(3), W1, null, null, 1, 100),
              new IndexedFact.AttributeSet(W1, "data_api", "http://x", 1)));
      assertThat(s.machineById(BigInteger.valueOf(3)).orElseThrow().operator()).isEqualTo(OP);
      s.apply(
          2,
          List.of(
              new IndexedFact.OperatorChange(BigInteger.valueOf(3), null, 2, 200),
              new IndexedFact.AttributeRemoved(W1, "data_api")));
      assertThat(s.machineById(BigInteger.valueOf(3)).orElseThrow().operator()).isNull();
      assertThat(s.attributes(W1)).isEmpty();
    }
  }

  @Test
  void uint256IdsAndAmountsSurviveLosslessly() {
    BigInteger huge = BigInteger.ONE.shiftLeft(255).add(BigInteger.valueOf(12345));
    try (Store s = newStore()) {
      s.apply(
          1,
          List.of(
              new IndexedFact.Registration(huge, W1, null, null, 1, 1),
              new IndexedFact.Stake(huge, huge, 1, 0, 1)));
      assertThat(s.machineByWallet(W1).orElseThrow().machineId()).isEqualTo(huge);
      assertThat(s.bonded(huge)).isTrue();
    }
  }

  @Test
  void deactivationAndReactivationSetTheMachineStateAndSurviveReplay() {
    try (Store s = newStore()) {
      s.apply(1, List.of(new IndexedFact.Registration(BigInteger.ONE, W1, null, null, 1, 100)));
      MachineRecord fresh = s.machineById(BigInteger.ONE).orElseThrow();
      assertThat(fresh.deactivated()).isFalse();
      assertThat(fresh.statusTime()).isZero();
      List<IndexedFact> off =
          List.of(new IndexedFact.ActivationChange(BigInteger.ONE, W1, true, 2, 200));
      s.apply(2, off);
      s.apply(2, off);
      MachineRecord m = s.machineByWallet(W1).orElseThrow();
      assertThat(m.deactivated()).isTrue();
      assertThat(m.statusTime()).isEqualTo(200);
      assertThat(m.wallet()).isEqualTo(W1);
      // Deactivated then reactivated in one batch: the later fact wins, also on replay.
      List<IndexedFact> cycle =
          List.of(
              new IndexedFact.ActivationChange(BigInteger.ONE, W1, false, 3, 300),
              new IndexedFact.ActivationChange(BigInteger.ONE, W1, true, 3, 300),
              new IndexedFact.ActivationChange(BigInteger.ONE, W1, false, 4, 400));
      s.apply(4, cycle);
      s.apply(4, cycle);
      MachineRecord back = s.machineById(BigInteger.ONE).orElseThrow();
      assertThat(back.deactivated()).isFalse();
      assertThat(back.statusTime()).isEqualTo(400);
      assertThat(s.cursor()).contains(4L);
      // Other machines keep their state.
      s.apply(
          5,
          List.of(
              new IndexedFact.Registration(BigInteger.TWO, W2, null, null, 5, 500),
              new IndexedFact.ActivationChange(BigInteger.TWO, W2, true, 5, 500)));
      assertThat(s.machineById(BigInteger.ONE).orElseThrow().deactivated()).isFalse();
      assertThat(s.machineById(BigInteger.TWO).orElseThrow().deactivated()).isTrue();
    }
  }
}
