package xyz.peaq.os.mcr;

import java.math.BigInteger;

/** A registered machine as indexed. Addresses lowercase; {@code operator} null when self-managed. */
record MachineRecord(BigInteger machineId, String wallet, String operator, String uri, long registeredBlock,
    long registeredTime, long updatedTime) {}
