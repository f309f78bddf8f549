package xyz.peaq.os.mcr;

import java.util.List;
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

  Indexer(McrApiConfig cfg, ChainPort chain, Store store) {
    this.cfg = cfg;
    this.chain = chain;
    this.store = store;
    this.decoder = new LogDecoder(cfg, chain);
    this.indexedBlock = store.cursor().orElse(cfg.startBlock() - 1);
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
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
    loop.scheduleWithFixedDelay(this::pollSafely, cfg.pollInterval().toMillis(), cfg.pollInterval().toMillis(),
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

  /** Indexes every confirmed block not yet indexed. */
  void poll() {
    long head = chain.blockNumber() - cfg.confirmations();
    long from = indexedBlock + 1;
    while (from <= head && running.get()) {
      long to = Math.min(head, from + cfg.maxBlockRange() - 1);
      List<ChainLog> logs = chain.logs(decoder.addresses(), from, to);
      List<IndexedFact> facts = decoder.decode(logs);
      store.apply(to, facts);
      indexedBlock = to;
      from = to + 1;
    }
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
