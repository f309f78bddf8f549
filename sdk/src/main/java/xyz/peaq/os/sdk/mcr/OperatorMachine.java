package xyz.peaq.os.sdk.mcr;

import java.math.BigInteger;

/** One machine of an operator's fleet with its full-history rating. */
public record OperatorMachine(
    String did, BigInteger machineId, int mcrScore, String mcr, boolean negativeFlag) {}
