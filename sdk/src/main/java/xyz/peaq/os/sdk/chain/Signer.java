package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.time.Duration;
import xyz.peaq.os.sdk.errors.ContractRevertException;

/**
 * One key's transaction steps on one {@link ChainReads} connection: sign (nonce allocated, nothing
 * sent), broadcast, give a nonce back, replace with higher fees. The pieces {@link
 * TransactionPipeline} runs; services that keep their own write-ahead record (the Gas Station) use
 * them through the pipeline too. {@code toString()} shows the address only.
 */
public interface Signer {
  /** The signer's checksummed address. */
  String address();

  /** The connection this signer sends on. */
  ChainReads chain();

  /**
   * Estimates gas (× the gas policy's margin), takes fees from the node, allocates the next nonce
   * and signs. Sends nothing.
   *
   * @throws ContractRevertException when the estimate shows the transaction would revert (no nonce
   *     is used)
   */
  SignedTransaction sign(TxRequest request);

  /**
   * {@link #sign(TxRequest)} with a nonce the caller allocated, for several processes sharing one
   * key that allocate nonces in a shared database (the Gas Station's instances). This signer's own
   * nonce counter is neither used nor moved.
   *
   * @throws ContractRevertException when the estimate shows the transaction would revert
   */
  SignedTransaction sign(TxRequest request, BigInteger nonce);

  /**
   * One {@code eth_sendRawTransaction}; returns the hash. A node that already has the transaction
   * counts as success.
   *
   * @throws BroadcastRejectedException when the node refused it; {@link
   *     BroadcastRejectedException#reason()} says whether signing again can help
   * @throws xyz.peaq.os.sdk.errors.RpcException when the node could not be reached (it may or may
   *     not have it)
   */
  String broadcast(SignedTransaction tx);

  /** Gives back the nonce of a transaction that will never be broadcast. */
  void abandon(SignedTransaction tx);

  /**
   * Awaits the receipt; a mined revert is replayed to decode it.
   *
   * @throws ContractRevertException when it reverted, with its hash
   * @throws ReceiptTimeoutException when no receipt arrived in time
   */
  TxReceipt awaitSuccess(SignedTransaction tx, Duration timeout);

  /**
   * Signs {@code old} again with the same nonce, recipient, value, data and gas limit, fees raised
   * above both its own (by at least 12.5 %, what nodes require of a replacement) and the node's
   * current ones. Either transaction can be mined, never both.
   */
  SignedTransaction replaceWithHigherFees(SignedTransaction old);
}
