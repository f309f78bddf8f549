package xyz.peaq.os.cli.activate;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * Write-ahead sending: the SDK signs a transaction, its hash, nonce and raw bytes are forced into
 * the journal (this class is the client's {@link TransactionObserver}), and only then is it
 * broadcast. A later run first settles every journaled hash of the same step (receipt → confirmed;
 * pending → wait; unknown to the node → rebroadcast the same bytes), so a step is never sent twice.
 */
final class JournaledTx implements TransactionObserver {
  private final ChainReads chain;
  private final Journal journal;
  private final String network;
  private final long chainId;
  private final String genesis;
  private final Duration receiptTimeout;
  private int sent;
  private String lastHash;
  // The step whose SDK operation is running (one at a time: activate is sequential).
  private String step;
  private String wallet;
  private Supplier<JournalEntry.Builder> template;
  private SignedTransaction inFlight;

  JournaledTx(
      ChainReads chain,
      Journal journal,
      String network,
      long chainId,
      String genesis,
      Duration receiptTimeout) {
    this.chain = chain;
    this.journal = journal;
    this.network = network;
    this.chainId = chainId;
    this.genesis = genesis;
    this.receiptTimeout = receiptTimeout;
  }

  /** Transactions this run broadcast itself. */
  int sentCount() {
    return sent;
  }

  JournalEntry.Builder entry(String step, String wallet) {
    return JournalEntry.builder()
        .network(network)
        .chainId(chainId)
        .genesis(genesis)
        .step(step)
        .wallet(wallet);
  }

  /**
   * A journaled transaction of {@code step} by {@code wallet} on this very chain (id and genesis).
   */
  private boolean isOwnSubmission(JournalEntry e, String step, String wallet) {
    return step.equals(e.step())
        && e.txHash() != null
        && e.wallet() != null
        && e.wallet().equalsIgnoreCase(wallet)
        && e.chainId() != null
        && e.chainId() == chainId
        && (e.genesis() == null || e.genesis().equalsIgnoreCase(genesis));
  }

  /**
   * Settles the journal's open submissions of {@code step} by {@code wallet} on this chain.
   *
   * @return the receipt of one that succeeded, if any
   */
  Optional<TxReceipt> reconcile(String step, String wallet) {
    Map<String, JournalEntry> latest = new LinkedHashMap<>();
    Map<String, JournalEntry> submitted = new LinkedHashMap<>();
    for (JournalEntry e : journal.entries()) {
      if (!isOwnSubmission(e, step, wallet)) {
        continue;
      }
      latest.put(e.txHash(), e);
      if (JournalEntry.STATUS_SUBMITTED.equals(e.status())) {
        submitted.put(e.txHash(), e);
      }
    }
    Optional<TxReceipt> success = Optional.empty();
    for (JournalEntry last : latest.values()) {
      String hash = last.txHash();
      if (JournalEntry.STATUS_CONFIRMED.equals(last.status())) {
        Optional<TxReceipt> r = chain.receipt(hash);
        if (r.isPresent() && r.get().success()) {
          success = r;
        }
        continue;
      }
      if (!JournalEntry.STATUS_SUBMITTED.equals(last.status())) {
        continue;
      }
      JournalEntry sub = submitted.get(hash);
      Optional<TxReceipt> r = settle(sub);
      if (r.isPresent()) {
        success = r;
      }
    }
    return success;
  }

  /**
   * For a step found complete on chain: records what became of its journaled submissions that have
   * no outcome yet, from the node's answers alone — a receipt makes them {@code confirmed} (or
   * {@code failed}), a hash the node no longer knows makes them {@code dropped}. Nothing is sent or
   * awaited (a step that is done needs no rebroadcast); one still in the pool stays {@code
   * submitted}.
   */
  void settleWithoutSending(String step, String wallet) {
    Map<String, JournalEntry> latest = new LinkedHashMap<>();
    for (JournalEntry e : journal.entries()) {
      if (!isOwnSubmission(e, step, wallet)) {
        continue;
      }
      latest.put(e.txHash(), e);
    }
    for (JournalEntry sub : latest.values()) {
      if (!JournalEntry.STATUS_SUBMITTED.equals(sub.status())) {
        continue;
      }
      String hash = sub.txHash();
      Optional<TxReceipt> receipt = chain.receipt(hash);
      if (receipt.isPresent()) {
        TxReceipt r = receipt.get();
        journal.append(
            entry(sub.step(), sub.wallet())
                .txHash(hash)
                .nonce(sub.nonce())
                .machineId(sub.machineId())
                .tokenId(sub.tokenId())
                .blockNumber(r.blockNumber().longValue())
                .status(r.success() ? JournalEntry.STATUS_CONFIRMED : JournalEntry.STATUS_FAILED)
                .detail(
                    r.success()
                        ? "settled on re-run (step already complete)"
                        : "reverted (found on re-run)"));
      } else if (chain.transaction(hash).isEmpty()) {
        journal.append(
            entry(sub.step(), sub.wallet())
                .txHash(hash)
                .nonce(sub.nonce())
                .machineId(sub.machineId())
                .status(JournalEntry.STATUS_DROPPED)
                .detail(
                    "not mined and not in the node's pool; the step was completed"
                        + " by another transaction"));
      }
    }
  }

  private Optional<TxReceipt> settle(JournalEntry sub) {
    String hash = sub.txHash();
    Optional<TxReceipt> receipt = chain.receipt(hash);
    if (receipt.isEmpty()) {
      if (chain.transaction(hash).isPresent()) {
        Out.progress(
            "  Journaled transaction "
                + hash
                + " is still pending; waiting for it (not sending another).");
        receipt = Optional.of(await(hash));
      } else if (sub.rawTx() != null && nonceStillOpen(sub)) {
        Out.progress(
            "  Journaled transaction "
                + hash
                + " is unknown to the node; broadcasting the same signed bytes again.");
        try {
          TransactionPipeline.rebroadcast(chain, sub.rawTx());
        } catch (PeaqosException e) {
          Out.debug("rebroadcast of " + hash + " refused: " + e.getMessage());
        }
        if (chain.transaction(hash).isPresent() || chain.receipt(hash).isPresent()) {
          receipt = Optional.of(await(hash));
        }
      }
    }
    if (receipt.isEmpty()) {
      journal.append(
          entry(sub.step(), sub.wallet())
              .txHash(hash)
              .nonce(sub.nonce())
              .machineId(sub.machineId())
              .status(JournalEntry.STATUS_DROPPED)
              .detail("not mined and not in the node's pool; its nonce is used or it was refused"));
      return Optional.empty();
    }
    TxReceipt r = receipt.get();
    journal.append(
        entry(sub.step(), sub.wallet())
            .txHash(hash)
            .nonce(sub.nonce())
            .machineId(sub.machineId())
            .tokenId(sub.tokenId())
            .blockNumber(r.blockNumber().longValue())
            .status(r.success() ? JournalEntry.STATUS_CONFIRMED : JournalEntry.STATUS_FAILED)
            .detail(r.success() ? "reconciled on re-run" : "reverted (found on re-run)"));
    return r.success() ? Optional.of(r) : Optional.empty();
  }

  private boolean nonceStillOpen(JournalEntry sub) {
    if (sub.nonce() == null) {
      return true;
    }
    BigInteger mined = chain.nonce(sub.wallet(), BlockRef.latest());
    return BigInteger.valueOf(sub.nonce()).compareTo(mined) >= 0;
  }

  private TxReceipt await(String hash) {
    try {
      return chain.awaitReceipt(hash, receiptTimeout);
    } catch (ReceiptTimeoutException e) {
      throw pending(hash);
    }
  }

  static CliException pending(String hash) {
    return new CliException(
        ExitCode.NETWORK,
        "PENDING: transaction "
            + hash
            + " has no receipt yet. It is recorded in "
            + Journal.FILE_NAME
            + "; re-run the same command in the same directory to pick it up (nothing will be sent twice).");
  }

  /**
   * Runs one SDK operation of {@code step} (register, mint, a DID batch) with this journal as its
   * {@link TransactionObserver}: each transaction it signs is journaled before broadcast (see
   * {@link #beforeBroadcast}); its receipt, refusal or revert is journaled after.
   *
   * @param template the fields of the {@code submitted} entry (step, wallet and the step's ids)
   */
  <T> T run(
      String step, String wallet, Supplier<JournalEntry.Builder> template, Supplier<T> operation) {
    this.step = step;
    this.wallet = wallet;
    this.template = template;
    this.inFlight = null;
    try {
      return operation.get();
    } catch (ReceiptTimeoutException e) {
      if (inFlight != null) {
        throw pending(inFlight.hash());
      }
      throw e;
    } catch (BroadcastRejectedException e) {
      if (inFlight != null) {
        journal.append(
            entry(step, wallet)
                .txHash(inFlight.hash())
                .nonce(inFlight.nonce().longValue())
                .status(JournalEntry.STATUS_FAILED)
                .detail("refused by the node: " + e.reason()));
      }
      throw e;
    } catch (ContractRevertException e) {
      // Only a revert of the journaled transaction; a refusal while estimating sent nothing.
      if (inFlight != null) {
        journal.append(
            entry(step, wallet)
                .txHash(inFlight.hash())
                .nonce(inFlight.nonce().longValue())
                .status(JournalEntry.STATUS_FAILED)
                .detail(e.revertName()));
      }
      throw e;
    } finally {
      this.template = null;
      this.inFlight = null;
    }
  }

  /**
   * Write-ahead: the signed hash, nonce and raw bytes are in the journal before the SDK broadcasts.
   */
  @Override
  public void beforeBroadcast(String operation, SignedTransaction tx) {
    if (template == null) {
      throw new IllegalStateException("transaction " + operation + " outside a journaled step");
    }
    journal.append(
        template
            .get()
            .status(JournalEntry.STATUS_SUBMITTED)
            .txHash(tx.hash())
            .nonce(tx.nonce().longValue())
            .rawTx(tx.rawHex()));
    inFlight = tx;
    Out.debug(step + " transaction " + tx.hash() + " journaled; broadcasting");
  }

  /**
   * The pipeline signs again only after the node refused the previous signature: it was never sent.
   */
  @Override
  public void onRefused(
      String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
    journal.append(
        entry(step, wallet)
            .txHash(tx.hash())
            .nonce(tx.nonce().longValue())
            .status(JournalEntry.STATUS_FAILED)
            .detail("refused by the node; signed again"));
    inFlight = null;
  }

  @Override
  public void afterReceipt(String operation, TxReceipt r) {
    sent++;
    lastHash = r.transactionHash();
    Long nonce = inFlight == null ? null : inFlight.nonce().longValue();
    journal.append(
        entry(step, wallet)
            .txHash(r.transactionHash())
            .nonce(nonce)
            .blockNumber(r.blockNumber().longValue())
            .status(JournalEntry.STATUS_CONFIRMED));
    inFlight = null;
  }

  /** The hash of the last transaction this run saw mined. */
  String lastHash() {
    return lastHash;
  }
}
