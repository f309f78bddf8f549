package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.web3j.utils.Numeric;

/**
 * The devnet's miner. anvil runs without mining ({@code --no-mining}); right after a transaction
 * entered the pool, {@link #transactionSent()} calls {@code evm_mine}, which puts every pending
 * transaction in one block. A lone transaction is mined before its send is even answered, so its
 * receipt is there at the first poll; transactions sent while a block is being mined wait for that
 * block and go together into the next one.
 *
 * <p>Why: anvil's automine hands its block producer one set per pool notification, so a busy devnet
 * mined about one transaction per block, and every block costs a full state-root computation over
 * all accounts and storage (anvil 1.7.1 recomputes the trie from scratch).
 *
 * <p>{@code evm_setAutomine(false)} reaches this miner through {@link RpcGateway} and pauses it
 * (manual mining with {@code evm_mine} keeps working); {@code evm_setIntervalMining(n)} hands
 * mining back to anvil's timer.
 */
final class BatchingMiner implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalRpc anvil;
  private final ReentrantLock mining = new ReentrantLock();
  private final AtomicInteger syncSendsInFlight = new AtomicInteger();
  private final Object monitor = new Object();
  private final Thread syncHelper;
  private volatile boolean kicked;
  private volatile boolean automine;
  private volatile boolean stopping;
  private volatile long blocksMined;

  BatchingMiner(String anvilRpcUrl, boolean automine) {
    this.anvil = new LocalRpc(anvilRpcUrl);
    this.automine = automine;
    this.syncHelper = new Thread(this::mineForSyncSends, "devnet-miner");
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

  void setAutomine(boolean on) {
    automine = on;
    if (on) transactionSent(); // what waited in the pool is mined now, as anvil does
  }

  /**
   * A transaction may have entered the pool: mine it on this thread, or, when another thread is
   * mining, leave it to that one (it looks at the pool again before it stops).
   */
  void transactionSent() {
    transactionSent(false);
  }

  /**
   * As {@link #transactionSent()}; {@code accepted} when this thread's own send was just accepted
   * into the pool, which saves asking the pool first (one local round trip less for a lone
   * transaction; in the rare race where another thread's block took it, a block is mined empty).
   */
  void transactionSent(boolean accepted) {
    if (!automine || stopping) return;
    kicked = true;
    boolean known = accepted;
    while (kicked && mining.tryLock()) {
      try {
        while (kicked && automine) {
          kicked = false;
          boolean mine = known || pendingTransactions() > 0;
          known = false;
          if (mine) {
            anvil.call("evm_mine", "[]");
            blocksMined++;
          }
        }
      } catch (IOException | RuntimeException e) {
        return; // anvil stopping, or a hiccup: the next transaction mines what is left
      } finally {
        mining.unlock();
      }
    }
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

  private void mineForSyncSends() {
    while (!stopping) {
      synchronized (monitor) {
        try {
          // while a sync send is in flight, look at the pool every millisecond
          monitor.wait(syncSendsInFlight.get() > 0 ? 1 : 0);
        } catch (InterruptedException e) {
          return;
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
