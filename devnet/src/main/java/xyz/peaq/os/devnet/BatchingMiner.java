package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.web3j.utils.Numeric;

/**
 * The devnet's miner. anvil runs without mining ({@code --no-mining}); right after a transaction
 * entered the pool, {@link #transactionSent()} calls {@code evm_mine}, which puts every pending
 * transaction in one block. A lone transaction is mined before its send is even answered, so its
 * receipt is there at the first poll; transactions sent while a block is being mined wait for that
 * block and go together into the next one. What a full block leaves in the pool is mined right
 * after it, on the miner's own thread.
 *
 * <p>Why: anvil's automine hands its block producer one set per pool notification, so a busy devnet
 * mined about one transaction per block, and every block costs a full state-root computation over
 * all accounts and storage (anvil 1.7.1 recomputes the trie from scratch).
 *
 * <p>Admissions and blocks never overlap ({@link #admissionGate()}, {@link #blockGate()}): anvil
 * 1.7.1 reads the sender's nonce before it takes its pool's lock, and decides from it whether a
 * transaction waits for an earlier one. A block mined between the two takes that earlier
 * transaction out of the pool without waking the newcomer, which then sits "queued" for ever at the
 * account's own nonce, and every later transaction of that sender behind it. Seen with a fleet's
 * operator sending a hundred transactions side by side while blocks were mined.
 *
 * <p>{@code evm_setAutomine(false)} reaches this miner through {@link RpcGateway} and pauses it
 * (manual mining with {@code evm_mine} keeps working); {@code evm_setIntervalMining(n)} hands
 * mining back to anvil's timer.
 */
