package xyz.peaq.os.devnet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.web3j.utils.Numeric;

/**
 * Takes the chain's snapshots: whenever the chain changed (a new block, or a state change this JVM
 * made such as {@code anvil_setBalance}), asks anvil for its state ({@code anvil_dumpState}) and
 * has {@link StateFiles} write it aside, fsync it and rename it over {@code state.json}.
 *
 * <p>Why not anvil's own {@code --state-interval}: anvil rewrites its file in place (a kill during
 * the write leaves a torn file the devnet cannot start from) and rewrites it every interval even
 * when nothing changed (a cost growing with the state while idle). Here an idle chain costs one
 * {@code eth_blockNumber} per interval.
 *
 * <p>Loss window: a snapshot holds the state from its start. The next one starts {@code max(window
 * - 2 x duration, 2 x duration)} after the previous one completed, so a kill at any instant loses
 * at most {@code max(window, 4 x duration)} of chain activity, and snapshots never take more than a
 * third of a core while the chain is busy. anvil serialises its whole chain (blocks and receipts
 * too) in a dump, so the duration grows with history: the window is 1 s while a dump takes under
 * 250 ms (the benchmark prints both; {@link #maxLossMillis()} records the worst bound seen).
 */
final class StateSnapshotter implements AutoCloseable {
  /**
   * anvil answers {@code anvil_dumpState} with the whole state as one hex string of its gzip, which
   * passes Jackson's default limit of 20 million characters once the gzip passes 10 MB (a devnet
   * holding ~10,000 machines): every snapshot then failed after anvil had dumped, each holding the
   * chain's lock for the dump (1-2 s), again every turn, while the journal grew without bound.
   */
  private static final JsonFactory JSON =
      new ObjectMapper()
          .getFactory()
          .setStreamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());

  /** Snapshots take at most about 1/SNAPSHOT_COST_SHARE of the time while the chain is busy. */
  private static final int SNAPSHOT_COST_SHARE = 10;

  /**
   * Snapshots are at most this far apart while the chain changes (when a slow machine makes a dump
   * take long): bounds the journal a start replays.
   */
  private static final long MAX_SNAPSHOT_GAP_MILLIS = 10_000;

  /** A journal this long is folded into a snapshot sooner: it bounds the replay at a start. */
  private static final long JOURNAL_FOLD_BYTES = 32L << 20;

  private final StateFiles files;
  private final ChainJournal journal;
  private final long windowMillis;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI rpc;
  private final Thread thread;
  private final Object monitor = new Object();
  private volatile boolean stopping;
  private volatile boolean dirty = true;
  private long lastHead = -1;
  private volatile long snapshots;
  private volatile long lastDumpMillis;
  private volatile long maxDumpMillis;
  private volatile long maxLossMillis;
  private volatile long lastBytes;
  private volatile long journalDueAt;
  private volatile boolean suspended;
  private volatile long heldMillis;
  private volatile String lastError;

  StateSnapshotter(StateFiles files, ChainJournal journal, String rpcUrl, Duration window) {
    this.files = files;
    this.journal = journal;
    this.windowMillis = window.toMillis();
    this.rpc = URI.create(rpcUrl);
    this.thread = new Thread(this::run, "devnet-state-snapshots");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * A state change without a block (anvil_setBalance, anvil_setCode): snapshot it at the next turn.
   */
  void markDirty() {
    dirty = true;
  }

  long snapshots() {
    return snapshots;
  }

  long lastDumpMillis() {
    return lastDumpMillis;
  }

  long maxDumpMillis() {
    return maxDumpMillis;
  }

  /**
   * The worst loss window so far: with the journal, the longest an acknowledged change waited for
   * its fsync (a kill of any process loses nothing acknowledged; only a power loss could take this
   * much); without it (a snapshot only), the wait between two snapshots plus twice the dump time.
   */
  long maxLossMillis() {
    return journal.active() ? journal.maxSyncLagMillis() : maxLossMillis;
  }

  long lastBytes() {
    return lastBytes;
  }

  String lastError() {
    return lastError;
  }

  private void run() {
    long waitMillis = 0;
    while (true) {
      synchronized (monitor) {
        long until = System.currentTimeMillis() + waitMillis;
        while (!stopping && System.currentTimeMillis() < until) {
          try {
            monitor.wait(Math.max(1, until - System.currentTimeMillis()));
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopping) return;
      }
      long started = System.nanoTime();
      boolean dumped = false;
      try {
        dumped = snapshotIfChanged(false);
        lastError = null;
      } catch (IOException | RuntimeException e) {
        lastError =
            e.toString(); // anvil stopping or gone: the next turn or the exit dump covers it
      } catch (InterruptedException e) {
        return;
      }
      // the dump itself, not the wait for the journal lock
      long tookMillis = dumped ? heldMillis : (System.nanoTime() - started) / 1_000_000;
      if (dumped) {
        lastDumpMillis = tookMillis;
        maxDumpMillis = Math.max(maxDumpMillis, tookMillis);
        if (journal.active()) {
          // the journal holds the loss window: snapshots only bound the replay, so they are rare
          waitMillis = gapAfter(tookMillis);
          journalDueAt = System.currentTimeMillis() + waitMillis;
          waitMillis = windowMillis;
        } else {
          waitMillis = Math.max(windowMillis - 2 * tookMillis, 2 * tookMillis);
          maxLossMillis = Math.max(maxLossMillis, waitMillis + 2 * tookMillis);
        }
      } else {
        waitMillis = windowMillis;
      }
    }
  }

  /**
   * One snapshot if the chain changed since the last one (and, with the journal, the snapshot is
   * due); true when one was written. {@code now}: at once, whatever the schedule (a start, or a
   * call the journal cannot replay such as {@code evm_revert}).
   */
  boolean snapshotIfChanged(boolean now) throws IOException, InterruptedException {
    if (!now && journal.active()) {
      boolean due =
          System.currentTimeMillis() >= journalDueAt
              || (journal.bytes() > JOURNAL_FOLD_BYTES
                  && System.currentTimeMillis()
                      >= journalDueAt - (SNAPSHOT_COST_SHARE - 2) * lastDumpMillis);
      if (!due) return false;
    }
    // no request changes the chain while the dump is taken: the journal restarts exactly after it
    journal.lock();
    long locked = System.nanoTime();
    try {
      if (suspended && !now) return false;
      long head = Numeric.decodeQuantity(call("eth_blockNumber")).longValueExact();
      if (!now && head == lastHead && !dirty && journal.entries() == 0) return false;
      dirty = false;
      String gzipHex = call("anvil_dumpState");
      byte[] gzip = Numeric.hexStringToByteArray(gzipHex);
      String id = java.util.UUID.randomUUID().toString();
      try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(gzip), 1 << 16)) {
        files.write(json, id);
        journal.begin(id, head);
      } catch (IOException e) {
        dirty = true;
        throw e;
      }
      lastHead = head;
      lastBytes = gzip.length;
      snapshots++;
      heldMillis = (System.nanoTime() - locked) / 1_000_000;
      return true;
    } finally {
      journal.unlock();
    }
  }

  /**
   * Takes no more scheduled snapshots (one in progress completes first): what a snapshot that takes
   * very long looks like to the journal, for tests of the replay.
   */
  void suspend() {
    journal.lock();
    try {
      suspended = true;
    } finally {
      journal.unlock();
    }
  }

  /** The time until the next snapshot after one that took {@code tookMillis}. */
  private long gapAfter(long tookMillis) {
    return Math.max(
        windowMillis, Math.min(SNAPSHOT_COST_SHARE * tookMillis, MAX_SNAPSHOT_GAP_MILLIS));
  }

  /** A snapshot now, on the calling thread (the journal starts after it). */
  void snapshotNow() {
    try {
      snapshotIfChanged(true);
    } catch (IOException e) {
      throw new DevnetException("cannot write the chain snapshot: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevnetException("interrupted while writing the chain snapshot", e);
    }
    long tookMillis = heldMillis;
    lastDumpMillis = tookMillis;
    maxDumpMillis = Math.max(maxDumpMillis, tookMillis);
    journalDueAt = System.currentTimeMillis() + gapAfter(tookMillis);
  }

  private String call(String method) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(rpc)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}"))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      return result(body, method);
    }
  }

  /** The {@code result} string of a JSON-RPC answer, however long. */
  static String result(InputStream body, String method) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT)
        throw new IOException(method + ": not a JSON-RPC answer");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("result".equals(field) && p.currentToken() == JsonToken.VALUE_STRING)
          return p.getText();
        if ("error".equals(field))
          throw new IOException(method + " failed: " + p.readValueAsTree());
        p.skipChildren();
      }
      throw new IOException(method + ": no result");
    }
  }

  /**
   * Stops taking snapshots; a snapshot in progress gets a few seconds to complete, then is
   * abandoned (its file is written aside, so an abandoned one never replaces {@code state.json}).
   * Why bounded so tightly: on a Ctrl-C anvil, in the same process group, is already exiting, and a
   * dump request it accepted may never be answered; the thread holds the journal's lock meanwhile,
   * which the journal's close waits for. anvil's exit dump, and else the journal, keep the state.
   */
  @Override
  public void close() {
    synchronized (monitor) {
      stopping = true;
      monitor.notifyAll();
    }
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
      if (thread.isAlive()) {
        thread.interrupt(); // HttpClient.send gives up on an interrupt
        thread.join(Duration.ofSeconds(5).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
