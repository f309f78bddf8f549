package xyz.peaq.os.mcr;

import java.math.BigInteger;

/**
 * One EventRegistry event of a machine as indexed: the on-chain struct plus the block it was mined
 * in. {@code blockTime} (unix seconds) is the time the scoring model uses; {@code claimedTime} is
 * the submitter's own timestamp, reported but not trusted. {@code metadata} is 0x-hex.
 */
record MachineEvent(
    BigInteger machineId,
    long eventIndex,
    int eventType,
    BigInteger value,
    String currency,
    long claimedTime,
    int trustLevel,
    BigInteger sourceChainId,
    String dataHash,
    String sourceTxHash,
    String metadata,
    long blockNumber,
    long blockTime,
    String txHash) {

  static final int REVENUE = 0;
  static final int ACTIVITY = 1;
}
