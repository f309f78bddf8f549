package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import org.web3j.utils.Numeric;

/**
 * The write-ahead journal of everything that changed the chain since the last snapshot ({@code
 * journal.jsonl}): every state-changing JSON-RPC request the {@link RpcGateway} passed to anvil
 * with success, every block the {@link BatchingMiner} mined, and, resolved in the background, each
 * block's timestamp and hash. {@link JournalReplay} replays it on top of the snapshot it names at
 * the next start, so the loss window no longer depends on how long a snapshot takes: snapshots can
 * be rare and slow, the journal is written as the chain changes.
 *
 * <p>Order: a request that changes the chain holds {@link #lock()} from the moment it is passed to
 * anvil until its entry is written, and so does the miner around {@code evm_mine} and the
 * snapshotter around {@code anvil_dumpState}. So the journal's order is the order anvil applied
 * them in, a block's transactions are exactly the ones journaled before its {@code mine} entry, and
 * a snapshot holds exactly what was journaled before it (after which the journal starts again).
 *
 * <p>Durability: each entry is written to the file at once (one {@code write}: a kill of any
 * process keeps it, the kernel has it); the file is fsynced every {@code syncMillis} (what a power
 * loss can take).
 *
 * <p>Lines: a header {@code {"journal":1,"snapshot":id,"head":n}}, then {@code
 * {"rpc":request,"tx":hash}} (the hash for sends), {@code {"mine":1}} and {@code
 * {"blk":n,"ts":seconds,"hash":h,"w":wallSeconds,"txs":[hashes]}}. A line cut by a kill is the last
 * one and is ignored.
 *
 * <p>A plain send takes the lock only to write its entry, after anvil accepted it (it only fills
 * the pool, which no snapshot holds): so a block may take it before its entry is written, and the
 * block's recorded transaction hashes are what puts it back in its block on replay.
 */
final class ChainJournal implements AutoCloseable {
  static final String FILE = "journal.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RESOLVE_BATCH = 256;

  private final Path dir;
  private final LocalRpc anvil;
  private final long syncMillis;
  private final ReentrantLock order = new ReentrantLock();
  private final Thread syncer;
  private final Thread resolver;
  private final Object monitor = new Object();
  private final Object resolved = new Object();
  // written under order; read without it by the sync, which must not wait for a snapshot's dump
  private volatile FileChannel channel;
  // sends journaled since the last block the miner mined, by transaction hash; guarded by order
  private final java.util.Map<String, JsonNode> unmined = new java.util.LinkedHashMap<>();
  private long generation; // guarded by order; a new one at every begin()
  private volatile long entries;
  private volatile long bytes;
  private volatile boolean unsynced;
  private volatile long firstUnsyncedNanos;
  private volatile long maxSyncLagMillis;
  private volatile long resolvedHead = -1;
  private volatile boolean stopping;
  private volatile long mined;

  ChainJournal(Path dir, String anvilRpcUrl, long syncMillis) {
    this.dir = dir;
    this.anvil = new LocalRpc(anvilRpcUrl);
    this.syncMillis = syncMillis;
    // The fsync alone on its thread, without the lock: the loss window on a power loss is how late
    // it runs, so it must not wait for a snapshot's dump (seconds on a long chain) or for anvil.
    this.syncer = new Thread(() -> every(this::sync), "devnet-journal-sync");
    this.syncer.setDaemon(true);
    // Each block's timestamp and hash (a replay mines it again with them, so it gets the same
    // hash).
    this.resolver = new Thread(() -> every(this::resolveBlocks), "devnet-journal-blocks");
    this.resolver.setDaemon(true);
  }

  static Path file(Path dir) {
    return dir.resolve(FILE);
  }

  void lock() {
    order.lock();
  }

  void unlock() {
    order.unlock();
  }

  /** True once {@link #begin} ran: state-changing requests are journaled. */
  boolean active() {
    return channel != null;
  }

