package xyz.peaq.os.mcr;

import java.math.BigInteger;

/**
 * An Economics 2.0 machine as indexed: MachineRegistry token {@code machineId}, its owner and
 * controller (lowercase; controller null when unset), machine type, the operator that onboarded it,
 * and its subscription (period bounds in unix seconds, 0 before activation; the bond in wei).
 */
record MachineV2(
    BigInteger machineId,
    String owner,
    String controller,
    String machineType,
    String operator,
    long mintedBlock,
    long mintedTime,
    long updatedTime,
    int tier,
    long periodStart,
    long periodEnd,
    BigInteger bondedAmount,
    boolean suspended) {}
