package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * A completed activation: the amounts come from the receipt's events (the contract settles the
 * voucher at execution time), the state from a re-read after the receipt. {@code
 * approvalTransactionHash} is null when no approval was sent.
 */
public record ActivationResult(
    long chainId,
    BigInteger machineId,
    String owner,
    String controller,
    Tier tier,
    BigInteger bondAmount,
    BigInteger voucherCreditApplied,
    BigInteger netPeaqAmount,
    String transactionHash,
    String approvalTransactionHash,
    Subscription subscription,
    boolean homedLocally) {}
