package xyz.peaq.os.sdk.chain;

import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * The node refused a signed transaction at {@code eth_sendRawTransaction}. Nothing was mined for
 * this hash; {@link #reason()} says whether signing again can help.
 */
public final class BroadcastRejectedException extends PeaqosException {
  /** Why the node refused. */
  public enum Reason {
    /**
     * The nonce was used already (another sender or a lost race); sign again with a fresh nonce.
     */
    NONCE_TOO_LOW,
    /** The signer cannot pay value + gas × fee cap. */
    INSUFFICIENT_FUNDS,
    /**
     * The fee cap is under the base fee or a replacement is too cheap; sign again with fresh fees.
     */
    UNDERPRICED,
    /** Any other refusal; the node's text is in the message. */
    REJECTED
  }

  private final Reason reason;
  private final String txHash;

  public BroadcastRejectedException(Reason reason, String txHash, String message) {
    super(message);
    this.reason = reason;
    this.txHash = txHash;
  }

  public Reason reason() {
    return reason;
  }

  public String txHash() {
    return txHash;
  }
}
