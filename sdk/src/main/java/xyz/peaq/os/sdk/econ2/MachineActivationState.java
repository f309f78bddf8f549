package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/** A machine's owner, DID controller, subscription and whether it is homed on this chain. */
public record MachineActivationState(
    BigInteger machineId,
    String owner,
    String controller,
    Subscription subscription,
    boolean homedLocally,
    boolean suspended) {}
