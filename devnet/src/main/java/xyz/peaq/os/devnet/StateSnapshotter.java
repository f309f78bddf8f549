package xyz.peaq.os.devnet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  private final StateFiles files;
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
  private volatile String lastError;

  StateSnapshotter(StateFiles files, String rpcUrl, Duration window) {
    this.files = files;
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

  /** The worst loss window so far: the wait between two snapshots plus twice the dump time. */
  long maxLossMillis() {
    return maxLossMillis;
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
        dumped = snapshotIfChanged();
        lastError = null;
      } catch (IOException | RuntimeException e) {
        lastError =
            e.toString(); // anvil stopping or gone: the next turn or the exit dump covers it
      } catch (InterruptedException e) {
        return;
      }
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      if (dumped) {
        lastDumpMillis = tookMillis;
        maxDumpMillis = Math.max(maxDumpMillis, tookMillis);
        waitMillis = Math.max(windowMillis - 2 * tookMillis, 2 * tookMillis);
        maxLossMillis = Math.max(maxLossMillis, waitMillis + 2 * tookMillis);
      } else {
        waitMillis = windowMillis;
      }
    }
  }

  /** One snapshot now if the chain changed since the last one; true when one was written. */
  boolean snapshotIfChanged() throws IOException, InterruptedException {
    long head = Numeric.decodeQuantity(call("eth_blockNumber")).longValueExact();
    if (head == lastHead && !dirty) return false;
    dirty = false;
    String gzipHex = call("anvil_dumpState");
    byte[] gzip = Numeric.hexStringToByteArray(gzipHex);
    try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(gzip), 1 << 16)) {
      files.write(json);
    } catch (IOException e) {
      dirty = true;
      throw e;
    }
    lastHead = head;
    lastBytes = gzip.length;
    snapshots++;
    return true;
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
    try (JsonParser p = JSON.createParser(response.body())) {
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

  /** Stops taking snapshots; a snapshot in progress completes first. */
  @Override
  public void close() {
    synchronized (monitor) {
      stopping = true;
      monitor.notifyAll();
    }
    try {
      thread.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
