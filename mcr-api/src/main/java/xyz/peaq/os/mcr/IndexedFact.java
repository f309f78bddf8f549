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
}
