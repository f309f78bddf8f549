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

  private final HttpServer server;
  private final ExecutorService executor;
  private final LocalRpc anvil;
  private final BatchingMiner miner;

  private RpcGateway(
      HttpServer server, ExecutorService executor, LocalRpc anvil, BatchingMiner miner) {
    this.server = server;
    this.executor = executor;
    this.anvil = anvil;
    this.miner = miner;
  }

  static RpcGateway start(String anvilRpcUrl, BatchingMiner miner) {
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
      RpcGateway gateway = new RpcGateway(server, executor, new LocalRpc(anvilRpcUrl), miner);
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

  private void handle(HttpExchange exchange) throws IOException {
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
      LocalRpc.Answer answer;
      if (sync) miner.syncSendStarted();
      try {
        answer = forward(body);
      } finally {
        if (sync) miner.syncSendEnded();
      }
      // mined before the sender hears back, so its first receipt poll finds the receipt
      if (send && !sync)
        miner.transactionSent(answer.status() == 200 && isSingleResult(answer.body()));
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
    server.stop(0);
    executor.shutdownNow();
  }
}