final class BatchingMiner implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalRpc anvil;
  private final ChainJournal journal;
  private final ReentrantLock mining = new ReentrantLock();
  // fair: a waiting block is not starved by a steady stream of sends
  private final ReentrantReadWriteLock poolGate = new ReentrantReadWriteLock(true);
  private final AtomicInteger syncSendsInFlight = new AtomicInteger();
  private final Object monitor = new Object();
  private final Thread syncHelper;
  private volatile boolean automine;
  private volatile boolean stopping;
  private volatile long blocksMined;
  // set (under monitor) after a block a sender mined: the helper thread looks for what it left
  private boolean leftoversMayRemain;
  // evm_mine calls begun and answered; a send that saw them equal and unchanged is still pending
  private final AtomicLong minesBegun = new AtomicLong();
  private final AtomicLong minesDone = new AtomicLong();

  BatchingMiner(String anvilRpcUrl, boolean automine, ChainJournal journal) {
    this.anvil = new LocalRpc(anvilRpcUrl);
    this.journal = journal;
    this.automine = automine;
    this.syncHelper = new Thread(this::mineInBackground, "devnet-miner");
    this.syncHelper.setDaemon(true);
  }

  void start() {
    syncHelper.start();
  }

  boolean automine() {
    return automine;
  }

  long blocksMined() {
    return blocksMined;
  }

  /**
   * Held (shared) while a request that adds transactions to anvil's pool is in anvil's hands. Not
   * for {@code eth_send*Sync}: anvil answers those only once mined, and the block needs the gate.
   */
  Lock admissionGate() {
    return poolGate.readLock();
  }

  /** Held (alone) while anvil mines: by this miner, and around mining requests of clients. */
  Lock blockGate() {
    return poolGate.writeLock();
  }

  void setAutomine(boolean on) {
    automine = on;
    if (on) transactionSent(); // what waited in the pool is mined now, as anvil does
  }

  /**
   * A transaction may have entered the pool: mined before this returns, on this thread or, when
   * another thread is mining, in the next block (see {@link #transactionSent(long[])}).
   */
  void transactionSent() {
    transactionSent(null);
  }

  /**
   * Taken just before a send is forwarded to anvil; with it, {@link #transactionSent(long[])} can
   * tell that no block of this miner can have taken the send meanwhile.
   */
  long[] mineMark() {
    long begun = minesBegun.get();
    return new long[] {begun, minesDone.get()};
  }

  /**
   * Returns once a block begun after the transaction entered the pool is mined, so the sender's
   * first receipt poll finds it. Senders that arrive while a block is being mined wait for it, and
   * the first of them to get the miner mines one block for all of them; the others find that block
   * done and return at once.
   *
   * <p>{@code acceptedMark}: the {@link #mineMark()} taken before this thread's own send, which
   * anvil accepted (null when unknown). When no {@code evm_mine} was in flight at the mark and none
   * began since, the send is certainly still in the pool and is mined without asking the pool first
   * (one local round trip less for a lone transaction). Without that proof the pool is asked,
   * because an empty block mined on a send another block already took moves the head past the
   * transaction's block, and anvil (with {@code --prune-history}) answers calls only at the head: a
   * client replaying its revert at its block number would get {@code BlockOutOfRangeError}.
   */
  void transactionSent(long[] acceptedMark) {
    if (mine(acceptedMark, false)) {
      // the block may have been full: what it left in the pool is mined on the helper thread, not
      // on the sender's (whose transaction is in this block)
      synchronized (monitor) {
        leftoversMayRemain = true;
        monitor.notifyAll();
      }
    }
  }

  /**
   * Mines one block if a transaction is pending; true when a block was mined (and, with {@code
   * mustTakeSome}, it holds at least one transaction).
   */
  private boolean mine(long[] acceptedMark, boolean mustTakeSome) {
    if (!automine || stopping) return false;
    // any evm_mine begun after this read was sent to anvil after the transaction entered the pool
    long needed = minesBegun.get() + 1;
    try {
      mining.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the gateway is stopping
      return false;
    }
    try {
      if (!automine || stopping || minesDone.get() >= needed) return false;
      // no block of this miner is in flight now (this thread holds it)
      boolean stillPending =
          acceptedMark != null
              && acceptedMark[0] == acceptedMark[1]
              && minesBegun.get() == acceptedMark[0];
      if (stillPending || pendingTransactions() > 0) {
        // journaled in the order anvil mines: the block holds what was journaled before it
        journal.lock();
        blockGate().lock();
        minesBegun.incrementAndGet();
        try {
          String answer = anvil.call("evm_mine", "[]");
          if (!answer.contains("\"error\"")) journal.appendMine();
          if (mustTakeSome && blockTransactions() == 0) {
            blocksMined++;
            return false;
          }
        } finally {
          minesDone.incrementAndGet();
          blockGate().unlock();
          journal.unlock();
        }
        blocksMined++;
        return true;
      }
      return false;
    } catch (IOException | RuntimeException e) {
      // anvil stopping, or a hiccup: the next transaction mines what is left
      return false;
    } finally {
      mining.unlock();
    }
  }

  /**
   * Mines what a block left in the pool: anvil fills a block up to its gas limit (counting each
   * transaction's gas limit), and the rest would otherwise wait for the next send. Stops as soon as
   * a block takes nothing more (a fee below the base fee, say): such a transaction waits for a
   * later block instead of the devnet mining empty blocks for ever.
   */
  private void mineLeftovers() throws IOException {
    // Stops on a block that took nothing, not on a pool that did not shrink: sends arriving while a
    // block is mined refill the pool, and stopping then left what the last block could not hold
    // for the next send, or for the sender's re-broadcast when none came (a fleet's wave that had
    // sent everything waited 3 s).
    while (!stopping && automine) {
      if (pendingTransactions() == 0) return;
      if (!mine(null, true)) return;
    }
  }

  /** The number of transactions in the newest block (called holding the mining lock). */
  private long blockTransactions() throws IOException {
    JsonNode answer =
        JSON.readTree(anvil.call("eth_getBlockTransactionCountByNumber", "[\"latest\"]"));
    if (answer.has("error"))
      throw new IOException("eth_getBlockTransactionCountByNumber failed: " + answer.get("error"));
    return Numeric.decodeQuantity(answer.path("result").asText("0x0")).longValueExact();
  }

  /** An eth_send*Sync call is answered only once mined, so mining cannot wait for its answer. */
  void syncSendStarted() {
    syncSendsInFlight.incrementAndGet();
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  void syncSendEnded() {
    syncSendsInFlight.decrementAndGet();
  }

  private void mineInBackground() {
    while (!stopping) {
      boolean leftovers;
      synchronized (monitor) {
        try {
          // while a sync send is in flight, look at the pool every millisecond
          if (!leftoversMayRemain) monitor.wait(syncSendsInFlight.get() > 0 ? 1 : 0);
        } catch (InterruptedException e) {
          return;
        }
        leftovers = leftoversMayRemain;
        leftoversMayRemain = false;
      }
      if (leftovers) {
        try {
          mineLeftovers();
        } catch (IOException | RuntimeException e) {
          // anvil stopping, or a hiccup: the next transaction mines what is left
        }
      }
      if (syncSendsInFlight.get() > 0) transactionSent();
    }
  }

  private long pendingTransactions() throws IOException {
    JsonNode answer = JSON.readTree(anvil.call("txpool_status", "[]"));
    if (answer.has("error")) throw new IOException("txpool_status failed: " + answer.get("error"));
    JsonNode pending = answer.path("result").path("pending");
    return pending.isNumber()
        ? pending.asLong()
        : Numeric.decodeQuantity(pending.asText("0x0")).longValueExact();
  }

  @Override
  public void close() {
    stopping = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    try {
      syncHelper.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
