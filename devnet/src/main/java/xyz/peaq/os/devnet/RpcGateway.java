package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The devnet's JSON-RPC endpoint (the {@code PEAQOS_RPC_URL} of devnet.env): passes every request
 * to anvil unchanged and tells the {@link BatchingMiner} when a transaction was sent. The mining
 * switches ({@code evm_setAutomine}, {@code anvil_setAutomine}, {@code anvil_getAutomine}, {@code
 * evm_setIntervalMining}) are the miner's, so manual mining behaves as on a plain anvil. HTTP only:
 * anvil's WebSocket endpoint is not passed through.
 */
final class RpcGateway implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final String BLOCK_OUT_OF_RANGE = "BlockOutOfRange";
  private static final int READ_RETRIES = 10;

  private final HttpServer server;
  private final ExecutorService executor;
  private final LocalRpc anvil;
  private final BatchingMiner miner;
  private final ChainJournal journal;
  private final StateSnapshotter snapshotter;
  private volatile String lastError;

  private RpcGateway(
      HttpServer server,
      ExecutorService executor,
      LocalRpc anvil,
      BatchingMiner miner,
      ChainJournal journal,
      StateSnapshotter snapshotter) {
    this.server = server;
    this.executor = executor;
    this.anvil = anvil;
    this.miner = miner;
    this.journal = journal;
    this.snapshotter = snapshotter;
  }

  static RpcGateway start(
      String anvilRpcUrl, BatchingMiner miner, ChainJournal journal, StateSnapshotter snapshotter) {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per request. Read once, when the server classes first load.
    if (System.getProperty(NODELAY_PROPERTY) == null) System.setProperty(NODELAY_PROPERTY, "true");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "devnet-rpc-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      RpcGateway gateway =
          new RpcGateway(server, executor, new LocalRpc(anvilRpcUrl), miner, journal, snapshotter);
      server.createContext("/", gateway::handle);
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new DevnetException(
          "cannot open the devnet's RPC port on loopback: " + e.getMessage(), e);
    }
  }

  String rpcUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Never closes a connection without an answer: an HTTP client such as OkHttp retries a request
   * whose connection broke, which would send a transaction twice ("transaction already imported").
   */
  private void handle(HttpExchange exchange) throws IOException {
    try {
      handleRequest(exchange);
    } catch (IOException | RuntimeException e) {
      lastError = e.toString();
      try (exchange) {
        reply(
            exchange,
            500,
            ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":"
                    + JSON.writeValueAsString("the devnet's RPC gateway failed: " + e)
                    + "}}")
                .getBytes(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException ignored) {
        // the answer had started, or the client is gone
      }
    }
  }

  /** The last failure of the gateway itself (not of anvil), for diagnosis. */
  String lastError() {
    return lastError;
  }

  private void handleRequest(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(
            exchange,
            405,
            "{\"error\":\"JSON-RPC over HTTP POST only\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      if (text.contains("Automine") || text.contains("IntervalMining")) {
        byte[] answer = miningSwitch(body);
        if (answer != null) {
          reply(exchange, 200, answer);
          return;
        }
      }
      boolean sync = text.contains("TransactionSync");
      boolean send =
          text.contains("eth_sendRawTransaction") || text.contains("eth_sendTransaction");
      List<JsonNode> changes =
          JournalPolicy.mayChange(text) ? JournalPolicy.changes(body) : List.of();
      long[] mark = send && !sync ? miner.mineMark() : null;
      LocalRpc.Answer answer;
      if (changes.isEmpty()) {
        answer = sync ? forwardCounted(body, true) : forwardRead(body);
      } else if (sync) {
        // answered only once mined, and the miner needs the journal: journaled before it is sent
        journal.lock();
        try {
          for (JsonNode change : changes) journal.appendRpc(change);
        } finally {
          journal.unlock();
        }
        answer = forwardCounted(body, true);
      } else if (changes.size() == 1 && JournalPolicy.isSend(changes.get(0))) {
        // A send only fills the pool, which no snapshot holds, so it need not wait for a block or
        // a snapshot in progress: anvil gets it at once, the journal right after. If a block took
        // it meanwhile, the block's recorded transaction hashes put it back in its block on replay.
        answer = forwardHolding(miner.admissionGate(), body);
        if (answer.status() == 200 && !isSingleError(answer.body())) {
          String txHash = txHashOf(answer.body());
          journal.lock();
          try {
            journal.appendRpc(changes.get(0), txHash);
          } finally {
            journal.unlock();
          }
        }
      } else {
        journal.lock();
        try {
          // sends only: shared with other sends; anything else (a mining request, a state
          // override) alone, as a block is
          answer =
              changes.stream().allMatch(JournalPolicy::isSend)
                  ? forwardHolding(miner.admissionGate(), body)
                  : forwardHolding(miner.blockGate(), body);
          if (answer.status() == 200 && !isSingleError(answer.body())) {
            String txHash = changes.size() == 1 && send ? txHashOf(answer.body()) : null;
            for (JsonNode change : changes) journal.appendRpc(change, txHash);
            if (changes.stream().anyMatch(JournalPolicy::isBarrier)) snapshotAfterBarrier();
          }
        } finally {
          journal.unlock();
        }
      }
      // mined before the sender hears back, so its first receipt poll finds the receipt
      if (send && !sync)
        miner.transactionSent(
            answer.status() == 200 && isSingleResult(answer.body()) ? mark : null);
      reply(exchange, answer.status(), answer.body());
    }
  }

  /**
   * Answers a single mining-switch request itself (or with anvil's help); null for anything else.
   */
  private byte[] miningSwitch(byte[] body) throws IOException {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      return null; // not JSON: anvil says what is wrong
    }
    if (request == null || !request.isObject()) return null;
    String method = request.path("method").asText("");
    JsonNode params = request.path("params");
    Object result;
    switch (method) {
      case "evm_setAutomine", "anvil_setAutomine" -> {
        if (!params.path(0).isBoolean()) return null; // anvil explains the bad parameter
        boolean on = params.path(0).asBoolean();
        if (on)
          anvilCall(
              "evm_setIntervalMining",
              "[0]"); // the timer stops, as anvil's automine would replace it
        miner.setAutomine(on);
        result = null;
      }
      case "anvil_getAutomine" -> result = miner.automine();
      case "evm_setIntervalMining", "anvil_setIntervalMining" -> {
        JsonNode answer =
            JSON.readTree(anvilCall(method, params.isMissingNode() ? "[]" : params.toString()));
        if (!answer.has("error")) miner.setAutomine(false);
        ((ObjectNode) answer).set("id", request.path("id"));
        return JSON.writeValueAsBytes(answer);
      }
      default -> {
        return null;
      }
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", request.path("id"));
    answer.set("result", JSON.valueToTree(result));
    return JSON.writeValueAsBytes(answer);
  }

  private String anvilCall(String method, String paramsJson) throws IOException {
    return anvil.call(method, paramsJson);
  }

  /**
   * The journal cannot replay a revert or a reset onto its snapshot: a new snapshot replaces both.
   */
  private void snapshotAfterBarrier() {
    try {
      snapshotter.snapshotNow();
    } catch (DevnetException e) {
      snapshotter.markDirty(); // the next turn tries again; the request itself succeeded
    }
  }

  private LocalRpc.Answer forwardCounted(byte[] body, boolean sync) {
    if (sync) miner.syncSendStarted();
    try {
      return forward(body);
    } finally {
      if (sync) miner.syncSendEnded();
    }
  }

  /**
   * A read. anvil resolves {@code latest} to a block number, then reads that block's state; with
   * {@code --prune-history} it keeps the head's state only, so a block mined in between fails the
   * read with {@code BlockOutOfRangeError} ("block height is 907 but requested was 906") although
   * the client asked for the newest state. Reads change nothing: asked again, up to a few times.
   * Reads are not held back while a block is mined (a long {@code eth_getLogs} would delay every
   * block); the retry costs nothing when no block raced.
   */
  private LocalRpc.Answer forwardRead(byte[] body) {
    LocalRpc.Answer answer = forward(body);
    for (int retry = 0;
        retry < READ_RETRIES
            && answer.status() == 200
            && new String(answer.body(), StandardCharsets.UTF_8).contains(BLOCK_OUT_OF_RANGE);
        retry++) {
      answer = forward(body);
    }
    return answer;
  }

  /**
   * Forwards while holding {@code gate}: the miner's admission gate for requests that add to
   * anvil's pool, its block gate for anything that mines or overrides state (see BatchingMiner).
   */
  private LocalRpc.Answer forwardHolding(java.util.concurrent.locks.Lock gate, byte[] body) {
    gate.lock();
    try {
      return forward(body);
    } finally {
      gate.unlock();
    }
  }

  /** The transaction hash a single send answered with, or null. */
  private static String txHashOf(byte[] body) {
    try {
      JsonNode result = JSON.readTree(body).path("result");
      return result.isTextual() && result.asText().length() == 66 ? result.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A single JSON-RPC answer that is an error (a batch answers false: parts may have worked). */
  private static boolean isSingleError(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).stripLeading();
    return text.startsWith("{") && text.contains("\"error\"");
  }

  /** A single JSON-RPC answer with a result (a batch or an error answers false). */
  private static boolean isSingleResult(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).stripLeading();
    return text.startsWith("{") && text.contains("\"result\"") && !text.contains("\"error\"");
  }

  private LocalRpc.Answer forward(byte[] body) {
    try {
      return anvil.post(body, 300_000);
    } catch (IOException e) {
      return new LocalRpc.Answer(
          502,
          ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":"
                  + "\"the devnet's anvil did not answer: "
                  + String.valueOf(e.getMessage()).replace("\"", "'")
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    // bounded: HttpServer.stop joins its dispatcher thread without a time limit, and a stop (a
    // shutdown hook on Ctrl-C) must not hang on it
    Thread stopper = new Thread(() -> server.stop(0), "devnet-rpc-stop");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
