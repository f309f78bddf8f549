package xyz.peaq.os.cli.activate;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TransactionSender;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * Write-ahead sending: a transaction is signed, its hash, nonce and raw bytes are forced into the
 * journal, and only then is it broadcast. A later run first settles every journaled hash of the
 * same step (receipt → confirmed; pending → wait; unknown to the node → rebroadcast the same
 * bytes), so a step is never sent twice.
 */
final class JournaledTx {
  private final ChainClient chain;
  private final Journal journal;
  private final String network;
  private final long chainId;
  private final String genesis;
  private final Duration receiptTimeout;
  private int sent;

  JournaledTx(ChainClient chain, Journal journal, String network, long chainId, String genesis, Duration receiptTimeout) {
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
    return JournalEntry.builder().network(network).chainId(chainId).genesis(genesis).step(step).wallet(wallet);
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
      if (!step.equals(e.step()) || e.txHash() == null || e.wallet() == null || !e.wallet().equalsIgnoreCase(wallet)
          || e.chainId() == null || e.chainId() != chainId || (e.genesis() != null && !e.genesis().equalsIgnoreCase(genesis))) {
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

  private Optional<TxReceipt> settle(JournalEntry sub) {
    String hash = sub.txHash();
    Optional<TxReceipt> receipt = chain.receipt(hash);
    if (receipt.isEmpty()) {
      if (chain.transaction(hash).isPresent()) {
        Out.progress("  Journaled transaction " + hash + " is still pending; waiting for it (not sending another).");
        receipt = Optional.of(await(hash));
      } else if (sub.rawTx() != null && nonceStillOpen(sub)) {
        Out.progress("  Journaled transaction " + hash + " is unknown to the node; broadcasting the same signed bytes again.");
        try {
          chain.request("eth_sendRawTransaction", sub.rawTx());
        } catch (PeaqosException e) {
          Out.debug("rebroadcast of " + hash + " refused: " + e.getMessage());
        }
        if (chain.transaction(hash).isPresent() || chain.receipt(hash).isPresent()) {
          receipt = Optional.of(await(hash));
        }
      }
    }
    if (receipt.isEmpty()) {
      journal.append(entry(sub.step(), sub.wallet()).txHash(hash).nonce(sub.nonce()).machineId(sub.machineId())
          .status(JournalEntry.STATUS_DROPPED).detail("not mined and not in the node's pool; its nonce is used or it was refused"));
      return Optional.empty();
    }
    TxReceipt r = receipt.get();
    journal.append(entry(sub.step(), sub.wallet()).txHash(hash).nonce(sub.nonce()).machineId(sub.machineId())
        .tokenId(sub.tokenId()).blockNumber(r.blockNumber().longValue())
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
    return new CliException(ExitCode.NETWORK, "PENDING: transaction " + hash + " has no receipt yet. It is recorded in "
        + Journal.FILE_NAME + "; re-run the same command in the same directory to pick it up (nothing will be sent twice).");
  }

  /** Signs, journals, broadcasts and awaits {@code req}; journals the outcome. */
  TxReceipt send(String step, TransactionSender sender, TxRequest req, JournalEntry.Builder extra) {
    SignedTransaction tx = sender.sign(req);
    try {
      journal.append(extra.status(JournalEntry.STATUS_SUBMITTED).txHash(tx.hash()).nonce(tx.nonce().longValue())
          .rawTx(tx.rawHex()));
    } catch (RuntimeException e) {
      sender.abandon(tx);
      throw e;
    }
    try {
      sender.broadcast(tx);
    } catch (BroadcastRejectedException e) {
      journal.append(entry(step, sender.address()).txHash(tx.hash()).nonce(tx.nonce().longValue())
          .status(JournalEntry.STATUS_FAILED).detail("refused by the node: " + e.reason()));
      throw e;
    }
    sent++;
    Out.debug(step + " transaction " + tx.hash() + " broadcast");
    try {
      TxReceipt r = sender.awaitSuccess(tx, receiptTimeout);
      journal.append(entry(step, sender.address()).txHash(tx.hash()).nonce(tx.nonce().longValue())
          .blockNumber(r.blockNumber().longValue()).status(JournalEntry.STATUS_CONFIRMED));
      return r;
    } catch (ReceiptTimeoutException e) {
      throw pending(tx.hash());
    } catch (ContractRevertException e) {
      journal.append(entry(step, sender.address()).txHash(tx.hash()).nonce(tx.nonce().longValue())
          .status(JournalEntry.STATUS_FAILED).detail(e.revertName()));
      throw e;
    }
  }

  static List<String> none() {
    return List.of();
  }
}
