package xyz.peaq.os.mcr;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain: each poll reads the logs of the next block range up to {@code head -
 * confirmations} and commits their facts and the new cursor in one transaction. A stop between two
 * commits loses nothing and a restart repeats nothing. Reorganisations deeper than the configured
 * confirmations are not handled (the devnet takes 0 and never reorganises).
 */
final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  /** What this instance does with the shared index. */
  enum Role {
    /** Holds the leadership and writes the index. */
    LEADER,
    /** Another instance indexes; this one serves reads from the same tables. */
    FOLLOWER
  }

  private final McrApiConfig cfg;
  private final ChainPort chain;
  private final Store store;
  private final LogDecoder decoder;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long indexedBlock;
  private volatile boolean everSucceeded;
  private volatile String lastError;
  private volatile int consecutiveFailures;
  private volatile String lastReset;
  private final IndexerLeadership leadership;
  private volatile Role role = Role.FOLLOWER;
  private volatile long chainHead = -1;
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile java.util.function.Consumer<List<IndexedFact>> onApplied = facts -> {};
  private volatile Runnable onFollowed = () -> {};

  /** Guards {@link #demanded} and {@link #lastPollStart}. */
  private final Object demand = new Object();

  /**
   * Completed by the next poll to start (the regular one or a demanded one), or null when no
   * request waits: every request that asks for a poll meanwhile shares it.
   */
  private java.util.concurrent.CompletableFuture<Void> demanded;

  private long lastPollStart = System.nanoTime();
  private final long demandSpacingNanos;
  private final java.time.Duration demandWait;

  Indexer(McrApiConfig cfg, ChainPort chain, Store store) {
    this(cfg, chain, store, IndexerLeadership.Always.INSTANCE);
  }

  /** An indexer that writes only while {@code leadership} holds (several instances, one index). */
  Indexer(McrApiConfig cfg, ChainPort chain, Store store, IndexerLeadership leadership) {
    this.leadership = leadership;
    this.cfg = cfg;
    this.chain = chain;
    this.store = store;
    this.decoder = new LogDecoder(cfg, chain);
    this.indexedBlock = store.cursor().orElse(cfg.startBlock() - 1);
    this.demandSpacingNanos = demandSpacing(cfg.pollInterval()).toNanos();
    this.demandWait = demandWait(cfg.pollInterval());
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mcr-indexer");
              t.setDaemon(true);
              return t;
            });
  }

  /** One poll now on the caller's thread, then polls every poll interval in the background. */
  void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    pollSafely();
    loop.scheduleWithFixedDelay(
        this::pollSafely,
        cfg.pollInterval().toMillis(),
        cfg.pollInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    java.util.concurrent.CompletableFuture<Void> waiting;
    synchronized (demand) {
      waiting = demanded;
      demanded = null;
      lastPollStart = System.nanoTime();
    }
    try {
      pollOnce();
    } finally {
      if (waiting != null) {
        waiting.complete(null);
      }
    }
  }

  private void pollOnce() {
    if (!running.get()) {
      return;
    }
    try {
      if (!leadership.holds()) {
        follow();
      } else {
        if (role != Role.LEADER) {
          // Take over from the cursor the previous leader committed: its last range is either
          // wholly in the index or not at all, so nothing is lost and nothing applied twice.
          indexedBlock = store.cursor().orElse(cfg.startBlock() - 1);
          role = Role.LEADER;
          LOG.info("indexing from block {} (leader)", indexedBlock + 1);
        }
        poll();
      }
      if (consecutiveFailures > 0) {
        LOG.info("indexer recovered at block {}", indexedBlock);
      }
      consecutiveFailures = 0;
      lastError = null;
      everSucceeded = true;
    } catch (RuntimeException e) {
      consecutiveFailures++;
      lastError = e.getMessage();
      if (consecutiveFailures == 1 || consecutiveFailures % 50 == 0) {
        LOG.warn("indexer poll failed ({} in a row): {}", consecutiveFailures, e.toString());
      }
    }
  }

  /**
   * The shortest time between the starts of two polls when requests ask for them: an eighth of the
   * poll interval, at least 25 ms and at most 250 ms. A flood of requests for unknown machines
   * makes at most one poll per spacing (40 a second on the devnet's 200 ms interval, against 5).
   */
  static java.time.Duration demandSpacing(java.time.Duration pollInterval) {
    long ms = Math.min(250, Math.max(25, pollInterval.toMillis() / 8));
    return java.time.Duration.ofMillis(ms);
  }

  /**
   * How long a request waits for a poll it asked for: one poll interval (the regular poll would
   * have come by then), at most 5 s, so a slow chain holds a worker thread no longer.
   */
  static java.time.Duration demandWait(java.time.Duration pollInterval) {
    return pollInterval.compareTo(java.time.Duration.ofSeconds(5)) < 0
        ? pollInterval
        : java.time.Duration.ofSeconds(5);
  }

  /**
   * Brings the index up to the chain head now, for a request that found nothing: a machine
   * registered since the last poll is then answered at once instead of up to a poll interval later.
   * Runs one poll on the indexer's thread that starts after this call (so it sees every block mined
   * before it), shared by every request that asks meanwhile, and never sooner than {@link
   * #demandSpacing} after the previous poll started. Only the indexing instance polls; a follower
   * (another instance indexes into the shared database) answers from the index as it is.
   *
   * @return true when such a poll completed within {@link #demandWait}; false on a follower, after
   *     close, or when the wait ran out (the index is then as fresh as a regular poll made it)
   */
  boolean catchUp() {
    if (!running.get() || role != Role.LEADER) {
      return false;
    }
    java.util.concurrent.CompletableFuture<Void> poll;
    synchronized (demand) {
      if (demanded == null) {
        demanded = new java.util.concurrent.CompletableFuture<>();
        long delay = Math.max(0, lastPollStart + demandSpacingNanos - System.nanoTime());
        try {
          loop.schedule(this::demandedPoll, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          demanded = null;
          return false; // closing
        }
      }
      poll = demanded;
    }
    try {
      poll.get(demandWait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A poll asked for by {@link #catchUp}, unless a regular poll started since and served it. */
  private void demandedPoll() {
    synchronized (demand) {
      if (demanded == null) {
        return;
      }
    }
    pollSafely();
  }

  /**
   * Indexes every confirmed block not yet indexed, from scratch when the chain is not the one
   * indexed.
   */
  void poll() {
    long chainHead = chain.blockNumber();
    this.chainHead = chainHead;
    checkSameChain(chainHead);
    long head = chainHead - cfg.confirmations();
    long from = indexedBlock + 1;
    while (from <= head && running.get()) {
      long to = Math.min(head, from + cfg.maxBlockRange() - 1);
      List<ChainLog> logs = chain.logs(decoder.addresses(), from, to);
      List<IndexedFact> facts = decoder.decode(logs);
      store.apply(to, chain.blockHash(to).orElse(null), chain.blockTimestamp(to), facts);
      indexedBlock = to;
      version.incrementAndGet();
      if (!facts.isEmpty()) {
        try {
          onApplied.accept(facts);
        } catch (RuntimeException e) {
          // The batch is committed; a listener failure only delays its precomputed answers.
          LOG.warn("after indexing blocks up to {}: {}", to, e.toString());
        }
        // An answer built while the listener ran is labelled with the version above but may hold
        // a score of the previous batch (read before the listener replaced it): a second move
        // makes every such answer stale, so none outlives the listener.
        version.incrementAndGet();
      }
      from = to + 1;
    }
  }

  /**
   * The index belongs to the chain only if the chain's block at the cursor has the hash recorded
   * with it. A chain that is behind the cursor (rewound or reset) or holds another block there is
   * another chain: its index is dropped and rebuilt from the start block.
   */
  private void checkSameChain(long chainHead) {
    if (indexedBlock < cfg.startBlock()) {
      return;
    }
    String reason = null;
    if (chainHead < indexedBlock) {
      reason =
          "the chain head "
              + chainHead
              + " is behind the indexed block "
              + indexedBlock
              + " (chain rewound or reset)";
    } else {
      Optional<String> recorded = store.cursorHash();
      Optional<String> actual = chain.blockHash(indexedBlock);
      if (recorded.isPresent()
          && actual.isPresent()
          && !recorded.get().equalsIgnoreCase(actual.get())) {
        reason =
            "block "
                + indexedBlock
                + " is "
                + actual.get()
                + " on the chain but "
                + recorded.get()
                + " in the index (a different or reset chain)";
      } else if (actual.isEmpty()) {
        reason = "the chain has no block " + indexedBlock;
      }
    }
    if (reason != null) {
      LOG.warn(
          "MCR index reset: {}; dropping the index and re-indexing from block {}",
          reason,
          cfg.startBlock());
      store.reset();
      indexedBlock = cfg.startBlock() - 1;
      version.incrementAndGet();
      everSucceeded = false;
      lastReset = java.time.Instant.now() + ": " + reason;
    }
  }

  /**
   * A follower reads the leader's progress: the committed cursor, and the chain head for the lag.
   * It is available (data endpoints answer) once the chain answers and the index has a cursor.
   */
  private void follow() {
    if (role == Role.LEADER) {
      LOG.warn("no longer the indexing instance: serving reads only");
      role = Role.FOLLOWER;
    }
    long head = chain.blockNumber();
    chainHead = head;
    Optional<Long> cursor = store.cursor();
    long followed = cursor.orElse(cfg.startBlock() - 1);
    if (followed != indexedBlock) {
      // The leader committed (or reset) meanwhile: this instance did not see which facts, so
      // every answer and score built before is stale.
      indexedBlock = followed;
      version.incrementAndGet();
      try {
        onFollowed.run();
      } catch (RuntimeException e) {
        LOG.warn("after following the index to block {}: {}", followed, e.toString());
      }
      // As in poll(): answers built before the listener dropped the old scores are stale.
      version.incrementAndGet();
    }
    if (cursor.isEmpty()) {
      throw new IllegalStateException("waiting for the indexing instance's first batch");
    }
  }

  /** Whether this instance writes the index or only reads it. */
  Role role() {
    return role;
  }

  /**
   * Blocks between the chain head seen last and the indexed block (0 when caught up, counting the
   * confirmations as lag), or -1 before the chain was read.
   */
  long lagBlocks() {
    long head = chainHead;
    return head < 0 ? -1 : Math.max(0, head - indexedBlock);
  }

  /**
   * Moves on each committed batch (and again once its machines are rated) and on each reset:
   * answers built at another version are stale.
   */
  long version() {
    return version.get();
  }

  /** Called on the indexer thread when a follower sees the leader's cursor move. */
  void onFollowed(Runnable listener) {
    this.onFollowed = listener;
  }

  /** Called on the indexer thread after each committed batch that holds facts. */
  void onApplied(java.util.function.Consumer<List<IndexedFact>> listener) {
    this.onApplied = listener;
  }

  /** When and why the index was last dropped and rebuilt since start, or null. */
  String lastReset() {
    return lastReset;
  }

  /** Last block whose facts are committed; {@code startBlock - 1} before the first. */
  long indexedBlock() {
    return indexedBlock;
  }

  /** True once a poll has reached the chain head since start. */
  boolean everSucceeded() {
    return everSucceeded;
  }

  /** True while polls keep failing (the chain cannot be read). */
  boolean failing() {
    return consecutiveFailures > 0;
  }

  String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    running.set(false);
    loop.shutdown();
    try {
      if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      // After the last poll: a follower may take over only once this instance stopped writing.
      leadership.close();
    }
  }
}
