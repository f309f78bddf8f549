package xyz.peaq.os.cli.activate;

import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;

/**
 * The write-ahead journal of a 2.0 activation: each transaction the SDK signs ({@code approval},
 * then {@code activation}) is forced into {@code ./peaqos.log} with its hash, nonce and raw bytes
 * before it is broadcast, under its own step, so that {@link JournaledTx#reconcile} settles it on a
 * re-run exactly as it settles the 1.0 steps.
 */
final class Econ2Journal implements TransactionObserver {
  static final String STEP_APPROVAL = "approval";
  static final String STEP_ACTIVATION = "activation";

  private final JournaledTx txs;
  private final Journal journal;
  private final String wallet;
  private final String machineId;
  private String lastStep;
  private SignedTransaction inFlight;
  private int sent;

  Econ2Journal(JournaledTx txs, Journal journal, String wallet, String machineId) {
    this.txs = txs;
    this.journal = journal;
    this.wallet = wallet;
    this.machineId = machineId;
  }

  @Override
  public void beforeBroadcast(String operation, SignedTransaction tx) {
    journal.append(
        txs.entry(operation, wallet)
            .machineId(machineId)
            .status(JournalEntry.STATUS_SUBMITTED)
            .txHash(tx.hash())
            .nonce(tx.nonce().longValue())
            .rawTx(tx.rawHex()));
    lastStep = operation;
    inFlight = tx;
    Out.progress("  " + operation + " transaction " + tx.hash() + " journaled; broadcasting");
  }

  @Override
  public void onRefused(
      String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
    journal.append(
        txs.entry(operation, wallet)
            .machineId(machineId)
            .txHash(tx.hash())
            .nonce(tx.nonce().longValue())
            .status(JournalEntry.STATUS_FAILED)
            .detail("refused by the node (" + refusal.reason() + "); signed again"));
    inFlight = null;
  }

  @Override
  public void afterReceipt(String operation, TxReceipt r) {
    sent++;
    journal.append(
        txs.entry(operation, wallet)
            .machineId(machineId)
            .txHash(r.transactionHash())
            .nonce(inFlight == null ? null : inFlight.nonce().longValue())
            .blockNumber(r.blockNumber().longValue())
            .status(JournalEntry.STATUS_CONFIRMED));
    Out.progress("  " + operation + " confirmed in block " + r.blockNumber());
    inFlight = null;
  }

  /** Records a mined revert of the last journaled transaction. */
  void failed(String txHash, String detail) {
    if (lastStep != null && txHash != null) {
      journal.append(
          txs.entry(lastStep, wallet)
              .machineId(machineId)
              .txHash(txHash)
              .status(JournalEntry.STATUS_FAILED)
              .detail(detail));
    }
  }

  int sent() {
    return sent;
  }
}
