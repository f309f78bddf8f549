package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;

/**
 * What the node knows of a transaction ({@code eth_getTransactionByHash}); {@code blockNumber} is
 * null while it waits in the pool. Used to reconcile after a crash: known but unmined means "still
 * pending", unknown means "dropped or never sent".
 */
public record TransactionInfo(
    String hash,
    String from,
    String to,
    BigInteger nonce,
    BigInteger value,
    BigInteger blockNumber) {
  public boolean pending() {
    return blockNumber == null;
  }
}