  /** Entries since the last {@link #begin}: zero means the chain is as the snapshot holds it. */
  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Starts a new journal after snapshot {@code snapshotId} (whose head is {@code head}); called
   * with {@link #lock()} held, right after the snapshot was renamed into place. Written aside and
   * renamed, so the file always belongs to one snapshot.
   */
  void begin(String snapshotId, long head) throws IOException {
    if (!order.isHeldByCurrentThread()) throw new IllegalStateException("journal lock not held");
    Path tmp = dir.resolve(FILE + ".tmp");
    ObjectNode header = JSON.createObjectNode();
    header.put("journal", 1);
    header.put("snapshot", snapshotId);
    header.put("head", head);
    Files.write(
        tmp,
        (JSON.writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    if (channel != null) channel.close();
    try {
      Files.move(
          tmp, file(dir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file(dir), StandardCopyOption.REPLACE_EXISTING);
    }
    StateFiles.fsyncDir(dir);
    channel = FileChannel.open(file(dir), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    generation++;
    entries = 0;
    bytes = Files.size(file(dir));
    resolvedHead = head;
    // transactions still in the pool are not in the snapshot: they start the new journal
    java.util.Map<String, JsonNode> pending = new java.util.LinkedHashMap<>(unmined);
    unmined.clear();
    for (var e : pending.entrySet()) {
      if (!mined(e.getKey())) appendRpc(e.getValue(), e.getKey());
    }
  }

  private boolean mined(String txHash) throws IOException {
    JsonNode answer =
        JSON.readTree(anvil.call("eth_getTransactionReceipt", "[\"" + txHash + "\"]"));
    return answer.path("result").isObject();
  }

  /** A request anvil applied; called with {@link #lock()} held. */
  void appendRpc(JsonNode request) throws IOException {
    appendRpc(request, null);
  }

  /**
   * A request anvil applied; {@code txHash} when it put a transaction in the pool, which the next
   * journal carries over while it is not mined (a snapshot holds the chain, not the pool). Called
   * with {@link #lock()} held.
   */
  void appendRpc(JsonNode request, String txHash) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.set("rpc", request);
    if (txHash != null) line.put("tx", txHash);
    append(line);
    if (txHash != null && channel != null) unmined.put(txHash, request);
  }

  /** A block the miner mined with every pending transaction; called with {@link #lock()} held. */
  void appendMine() throws IOException {
    mined++;
    append(JSON.createObjectNode().put("mine", 1));
    unmined.clear(); // the block took every transaction journaled before it
  }

  private void append(ObjectNode line) throws IOException {
    if (channel == null) return; // before the first snapshot of a start: nothing to replay onto
    byte[] data = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(data);
    while (buf.hasRemaining()) channel.write(buf);
    entries++;
    bytes += data.length;
    if (!unsynced) firstUnsyncedNanos = System.nanoTime();
    unsynced = true;
  }

  /** The longest an entry waited for its fsync so far. */
  long maxSyncLagMillis() {
    return maxSyncLagMillis;
  }

  void start() {
    syncer.start();
    resolver.start();
  }

  /** One of the journal's background duties, run every {@code syncMillis}. */
  private interface Duty {
    void run() throws IOException;
  }

  /**
   * Runs {@code duty} every {@code syncMillis} until closed; a failed turn (anvil stopping, a
   * hiccup) is tried again at the next one, the entries being in the file already.
   */
  private void every(Duty duty) {
    while (pause()) {
      try {
        duty.run();
      } catch (IOException | RuntimeException e) {
        // the next turn tries again
      }
    }
  }

  /** Waits {@code syncMillis} or until closed; false when the journal is closing. */
  private boolean pause() {
    synchronized (monitor) {
      try {
        monitor.wait(syncMillis);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !stopping;
  }

  private void resolveBlocks() throws IOException {
    long from = resolvedHead;
    if (from < 0) return;
    JsonNode headAnswer = JSON.readTree(anvil.call("eth_blockNumber", "[]"));
    long head = Numeric.decodeQuantity(headAnswer.path("result").asText("0x0")).longValueExact();
    if (head <= from) return;
    long to = Math.min(head, from + RESOLVE_BATCH);
    StringBuilder batch = new StringBuilder("[");
    for (long n = from + 1; n <= to; n++) {
      if (n > from + 1) batch.append(',');
      batch
          .append("{\"jsonrpc\":\"2.0\",\"id\":")
          .append(n)
          .append(",\"method\":\"eth_getBlockByNumber\",\"params\":[\"")
          .append(Numeric.toHexStringWithPrefix(java.math.BigInteger.valueOf(n)))
          .append("\",false]}");
    }
    batch.append(']');
    JsonNode answers =
        JSON.readTree(anvil.post(batch.toString().getBytes(StandardCharsets.UTF_8), 60_000).body());
    long wall = System.currentTimeMillis() / 1000;
    order.lock();
    try {
      if (resolvedHead != from || channel == null) return; // a new journal began meanwhile
      long done = from;
      for (JsonNode a : answers) {
        JsonNode block = a.path("result");
        if (!block.isObject()) continue;
        long n = Numeric.decodeQuantity(block.path("number").asText()).longValueExact();
        ObjectNode line = JSON.createObjectNode();
        line.put("blk", n);
        line.put("ts", Numeric.decodeQuantity(block.path("timestamp").asText()).longValueExact());
        line.put("hash", block.path("hash").asText());
        line.put("w", wall);
        line.set("txs", block.path("transactions"));
        append(line);
        done = Math.max(done, n);
      }
      resolvedHead = done;
    } finally {
      order.unlock();
    }
    synchronized (resolved) {
      resolved.notifyAll();
    }
  }

  private void sync() throws IOException {
    if (!unsynced) return;
    // without the lock: a snapshot holds it for its whole dump, and this must not wait that long
    unsynced = false; // first: an entry written from now on is synced now or at the next turn
    FileChannel ch = channel;
    long since = firstUnsyncedNanos;
    if (ch != null && ch.isOpen()) {
      try {
        ch.force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        // replaced by a new journal, which begin() wrote synchronously
      }
    }
    maxSyncLagMillis = Math.max(maxSyncLagMillis, (System.nanoTime() - since) / 1_000_000);
  }

  /**
   * Waits until the timestamps and hashes of the blocks up to {@code head} are journaled (the
   * background thread does it within about {@code syncMillis}); false on timeout.
   */
  boolean awaitResolved(long head, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (resolved) {
      while (resolvedHead < head) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return false;
        resolved.wait(left);
      }
    }
    return true;
  }

  long blocksMined() {
    return mined;
  }

  /** Stops the background sync and closes the file. */
  @Override
  public void close() {
    stopping = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    try {
      syncer.join(10_000);
      resolver.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // bounded: a stop must not hang behind a request stuck in anvil; the file is closed either way
    boolean locked = false;
    try {
      locked = order.tryLock(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      FileChannel ch = channel;
      if (ch != null) {
        try {
          // no fsync: anvil's exit dump, written next, supersedes the journal
          ch.close();
        } catch (IOException ignored) {
          // the entries reached the kernel already; only a power loss could take them
        }
      }
    } finally {
      if (locked) order.unlock();
    }
  }
}
