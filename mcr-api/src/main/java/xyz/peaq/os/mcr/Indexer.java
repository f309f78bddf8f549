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
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile java.util.function.Consumer<List<IndexedFact>> onApplied = facts -> {};

  Indexer(McrApiConfig cfg, ChainPort chain, Store store) {
    this.cfg = cfg;
    this.chain = chain;
    this.store = store;
    this.decoder = new LogDecoder(cfg, chain);
    this.indexedBlock = store.cursor().orElse(cfg.startBlock() - 1);
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
    if (!running.get()) {
      return;
    }
    try {
      poll();
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
   * Indexes every confirmed block not yet indexed, from scratch when the chain is not the one
   * indexed.
   */
  void poll() {
    long chainHead = chain.blockNumber();
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

  /** Counts committed batches and resets: answers built at another version are stale. */
  long version() {
    return version.get();
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
    }
  }
}
