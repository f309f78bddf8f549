package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * A transaction was broadcast but its outcome is unknown (no receipt in time): it may still be
 * mined. Carries the phase ({@code approval}, {@code activation}, ...), hash and nonce so a caller
 * can reconcile it. The SDK never retries it: sending again could pay twice.
 */
public final class PendingTransactionException extends Econ2Exception {
  private final String phase;
  private final String transactionHash;
  private final BigInteger nonce;

  public PendingTransactionException(
      String phase, String transactionHash, BigInteger nonce, Throwable cause) {
    super(
        "PENDING_TRANSACTION",
        "the "
            + phase
            + " transaction "
            + transactionHash
            + " (nonce "
            + nonce
            + ") has no receipt yet; it may still be mined. Reconcile it, do not send another",
        cause);
    this.phase = phase;
    this.transactionHash = transactionHash;
    this.nonce = nonce;
  }

  public String phase() {
    return phase;
  }

  public String transactionHash() {
    return transactionHash;
  }

  public BigInteger nonce() {
    return nonce;
  }
}
