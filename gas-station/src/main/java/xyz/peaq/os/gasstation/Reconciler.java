package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.peaq.os.gasstation.Store.RequestRow;
import xyz.peaq.os.gasstation.Store.State;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * Brings requests left in flight (by a crash, a lost node answer or a receipt timeout) to an end,
 * at start-up before the port opens and then periodically:
 * <ul>
 *   <li>SIGNED with a receipt → DONE (or FAILED when it reverted);</li>
 *   <li>SIGNED without a receipt, its nonce still free → the recorded bytes are broadcast again
 *       (same hash, so never a second transfer);</li>
 *   <li>SIGNED without a receipt, its nonce used by another transaction → FAILED: it can never be
 *       mined, and a retry with the same {@code requestId} starts a new attempt;</li>
 *   <li>CLAIMED for longer than the claim lease (never signed) → FAILED.</li>
 * </ul>
 * Every change is a compare-and-set on the recorded hash, so a live request handler or another
 * instance working on the same row cannot be overruled.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final GasStationConfig cfg;
  private final Store store;
  private final FaucetChain chain;
  private final Funding funding;

  Reconciler(GasStationConfig cfg, Store store, FaucetChain chain, Funding funding) {
    this.cfg = cfg;
    this.store = store;
    this.chain = chain;
    this.funding = funding;
  }

  /**
   * One pass. {@code startup}: every in-flight row, waiting for receipts of rebroadcasts;
   * otherwise only rows older than the live path's receipt wait, without waiting.
   *
   * @return how many rows reached an end
   */
  int run(boolean startup) {
    long now = cfg.clock.millis();
    long minAge = startup ? 0 : cfg.receiptTimeout.toMillis() + 5_000;
    int settled = 0;
    for (RequestRow r : store.requestsIn(State.SIGNED)) {
      if (now - r.updatedAt() < minAge) {
        continue;
      }
      try {
        settled += reconcileSigned(r, startup) ? 1 : 0;
      } catch (PeaqosException e) {
        LOG.warn("reconcile {}: {} still open: {}", r.requestId(), r.txHash(), e.getMessage());
      }
    }
    for (RequestRow r : store.requestsIn(State.CLAIMED)) {
      if (now - r.updatedAt() >= cfg.claimLease.toMillis()) {
        if (store.markFailed(r.requestId(), null, ErrorCode.TRANSFER_FAILED,
            "interrupted before the transfer was signed", now)) {
          LOG.info("reconcile {}: claimed but never signed; marked failed", r.requestId());
          settled++;
        }
      }
    }
    return settled;
  }

  private boolean reconcileSigned(RequestRow r, boolean wait) {
    BigInteger amount = new BigInteger(r.amountWei());
    Optional<TxReceipt> receipt = chain.receipt(r.txHash());
    if (receipt.isPresent()) {
      return settle(r, amount, receipt.get());
    }
    BigInteger mined = chain.minedNonce(chain.faucetAddress());
    if (r.txNonce() != null && mined.compareTo(BigInteger.valueOf(r.txNonce())) > 0) {
      // The nonce is spent. Ours may have been mined between the two reads: look once more.
      receipt = chain.receipt(r.txHash());
      if (receipt.isPresent()) {
        return settle(r, amount, receipt.get());
      }
      boolean failed = store.markFailed(r.requestId(), r.txHash(), ErrorCode.TRANSFER_FAILED,
          "nonce " + r.txNonce() + " was used by another transaction", cfg.clock.millis());
      LOG.warn("reconcile {}: {} can never be mined (nonce used); marked failed", r.requestId(), r.txHash());
      return failed;
    }
    SignedTransaction tx = chain.decode(r.rawTx());
    try {
      chain.broadcast(tx);
      LOG.info("reconcile {}: rebroadcast {} (nonce {})", r.requestId(), r.txHash(), r.txNonce());
    } catch (BroadcastRejectedException e) {
      if (e.reason() == BroadcastRejectedException.Reason.NONCE_TOO_LOW) {
        return false; // the next pass sees the nonce spent and decides
      }
      ErrorCode code = e.reason() == BroadcastRejectedException.Reason.INSUFFICIENT_FUNDS
          ? ErrorCode.FAUCET_EMPTY : ErrorCode.TRANSFER_FAILED;
      return store.markFailed(r.requestId(), r.txHash(), code, e.getMessage(), cfg.clock.millis());
    }
    if (!wait) {
      return false;
    }
    try {
      return settle(r, amount, chain.awaitReceipt(r.txHash(), cfg.receiptTimeout));
    } catch (ReceiptTimeoutException e) {
      return false;
    }
  }

  private boolean settle(RequestRow r, BigInteger amount, TxReceipt receipt) {
    try {
      funding.settle(r.requestId(), r.txHash(), amount, receipt);
    } catch (GasStationException e) {
      // a revert: recorded as FAILED by settle
    }
    return true;
  }

  static Duration initialDelay(GasStationConfig cfg) {
    return cfg.reconcileInterval;
  }
}
