package xyz.peaq.os.mcr;

import java.math.BigInteger;

/**
 * A registered machine as indexed. Addresses lowercase; {@code operator} null when self-managed;
 * {@code deactivated} while its last MachineDeactivated is not followed by a MachineReactivated;
 * {@code statusTime} the block time of the latest of the two (0 when none).
 */
record MachineRecord(
    BigInteger machineId,
    String wallet,
    String operator,
    String uri,
    long registeredBlock,
    long registeredTime,
    long updatedTime,
    boolean deactivated,
    long statusTime) {}
