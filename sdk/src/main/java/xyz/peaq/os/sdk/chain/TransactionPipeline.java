package xyz.peaq.os.sdk.chain;

import java.time.Duration;
import java.util.Objects;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException.Reason;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * The one transaction lifecycle of peaqOS: sign → observers (write-ahead journal) → broadcast →
 * sign again on a stale nonce or an underpriced fee → await the receipt; and the rebroadcast of a
 * known raw transaction after a crash. SDK operations, the CLI's journalled {@code activate} and
 * the Gas Station's exactly-once transfers all run through it; they plug in with a {@link
 * TransactionObserver} (and, for fault injection, their own {@link Steps}).
 *
 * <p>Limits come from one {@link RetryPolicy}: at most {@link RetryPolicy#maxSignatures()}
 * signatures per operation. Node refusals are classified once, by the chain layer, into {@link
 * BroadcastRejectedException.Reason}s.
 */
public final class TransactionPipeline {
  /** The pluggable steps of one operation. */
  public interface Steps {
    /**
     * Signs the operation's transaction (a fresh nonce and fresh fees on every call); sends
     * nothing.
     */
    SignedTransaction sign();

    /** One broadcast; see {@link Signer#broadcast}. */
    void broadcast(SignedTransaction tx);

    /** Gives back the nonce of a signature that will never be broadcast. */
    void abandon(SignedTransaction tx);

    /** Waits for the receipt of a broadcast transaction. */
    TxReceipt await(SignedTransaction tx, Duration timeout);
  }

  private final RetryPolicy policy;

  private TransactionPipeline(RetryPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A pipeline with these limits. */
  public static TransactionPipeline of(RetryPolicy policy) {
    return new TransactionPipeline(policy);
  }

  /** A pipeline with {@link RetryPolicy#defaults()}. */
  public static TransactionPipeline defaults() {
    return of(RetryPolicy.defaults());
  }

  /** The steps of sending {@code request} with {@code signer}; a mined revert is decoded. */
  public static Steps steps(Signer signer, TxRequest request) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(request, "request");
    return new Steps() {
      @Override
      public SignedTransaction sign() {
        return signer.sign(request);
      }

      @Override
      public void broadcast(SignedTransaction tx) {
        signer.broadcast(tx);
      }

      @Override
      public void abandon(SignedTransaction tx) {
        signer.abandon(tx);
      }

      @Override
      public TxReceipt await(SignedTransaction tx, Duration timeout) {
        return signer.awaitSuccess(tx, timeout);
      }
    };
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Signs, lets the observer see the signature, broadcasts; a refusal for a used nonce or a low fee
   * leads to a new signature, up to the policy's limit. Nothing is sent before the observer
   * returned.
   *
   * @return what was sent
   * @throws BroadcastRejectedException the last refusal (its {@code txHash} is the last
   *     signature's)
   * @throws RuntimeException whatever the observer or a step throws; a signature whose observer
   *     threw is abandoned (its nonce given back) and was never sent
   */
  public SignedTransaction submit(String operation, Steps steps, TransactionObserver observer) {
    for (int signature = 1; ; signature++) {
      SignedTransaction tx = steps.sign();
      try {
        observer.beforeBroadcast(operation, tx);
      } catch (RuntimeException e) {
        steps.abandon(tx);
        throw e;
      }
      try {
        steps.broadcast(tx);
        return tx;
      } catch (BroadcastRejectedException e) {
        boolean again = e.reason() == Reason.NONCE_TOO_LOW || e.reason() == Reason.UNDERPRICED;
        if (!again || signature >= policy.maxSignatures()) {
          throw e;
        }
        observer.onRefused(operation, tx, e);
      }
    }
  }

  /**
   * What {@link #submitAll} did with one operation: the transaction sent, or why it was not.
   *
   * @param sent the last signature broadcast (null when {@code error} is set)
   * @param error the refusal or failure of this operation alone (null when sent)
   */
  public record Submitted(SignedTransaction sent, RuntimeException error) {}

  /**
   * Pipelining: signs every operation (consecutive nonces for one signer), lets the observer see
   * all signatures at once ({@link TransactionObserver#beforeBroadcastAll}, one journal flush),
   * then broadcasts them side by side on {@code broadcaster}, so that many transactions of one
   * signer are in flight at once; their receipts can then be awaited together. An operation refused
   * for a used nonce or a low fee goes through {@link #submit} again on its own; any other refusal
   * is reported for that operation only.
   *
   * @return one {@link Submitted} per operation, in order
   * @throws RuntimeException whatever signing or the observer throws; then nothing was sent and
   *     every nonce taken is given back
   */
  public java.util.List<Submitted> submitAll(
      String operation,
      java.util.List<Steps> operations,
      TransactionObserver observer,
      java.util.concurrent.ExecutorService broadcaster) {
    java.util.List<SignedTransaction> signed = new java.util.ArrayList<>();
    try {
      for (Steps s : operations) {
        signed.add(s.sign());
      }
      observer.beforeBroadcastAll(operation, java.util.Collections.unmodifiableList(signed));
    } catch (RuntimeException e) {
      for (int i = signed.size() - 1; i >= 0; i--) {
        operations.get(i).abandon(signed.get(i));
      }
      throw e;
    }
    java.util.List<java.util.concurrent.Future<Submitted>> pending = new java.util.ArrayList<>();
    for (int i = 0; i < signed.size(); i++) {
      Steps steps = operations.get(i);
      SignedTransaction tx = signed.get(i);
      pending.add(
          broadcaster.submit(
              () -> {
                try {
                  steps.broadcast(tx);
                  return new Submitted(tx, null);
                } catch (BroadcastRejectedException e) {
                  if (e.reason() != Reason.NONCE_TOO_LOW && e.reason() != Reason.UNDERPRICED) {
                    return new Submitted(null, e);
                  }
                  observer.onRefused(operation, tx, e);
                  try {
                    return new Submitted(submit(operation, steps, observer), null);
                  } catch (RuntimeException again) {
                    return new Submitted(null, again);
                  }
                } catch (RuntimeException e) {
                  return new Submitted(null, e);
                }
              }));
    }
    java.util.List<Submitted> out = new java.util.ArrayList<>();
    for (java.util.concurrent.Future<Submitted> f : pending) {
      try {
        out.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        out.add(
            new Submitted(
                null,
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while broadcasting", e);
      }
    }
    return out;
  }

  /**
   * {@link #submit}, then the receipt: the observer sees it after it arrived.
   *
   * @throws ReceiptTimeoutException when none arrived in time (the transaction may still be mined)
   */
  public TxReceipt send(
      String operation, Steps steps, TransactionObserver observer, Duration timeout) {
    SignedTransaction tx = submit(operation, steps, observer);
    TxReceipt receipt = steps.await(tx, timeout);
    observer.afterReceipt(operation, receipt);
    return receipt;
  }

  /**
   * Sends a transaction signed earlier (its raw hex kept in a journal), e.g. to reconcile after a
   * crash. A node that already has it, or has mined it, counts as success; nonces are not touched.
   *
   * @return the transaction hash, computed locally
   * @throws BroadcastRejectedException when the node refuses it (e.g. its nonce went to another
   *     transaction)
   */
  public static String rebroadcast(ChainReads chain, String rawHex) {
    return ChainClient.of(chain).rebroadcast(rawHex);
  }
}
