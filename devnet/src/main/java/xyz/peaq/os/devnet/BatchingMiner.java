package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.utils.Numeric;

/**
 * The devnet's miner. anvil runs without mining ({@code --no-mining}); whenever a transaction
 * reaches the pool, this loop calls {@code evm_mine}, which puts every pending transaction in one
 * block. A lone transaction is mined at once (one local round trip after its send); transactions
 * that arrive while a block is being mined go together into the next one.
 *
 * <p>Why: anvil's own automine hands the block producer one set per pool notification, so a busy
 * devnet mined about one transaction per block, and every block costs a full state-root
 * computation over all accounts and storage (anvil 1.7.1 recomputes the trie from scratch).
 *
 * <p>{@code evm_setAutomine(false)} reaches this miner through {@link RpcGateway} and pauses it
 * (manual mining with {@code evm_mine} keeps working); {@code evm_setIntervalMining(n)} hands mining
 * back to anvil's timer.
 */
final class BatchingMiner implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI anvil;
    private final Thread thread;
    private final Object monitor = new Object();
    private final AtomicInteger syncSendsInFlight = new AtomicInteger();
    private boolean kicked;
    private volatile boolean automine;
    private volatile boolean stopping;
    private volatile long blocksMined;

    BatchingMiner(String anvilRpcUrl, boolean automine) {
        this.anvil = URI.create(anvilRpcUrl);
        this.automine = automine;
        this.thread = new Thread(this::run, "devnet-miner");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean automine() { return automine; }

    long blocksMined() { return blocksMined; }

    void setAutomine(boolean on) {
        automine = on;
        if (on) kick(); // what waited in the pool is mined now, as anvil does
    }

    /** A transaction may have entered the pool. */
    void kick() {
        synchronized (monitor) {
            kicked = true;
            monitor.notifyAll();
        }
    }

    /** An eth_send*Sync call returns only once mined: keep mining until it has returned. */
    void syncSendStarted() {
        syncSendsInFlight.incrementAndGet();
        kick();
    }

    void syncSendEnded() {
        syncSendsInFlight.decrementAndGet();
    }

    private void run() {
        while (true) {
            synchronized (monitor) {
                while (!kicked && !stopping) {
                    try {
                        monitor.wait(syncSendsInFlight.get() > 0 ? 1 : 0);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (syncSendsInFlight.get() > 0) break;
                }
                if (stopping) return;
                kicked = false;
            }
            if (!automine) continue;
            try {
                if (pendingTransactions() > 0) {
                    call("evm_mine");
                    blocksMined++;
                }
            } catch (IOException | RuntimeException e) {
                // anvil stopping, or a hiccup: the next transaction kicks again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long pendingTransactions() throws IOException, InterruptedException {
        JsonNode pending = call("txpool_status").path("pending");
        return pending.isNumber() ? pending.asLong() : Numeric.decodeQuantity(pending.asText("0x0")).longValueExact();
    }

    private JsonNode call(String method) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(anvil)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}"))
                .build();
        JsonNode answer = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
        if (answer.has("error")) throw new IOException(method + " failed: " + answer.get("error"));
        return answer.path("result");
    }

    @Override
    public void close() {
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
