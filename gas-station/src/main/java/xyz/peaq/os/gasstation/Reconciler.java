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
 *
 * <ul>
 *   <li>SIGNED with a receipt → DONE (or FAILED when it reverted);
 *   <li>SIGNED without a receipt, its nonce still free → the recorded bytes are broadcast again
 *       (same hash, so never a second transfer);
 *   <li>SIGNED without a receipt, its nonce used by another transaction → FAILED: it can never be
 *       mined, and a retry with the same {@code requestId} starts a new attempt;
 *   <li>CLAIMED for longer than the claim lease (never signed) → FAILED;
 *   <li>transfers waiting above a faucet nonce that no in-flight request holds → that nonce is
 *       replaced by a zero-value transfer to the faucet itself ({@link FaucetNonces#fillGap}).
 * </ul>
 *
 * Every change is a compare-and-set on the recorded hash, so a live request handler or another
 * instance working on the same row cannot be overruled.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final GasStationConfig cfg;
  private final Store store;
  private final FaucetChain chain;
  private final Funding funding;
  private final FaucetNonces nonces;

  Reconciler(
      GasStationConfig cfg, Store store, FaucetChain chain, Funding funding, FaucetNonces nonces) {
    this.nonces = nonces;
    this.cfg = cfg;
    this.store = store;
    this.chain = chain;
    this.funding = funding;
  }

  /**
   * One pass. {@code startup}: every in-flight row, waiting for receipts of rebroadcasts; otherwise
   * only rows older than the live path's receipt wait, without waiting.
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
        if (store.markFailed(
            r.requestId(),
            null,
            ErrorCode.TRANSFER_FAILED,
            "interrupted before the transfer was signed",
            now)) {
          LOG.info("reconcile {}: claimed but never signed; marked failed", r.requestId());
          settled++;
        }
      }
    }
    try {
      nonces.fillGap(cfg.receiptTimeout);
    } catch (PeaqosException e) {
      LOG.warn("reconcile: a stuck faucet nonce could not be replaced yet: {}", e.getMessage());
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
      // The nonce is spent. Ours, or an earlier same-nonce version of it, may be what spent it
      // (mined between the reads, or a replacement's predecessor): look before giving up.
      receipt = chain.receipt(r.txHash());
      if (receipt.isPresent()) {
        return settle(r, amount, receipt.get());
      }
      for (String prior : store.priorHashes(r.requestId())) {
        Optional<TxReceipt> p = chain.receipt(prior);
        if (p.isPresent() && p.get().success()) {
          LOG.info(
              "reconcile {}: earlier version {} of the transfer was mined", r.requestId(), prior);
          return store.markDoneWithPrior(r.requestId(), r.txHash(), prior, cfg.clock.millis());
        }
      }
      boolean failed =
          store.markFailed(
              r.requestId(),
              r.txHash(),
              ErrorCode.TRANSFER_FAILED,
              "nonce " + r.txNonce() + " was used by another transaction",
              cfg.clock.millis());
      LOG.warn(
          "reconcile {}: {} can never be mined (nonce used); marked failed",
          r.requestId(),
          r.txHash());
      return failed;
    }
    SignedTransaction tx = chain.decode(r.rawTx());
    try {
      chain.broadcast(tx);
      LOG.info("reconcile {}: rebroadcast {} (nonce {})", r.requestId(), r.txHash(), r.txNonce());
    } catch (BroadcastRejectedException e) {
      switch (e.reason()) {
        case NONCE_TOO_LOW:
          return false; // the next pass sees the nonce spent and decides
        case UNDERPRICED:
          // Fees rose since it was signed. It may sit in some pool still, so it is replaced with
          // the same nonce (only one of the two can ever be mined), never failed and re-funded.
          tx = replace(r, tx);
          if (tx == null) {
            return false;
          }
          break;
        default:
          // An empty faucet or another refusal: the nonce is still ours; try again next pass.
          LOG.warn(
              "reconcile {}: rebroadcast of {} refused ({}); will retry",
              r.requestId(),
              r.txHash(),
              e.getMessage());
          return false;
      }
    }
    if (!wait) {
      return false;
    }
    try {
      return settle(r, amount, chain.awaitReceipt(tx.hash(), cfg.receiptTimeout));
    } catch (ReceiptTimeoutException e) {
      return false;
    }
  }

  /**
   * Signs, records (compare-and-set on the old hash) and sends a same-nonce replacement; null if it
   * lost.
   */
  private SignedTransaction replace(RequestRow r, SignedTransaction old) {
    SignedTransaction next = chain.replaceWithHigherFees(old);
    if (!store.recordSigned(
        r.requestId(),
        old.hash(),
        next.hash(),
        next.rawHex(),
        next.nonce().longValueExact(),
        cfg.clock.millis())) {
      return null; // someone else moved the row on
    }
    LOG.info(
        "reconcile {}: {} underpriced; replaced by {} (same nonce {})",
        r.requestId(),
        old.hash(),
        next.hash(),
        next.nonce());
    try {
      chain.broadcast(next);
    } catch (BroadcastRejectedException e) {
      LOG.warn(
          "reconcile {}: replacement {} refused ({}); will retry",
          r.requestId(),
          next.hash(),
          e.getMessage());
      return null;
    }
    return next;
  }

  private boolean settle(RequestRow r, BigInteger amount, TxReceipt receipt) {
    try {
      funding.settle(r.requestId(), receipt.transactionHash(), amount, receipt);
    } catch (GasStationException e) {
      // a revert: recorded as FAILED by settle
    }
    return true;
  }

  static Duration initialDelay(GasStationConfig cfg) {
    return cfg.reconcileInterval;
  }
}
