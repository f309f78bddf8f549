package xyz.peaq.os.mcr;

import java.math.BigInteger;

/** What one decoded log contributes to the index. Addresses lowercase. */
sealed interface IndexedFact {

  /**
   * Registered / MachineRegistered: the machine exists, with its wallet (and operator if known).
   */
  record Registration(
      BigInteger machineId, String wallet, String operator, String uri, long block, long time)
      implements IndexedFact {}

  /** OperatorSet: {@code operator} null when cleared (zero address). */
  record OperatorChange(BigInteger machineId, String operator, long block, long time)
      implements IndexedFact {}

  /**
   * MachineDeactivated ({@code deactivated} true) / MachineReactivated (false); {@code wallet} is
   * the event's indexed owner, the machine wallet.
   */
  record ActivationChange(
      BigInteger machineId, String wallet, boolean deactivated, long block, long time)
      implements IndexedFact {}

  record Stake(BigInteger machineId, BigInteger amount, long block, int logIndex, long time)
      implements IndexedFact {}

  record NftMinted(BigInteger tokenId, BigInteger machineId, String recipient, long block)
      implements IndexedFact {}

  record NftTransfer(BigInteger tokenId, String to) implements IndexedFact {}

  record Event(MachineEvent event) implements IndexedFact {}

  record AttributeSet(String account, String name, String value, long block)
      implements IndexedFact {}

  record AttributeRemoved(String account, String name) implements IndexedFact {}

  // ---- Economics 2.0 ----

  /** MachineRegistry MachineMinted: the 2.0 machine exists (owner {@code to}). */
  record V2Minted(
      BigInteger machineId,
      String owner,
      String controller,
      String machineType,
      long block,
      long time)
      implements IndexedFact {}

  /** MachineRegistry Transfer: a new owner. */
  record V2Owner(BigInteger machineId, String owner, long time) implements IndexedFact {}

  /** MachineRegistry ControllerUpdated. */
  record V2Controller(BigInteger machineId, String controller, long time) implements IndexedFact {}

  /** A DID document setter of MachineRegistry (verification methods, authentication, endpoints). */
  record V2DocumentChanged(BigInteger machineId, long time) implements IndexedFact {}

  /** MachineStateAndSync MachineOnboarded. */
  record V2Onboarded(BigInteger machineId, String operator, long time) implements IndexedFact {}

  /** MachineStateAndSync OperatorPausedSet: suspend / resume. */
  record V2Suspended(BigInteger machineId, boolean suspended, long time) implements IndexedFact {}

  /** MachineSubscription Activated / Renewed: the period end and the bond added. */
  record V2Subscription(
      BigInteger machineId,
      int tier,
      BigInteger bondAdded,
      long periodStart,
      long periodEnd,
      long time)
      implements IndexedFact {}

  /** InfoDesk GraceDurationSet / RunoffDurationSet. */
  record V2Param(String name, long value) implements IndexedFact {}

  /** EventSubmitted of the 2.0 EventRegistry. */
  record V2Event(MachineEvent event) implements IndexedFact {}
}
