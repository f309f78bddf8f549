package xyz.peaq.os.sdk.chain;

import java.time.Duration;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * No receipt arrived in time. The transaction may still be mined later: keep its hash and look it
 * up with {@code ChainReads.receipt} or {@code ChainReads.transaction} before sending anything
 * again.
 */
public final class ReceiptTimeoutException extends PeaqosException {
  private final String txHash;

  public ReceiptTimeoutException(String txHash, Duration waited) {
    super(
        "No receipt for "
            + txHash
            + " after "
            + waited.toMillis()
            + " ms; it may still be mined, look it up by hash before resending");
    this.txHash = txHash;
  }

  public String txHash() {
    return txHash;
  }
}
