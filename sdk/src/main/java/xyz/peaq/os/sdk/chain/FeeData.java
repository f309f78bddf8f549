package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;

/**
 * EIP-1559 fees in wei per gas: the latest base fee, the priority fee the node suggests, and the
 * cap a transaction offers ({@code 2 × baseFee + priority}, which survives several full blocks).
 */
public record FeeData(
    BigInteger baseFeePerGas, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {}
