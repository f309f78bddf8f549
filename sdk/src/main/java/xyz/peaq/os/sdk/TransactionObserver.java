package xyz.peaq.os.sdk;

import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;

/**
 * Sees every transaction a {@link PeaqosClient} (or any user of the {@link
 * xyz.peaq.os.sdk.chain.TransactionPipeline}) sends, for journals and progress output. {@link
 * #beforeBroadcast} runs after signing and before anything leaves the process, so a write-ahead
 * journal can record the hash durably and a re-run can look the transaction up instead of repeating
 * it. If it throws, the transaction is not sent (its nonce is given back) and the exception
 * propagates.
 */
public interface TransactionObserver {
  /**
   * @param operation what is sent: {@code register}, {@code registerFor}, {@code mintNft}, {@code
   *     writeDidAttributes} or {@code submitEvent}
   */
  default void beforeBroadcast(String operation, SignedTransaction tx) {}

  /**
   * Many signatures about to be broadcast together ({@link
   * xyz.peaq.os.sdk.chain.TransactionPipeline#submitAll}): a journal can record them all with one
   * flush. By default each is passed to {@link #beforeBroadcast}. If it throws, none is sent.
   */
  default void beforeBroadcastAll(String operation, java.util.List<SignedTransaction> txs) {
    for (SignedTransaction tx : txs) {
      beforeBroadcast(operation, tx);
    }
  }

  /**
   * The node refused {@code tx} (a used nonce or a low fee) and the pipeline signs again: {@code
   * tx} was never accepted and can never be mined under this signature.
   */
  default void onRefused(
      String operation, SignedTransaction tx, BroadcastRejectedException refusal) {}

  /** The receipt of a successful transaction (reverts throw instead). */
  default void afterReceipt(String operation, TxReceipt receipt) {}

  /** Observes nothing. */
  TransactionObserver NONE = new TransactionObserver() {};
}
