package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.time.Instant;

/** Header fields of a block. {@code baseFeePerGas} is null on chains without EIP-1559. */
public record BlockInfo(
    BigInteger number,
    String hash,
    String parentHash,
    Instant timestamp,
    BigInteger baseFeePerGas,
    BigInteger gasLimit) {}
