package xyz.peaq.os.sdk.internal.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.sdk.chain.BlockInfo;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.GasPolicy;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.LogFilter;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.Signer;
import xyz.peaq.os.sdk.chain.TransactionInfo;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.http.HttpTransport;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * The SDK's {@link ChainReads}: a JSON-RPC connection to an EVM chain (peaq, agung or the devnet).
 * Internal to the SDK: users and services go through {@code PeaqosClient}, {@link ChainReads},
 * {@link Signer} and {@link TransactionPipeline}. Thread-safe; share one per endpoint. Transport
 * failures are retried per {@link RetryPolicy} and then thrown as {@link RpcException} naming the
 * endpoint; reverts are decoded by the {@link RevertDecoder} into {@link ContractRevertException}
 * and never retried.
 *
 * <pre>{@code
 * try (ChainClient chain = ChainClient.connect("http://127.0.0.1:8545")) {
 *   TransactionSender sender = chain.sender(privateKeyHex);
 *   SignedTransaction tx = sender.sign(TxRequest.transfer(wallet, amount)); // hash known here
 *   journal.record(tx.hash());
 *   sender.broadcast(tx);
 *   TxReceipt receipt = chain.awaitReceipt(tx.hash(), Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class ChainClient implements ChainReads {
  private final JsonRpcTransport rpc;
  private final TransactionPipeline pipeline;
  private final RevertDecoder revertDecoder;
  private final GasPolicy gasPolicy;
  private final Duration receiptTimeout;
  private final Duration pollInterval;
  private final Duration feeCacheTtl;
  private final Map<String, NonceManager> nonceManagers = new ConcurrentHashMap<>();
  private volatile Long chainId;
  private volatile FeeData cachedFees;
  private volatile long cachedFeesAt;

  private ChainClient(Builder b) {
    this.rpc =
        new JsonRpcTransport(
            b.uri,
            b.transport != null ? b.transport : HttpTransport.okHttp(b.connectTimeout),
            b.requestTimeout,
            b.retryPolicy,
            new ObjectMapper());
    this.pipeline = TransactionPipeline.of(b.retryPolicy);
    this.revertDecoder = b.revertDecoder;
    this.gasPolicy = b.gasPolicy;
    this.receiptTimeout = b.receiptTimeout;
    this.pollInterval = b.pollInterval;
    this.feeCacheTtl = b.feeCacheTtl;
    this.chainId = b.expectedChainId;
  }

  /**
   * A client with default timeouts (5 s connect, 30 s per request) and retries. No I/O happens
   * here.
   */
  public static ChainClient connect(String rpcUrl) {
    return builder(rpcUrl).build();
  }

  public static Builder builder(String rpcUrl) {
    return new Builder(rpcUrl);
  }

  /** The SDK's implementation behind a {@link ChainReads} (the only one there is). */
  public static ChainClient of(ChainReads chain) {
    if (chain instanceof ChainClient c) {
      return c;
    }
    throw new IllegalArgumentException(
        "not a connection of the SDK: " + chain + "; obtain one with ChainReads.connect");
  }

  /** The transaction pipeline with this client's retry limits. */
  public TransactionPipeline pipeline() {
    return pipeline;
  }

  /** The endpoint as shown in errors (scheme, host and port; credentials and paths left out). */
  public String endpoint() {
    return rpc.endpoint();
  }

  public RevertDecoder revertDecoder() {
    return revertDecoder;
  }

  public GasPolicy gasPolicy() {
    return gasPolicy;
  }

  /** The default receipt timeout of {@link TransactionSender#send(TxRequest)}. */
  public Duration receiptTimeout() {
    return receiptTimeout;
  }

  // ---------------------------------------------------------------- reads

  /** {@code eth_chainId}, asked once and cached. */
  public long chainId() {
    Long id = chainId;
    if (id == null) {
      id = exactLong(quantity(rpc.call("eth_chainId")));
      chainId = id;
    }
    return id;
  }

  /**
   * {@code eth_chainId} asked again, not answered from the cache (for verification against a
   * preset). The answer fills an empty cache: a configuration check before the first signature then
   * spares the signer its own {@code eth_chainId}.
   */
  public long fetchChainId() {
    long id = exactLong(quantity(call0("eth_chainId")));
    learnChainId(id);
    return id;
  }

  /** The latest block number. */
  public BigInteger blockNumber() {
    return quantity(call0("eth_blockNumber"));
  }

  /** Header of block {@code number}, or empty when the chain is not there yet. */
  public Optional<BlockInfo> block(BigInteger number) {
    return block(BlockRef.number(number));
  }

  /** Header of a block by tag or number. */
  public Optional<BlockInfo> block(BlockRef ref) {
    JsonNode b = call0("eth_getBlockByNumber", ref.value(), false);
    if (b == null || b.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new BlockInfo(
            quantity(b.get("number")),
            text(b.get("hash")),
            text(b.get("parentHash")),
            Instant.ofEpochSecond(exactLong(quantity(b.get("timestamp")))),
            b.hasNonNull("baseFeePerGas") ? quantity(b.get("baseFeePerGas")) : null,
            quantity(b.get("gasLimit"))));
  }

  /** Timestamp of block {@code number}. */
  public Instant blockTimestamp(BigInteger number) {
    return block(number)
        .orElseThrow(
            () ->
                new RpcException(
                    endpoint(), "block " + number + " not found on " + endpoint(), null))
        .timestamp();
  }

  /** Balance in wei at the latest block. */
  public BigInteger balance(String address) {
    return quantity(call0("eth_getBalance", Addresses.require("address", address), "latest"));
  }

  /** Runtime code at the latest block ({@code 0x} for an account without code). */
  public String code(String address) {
    return text(call0("eth_getCode", Addresses.require("address", address), "latest"));
  }

  /** True when {@code address} has code. Note that peaq's real precompiles report none. */
  public boolean hasCode(String address) {
    String code = code(address);
    return code != null && Hex.strip0x(code).length() > 0;
  }

  /** Transaction count: {@code latest} = mined, {@code pending} = including the pool. */
  public BigInteger nonce(String address, BlockRef ref) {
    return quantity(
        call0("eth_getTransactionCount", Addresses.require("address", address), ref.value()));
  }

  /**
   * {@code eth_call} at the latest block; returns the result as 0x-hex.
   *
   * @throws ContractRevertException with the decoded error when the call reverts
   */
  public String call(String to, String data) {
    return call(null, to, BigInteger.ZERO, data, BlockRef.latest());
  }

  /**
   * {@code eth_call} from {@code from} (may be null) with {@code value} at {@code block}.
   *
   * @throws ContractRevertException with the decoded error when the call reverts
   */
  public String call(String from, String to, BigInteger value, String data, BlockRef block) {
    Map<String, Object> tx = txObject(from, to, value, data);
    try {
      return text(rpc.call("eth_call", tx, block.value()));
    } catch (NodeError e) {
      throw mapNodeError(e, "eth_call to " + tx.get("to"), null);
    }
  }

  /**
   * {@code eth_estimateGas} (no margin).
   *
   * @throws ContractRevertException when the transaction would revert
   */
  public BigInteger estimateGas(String from, String to, BigInteger value, String data) {
    Map<String, Object> tx = txObject(from, to, value, data);
    try {
      return quantity(rpc.call("eth_estimateGas", tx));
    } catch (NodeError e) {
      throw mapNodeError(e, "gas estimate of a call to " + tx.get("to"), null);
    }
  }

  /**
   * Current EIP-1559 fees: base fee of the latest block, the node's priority fee ({@code
   * eth_maxPriorityFeePerGas}, else the median of {@code eth_feeHistory}, else 0), and a cap of
   * {@code 2 × base + priority}. On a chain without base fees {@code eth_gasPrice} fills all three.
   * Cached for the builder's {@code feeCacheTtl}.
   */
  public FeeData feeData() {
    FeeData f = cachedFees;
    if (f != null && System.nanoTime() - cachedFeesAt < feeCacheTtl.toNanos()) {
      return f;
    }
    BlockInfo latest =
        block(BlockRef.latest())
            .orElseThrow(
                () -> new RpcException(endpoint(), "no latest block on " + endpoint(), null));
    if (latest.baseFeePerGas() == null) {
      BigInteger gasPrice = quantity(call0("eth_gasPrice"));
      f = new FeeData(gasPrice, gasPrice, gasPrice);
    } else {
      BigInteger priority = priorityFee();
      BigInteger base = latest.baseFeePerGas();
      f = new FeeData(base, priority, base.shiftLeft(1).add(priority));
    }
    cachedFees = f;
    cachedFeesAt = System.nanoTime();
    return f;
  }

  void invalidateFees() {
    cachedFees = null;
  }

  private BigInteger priorityFee() {
    try {
      return quantity(rpc.call("eth_maxPriorityFeePerGas"));
    } catch (NodeError unsupported) {
      try {
        JsonNode h = rpc.call("eth_feeHistory", Hex.quantity(5), "latest", Immutables.list(50));
        List<BigInteger> rewards = new ArrayList<>();
        for (JsonNode r : h.path("reward")) {
          rewards.add(quantity(r.get(0)));
        }
        rewards.sort(null);
        return rewards.isEmpty() ? BigInteger.ZERO : rewards.get(rewards.size() / 2);
      } catch (NodeError alsoUnsupported) {
        return BigInteger.ZERO;
      }
    }
  }

  /** {@code eth_getLogs} over the filter's range. Split large ranges yourself; nodes cap them. */
  public List<LogEntry> logs(LogFilter filter) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("fromBlock", filter.fromBlock().value());
    f.put("toBlock", filter.toBlock().value());
    if (!filter.addresses().isEmpty()) {
      f.put("address", filter.addresses());
    }
    if (!filter.topics().isEmpty()) {
      List<Object> topics = new ArrayList<>();
      for (List<String> alternatives : filter.topics()) {
        topics.add(
            alternatives.isEmpty()
                ? null
                : alternatives.size() == 1 ? alternatives.get(0) : alternatives);
      }
      f.put("topics", topics);
    }
    List<LogEntry> out = new ArrayList<>();
    for (JsonNode l : call0("eth_getLogs", f)) {
      out.add(log(l));
    }
    return out;
  }

  /** The receipt, or empty while the transaction is pending or unknown. */
  public Optional<TxReceipt> receipt(String txHash) {
    return receiptOf(call0("eth_getTransactionReceipt", requireHash(txHash)));
  }

  /**
   * The receipts of many transactions in one JSON-RPC batch (one HTTP request), in order; empty for
   * a transaction still pending or unknown.
   */
  public List<Optional<TxReceipt>> receipts(List<String> txHashes) {
    List<String> methods = new ArrayList<>();
    List<Object[]> params = new ArrayList<>();
    for (String h : txHashes) {
      methods.add("eth_getTransactionReceipt");
      params.add(new Object[] {requireHash(h)});
    }
    List<Optional<TxReceipt>> out = new ArrayList<>();
    Object[] answers = batch(methods, params);
    for (Object a : answers) {
      if (a instanceof NodeError e) {
        throw mapNodeError(e, "eth_getTransactionReceipt", null);
      }
      out.add(receiptOf((JsonNode) a));
    }
    return out;
  }

  /**
   * Many {@code eth_call}s at the latest block in one JSON-RPC batch: each element is the result as
   * 0x-hex, or the decoded {@link ContractRevertException} of a call that reverted.
   *
   * @param calls pairs of contract address and calldata
   */
  public List<Object> callAll(List<String[]> calls) {
    List<String> methods = new ArrayList<>();
    List<Object[]> params = new ArrayList<>();
    for (String[] c : calls) {
      methods.add("eth_call");
      params.add(new Object[] {txObject(null, c[0], BigInteger.ZERO, c[1]), "latest"});
    }
    Object[] answers = batch(methods, params);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      out.add(
          answers[i] instanceof NodeError e
              ? mapNodeError(e, "eth_call to " + calls.get(i)[0], null)
              : text((JsonNode) answers[i]));
    }
    return out;
  }

  /** The transaction counts of many addresses in one JSON-RPC batch, in order. */
  public List<BigInteger> nonces(List<String> addresses, BlockRef ref) {
    List<String> methods = new ArrayList<>();
    List<Object[]> params = new ArrayList<>();
    for (String a : addresses) {
      methods.add("eth_getTransactionCount");
      params.add(new Object[] {Addresses.require("address", a), ref.value()});
    }
    List<BigInteger> out = new ArrayList<>();
    for (Object a : batch(methods, params)) {
      if (a instanceof NodeError e) {
        throw mapNodeError(e, "eth_getTransactionCount", null);
      }
      out.add(quantity((JsonNode) a));
    }
    return out;
  }

  /**
   * A new batch of independent reads on this connection, sent as one JSON-RPC request (see {@link
   * ReadBatch}).
   */
  public ReadBatch readBatch() {
    return new ReadBatch(this);
  }

  /** {@link ReadBatch}'s request. */
  Object[] batchOf(List<String> methods, List<Object[]> params) {
    return batch(methods, params);
  }

  /** A chain id the node answered: it fills an empty cache, as {@link #fetchChainId()}. */
  void learnChainId(long id) {
    if (chainId == null) {
      chainId = id;
    }
  }

  /** One JSON-RPC batch of at most 200 calls per request (nodes cap batch sizes). */
  private Object[] batch(List<String> methods, List<Object[]> params) {
    Object[] out = new Object[methods.size()];
    for (int from = 0; from < methods.size(); from += 200) {
      int to = Math.min(methods.size(), from + 200);
      Object[] part = rpc.batch(methods.subList(from, to), params.subList(from, to));
      System.arraycopy(part, 0, out, from, part.length);
    }
    return out;
  }

  private Optional<TxReceipt> receiptOf(JsonNode r) {
    if (r == null || r.isNull()) {
      return Optional.empty();
    }
    List<LogEntry> logs = new ArrayList<>();
    for (JsonNode l : r.path("logs")) {
      logs.add(log(l));
    }
    return Optional.of(
        new TxReceipt(
            text(r.get("transactionHash")),
            quantity(r.get("blockNumber")),
            text(r.get("blockHash")),
            quantity(r.get("status")).signum() == 1,
            quantity(r.get("gasUsed")),
            r.hasNonNull("effectiveGasPrice") ? quantity(r.get("effectiveGasPrice")) : null,
            addressOrNull(r.get("from")),
            addressOrNull(r.get("to")),
            addressOrNull(r.get("contractAddress")),
            logs));
  }

  /**
   * What the node knows of a transaction, or empty when it knows nothing (dropped or never sent).
   */
  public Optional<TransactionInfo> transaction(String txHash) {
    JsonNode t = call0("eth_getTransactionByHash", requireHash(txHash));
    if (t == null || t.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new TransactionInfo(
            text(t.get("hash")),
            addressOrNull(t.get("from")),
            addressOrNull(t.get("to")),
            quantity(t.get("nonce")),
            quantity(t.get("value")),
            t.hasNonNull("blockNumber") ? quantity(t.get("blockNumber")) : null));
  }

  /**
   * Polls for the receipt until {@code timeout}. Returns it whatever its status.
   *
   * @throws ReceiptTimeoutException when none arrived in time (the transaction may still be mined)
   */
  public TxReceipt awaitReceipt(String txHash, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long sleep = Math.max(5, pollInterval.toMillis() / 4);
    while (true) {
      Optional<TxReceipt> r = receipt(txHash);
      if (r.isPresent()) {
        return r.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ReceiptTimeoutException(txHash, timeout);
      }
      try {
        Thread.sleep(Math.min(sleep, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReceiptTimeoutException(txHash, timeout);
      }
      sleep = Math.min(sleep * 2, pollInterval.toMillis());
    }
  }

  /**
   * Replays a mined, reverted transaction with {@code eth_call} to recover the revert data a
   * receipt does not carry, and returns the decoded exception. The replay runs on the state before
   * the transaction's block; when it passes there (the revert came from an earlier transaction of
   * the same block) it runs again on the state after that block.
   */
  public ContractRevertException explainRevert(TxReceipt receipt, String context) {
    JsonNode t = call0("eth_getTransactionByHash", receipt.transactionHash());
    if (t == null || t.isNull()) {
      return revertDecoder.toException(context, null, null, receipt.transactionHash());
    }
    Map<String, Object> tx =
        txObject(
            text(t.get("from")), text(t.get("to")), quantity(t.get("value")), text(t.get("input")));
    tx.put("gas", text(t.get("gas")));
    BigInteger before =
        receipt.blockNumber().signum() > 0
            ? receipt.blockNumber().subtract(BigInteger.ONE)
            : BigInteger.ZERO;
    for (BigInteger block : Immutables.list(before, receipt.blockNumber())) {
      try {
        rpc.call("eth_call", tx, Hex.quantity(block));
      } catch (NodeError e) {
        if (e.isRevert()) {
          return revertDecoder.toException(
              context, e.data, e.nodeMessage, receipt.transactionHash());
        }
      }
    }
    return revertDecoder.toException(context, null, null, receipt.transactionHash());
  }

  /**
   * Any JSON-RPC method, e.g. {@code anvil_setBalance} on the devnet. Node errors become {@link
   * ContractRevertException} (reverts) or {@link RpcException}.
   */
  public JsonNode request(String method, Object... params) {
    try {
      return rpc.call(method, params);
    } catch (NodeError e) {
      throw mapNodeError(e, method, null);
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * The sender for a private key ({@code 0x} + 64 hex). All senders of one address on this client
   * share one nonce manager, so many transactions can be in flight from several threads.
   */
  public TransactionSender sender(String privateKeyHex) {
    return sender(credentials(privateKeyHex));
  }

  @Override
  public Signer signer(String privateKeyHex) {
    return sender(privateKeyHex);
  }

  /** The sender for web3j credentials. */
  public TransactionSender sender(Credentials credentials) {
    String address = Addresses.checksum(credentials.getAddress());
    NonceManager nm =
        nonceManagers.computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> new NonceManager());
    return new TransactionSender(this, credentials, address, nm);
  }

  /**
   * Sends a transaction signed earlier (its raw hex kept in a journal), e.g. to reconcile after a
   * crash. The hash is computed locally. A node that already has it, or has mined it, counts as
   * success. Nonce managers are not touched.
   *
   * @return the transaction hash
   * @throws BroadcastRejectedException when the node refuses it (e.g. its nonce went to another
   *     transaction)
   */
  public String rebroadcast(String rawHex) {
    byte[] raw = Hex.decode("rawHex", rawHex);
    String hash = Hex.encode(org.web3j.crypto.Hash.sha3(raw));
    try {
      sendRaw(Hex.encode(raw));
      return hash;
    } catch (NodeError e) {
      if (e.refusal() == NodeError.Refusal.ALREADY_KNOWN || transaction(hash).isPresent()) {
        return hash;
      }
      throw refused(e, hash, "Node " + endpoint() + " refused " + hash + ": " + e.nodeMessage);
    }
  }

  /**
   * Sends many signed transactions in one JSON-RPC batch of {@code eth_sendRawTransaction} (one
   * HTTP request per 200), in order: a node that mines on arrival (the devnet) then puts them in
   * one block instead of one block per request. Each element of the answer is null when the node
   * took the transaction (or already had it, or has mined it), else that transaction's refusal.
   * Nonce managers are not touched: the caller decides what a refusal means (e.g. sends that one
   * again through its {@link Signer}).
   */
  public List<BroadcastRejectedException> broadcastAll(List<SignedTransaction> txs) {
    List<String> methods = new ArrayList<>();
    List<Object[]> params = new ArrayList<>();
    for (SignedTransaction tx : txs) {
      methods.add("eth_sendRawTransaction");
      params.add(new Object[] {tx.rawHex()});
    }
    Object[] answers = batch(methods, params);
    List<BroadcastRejectedException> out = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      SignedTransaction tx = txs.get(i);
      if (!(answers[i] instanceof NodeError e)
          || e.refusal() == NodeError.Refusal.ALREADY_KNOWN
          || (e.refusal() == NodeError.Refusal.NONCE_USED && transaction(tx.hash()).isPresent())) {
        out.add(null);
        continue;
      }
      out.add(
          refused(
              e, tx.hash(), "Node " + endpoint() + " refused " + tx.hash() + ": " + e.nodeMessage));
    }
    return out;
  }

  /**
   * The refusal of {@code eth_sendRawTransaction} as the exception users see, classified once by
   * {@link NodeError#refusal()}.
   */
  BroadcastRejectedException refused(NodeError e, String txHash, String message) {
    BroadcastRejectedException.Reason reason =
        switch (e.refusal()) {
          case NONCE_USED -> BroadcastRejectedException.Reason.NONCE_TOO_LOW;
          case INSUFFICIENT_FUNDS -> BroadcastRejectedException.Reason.INSUFFICIENT_FUNDS;
          case UNDERPRICED -> BroadcastRejectedException.Reason.UNDERPRICED;
          case ALREADY_KNOWN, OTHER -> BroadcastRejectedException.Reason.REJECTED;
        };
    return new BroadcastRejectedException(reason, txHash, message);
  }

  /**
   * {@code eth_sendRawTransaction}; returns the node's hash. Prefer {@link
   * TransactionSender#broadcast}.
   */
  String sendRaw(String rawHex) {
    return text(rpc.call("eth_sendRawTransaction", rawHex));
  }

  /** Parses a private key. The message never contains the key. */
  public static Credentials credentials(String privateKeyHex) {
    if (privateKeyHex == null || privateKeyHex.trim().isEmpty()) {
      throw ValidationException.required("privateKey");
    }
    String k = privateKeyHex.trim();
    if (!k.startsWith("0x")) {
      k = "0x" + k;
    }
    if (!Hex.isHexOfLength(k, 32)) {
      throw new ValidationException(
          "privateKey", "private key must be 0x followed by 64 hex characters (66 in all)");
    }
    BigInteger d = new BigInteger(k.substring(2), 16);
    if (d.signum() == 0 || d.compareTo(SECP256K1_N) >= 0) {
      throw new ValidationException("privateKey", "private key is outside the secp256k1 range");
    }
    return Credentials.create(k);
  }

  /**
   * A decoded key checked like {@link #credentials(String)}: inside the secp256k1 range. The
   * message never contains the key.
   */
  public static Credentials requireValid(String field, Credentials credentials) {
    BigInteger d = credentials.getEcKeyPair().getPrivateKey();
    if (d.signum() <= 0 || d.compareTo(SECP256K1_N) >= 0) {
      throw new ValidationException(field, field + " is not a valid secp256k1 private key");
    }
    return credentials;
  }

  private static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  /** Does nothing remote; the JDK HTTP client frees its threads when unreferenced. */
  @Override
  public void close() {
    nonceManagers.clear();
  }

  @Override
  public String toString() {
    return "ChainClient[" + endpoint() + "]";
  }

  // ---------------------------------------------------------------- helpers

  RuntimeException mapNodeError(NodeError e, String context, String txHash) {
    if (e.isRevert()) {
      return revertDecoder.toException(context, e.data, e.nodeMessage, txHash);
    }
    return new RpcException(
        endpoint(),
        "RPC "
            + endpoint()
            + " refused "
            + context
            + ": "
            + e.nodeMessage
            + " (code "
            + e.code
            + ")",
        null);
  }

  private JsonNode call0(String method, Object... params) {
    try {
      return rpc.call(method, params);
    } catch (NodeError e) {
      throw mapNodeError(e, method, null);
    }
  }

  static Map<String, Object> txObject(String from, String to, BigInteger value, String data) {
    Map<String, Object> tx = new LinkedHashMap<>();
    if (from != null) {
      tx.put("from", Addresses.require("from", from));
    }
    tx.put("to", Addresses.require("to", to));
    if (value != null && value.signum() > 0) {
      tx.put("value", Hex.quantity(value));
    }
    tx.put("data", data == null || data.isEmpty() ? "0x" : data);
    return tx;
  }

  private static String requireHash(String txHash) {
    if (!Hex.isHexOfLength(txHash, 32)) {
      throw new ValidationException("txHash", "txHash must be 0x followed by 64 hex characters");
    }
    return txHash.toLowerCase(Locale.ROOT);
  }

  private static LogEntry log(JsonNode l) {
    List<String> topics = new ArrayList<>();
    for (JsonNode t : l.path("topics")) {
      topics.add(t.asText().toLowerCase(Locale.ROOT));
    }
    return new LogEntry(
        Addresses.checksum(text(l.get("address"))),
        topics,
        text(l.get("data")),
        l.hasNonNull("blockNumber") ? quantity(l.get("blockNumber")) : null,
        text(l.get("blockHash")),
        text(l.get("transactionHash")),
        quantity(l.get("transactionIndex")).intValue(),
        quantity(l.get("logIndex")).intValue(),
        l.path("removed").asBoolean(false));
  }

  private static String addressOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : Addresses.checksum(n.asText());
  }

  static BigInteger quantity(JsonNode n) {
    return n == null || n.isNull() ? BigInteger.ZERO : Hex.toBigInteger(n.asText());
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  // BigInteger.longValueExact is Java 8 but Android API 31.
  static long exactLong(BigInteger v) {
    if (v.bitLength() > 63) {
      throw new ArithmeticException("BigInteger out of long range: " + v);
    }
    return v.longValue();
  }

  /** Options of a {@link ChainClient}. */
  public static final class Builder {
    private final URI uri;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RevertDecoder revertDecoder = RevertDecoder.standard();
    private GasPolicy gasPolicy = GasPolicy.defaults();
    private Duration receiptTimeout = Duration.ofSeconds(120);
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration feeCacheTtl = Duration.ofSeconds(1);
    private Long expectedChainId;
    private HttpTransport transport;

    private Builder(String rpcUrl) {
      if (rpcUrl == null || rpcUrl.trim().isEmpty()) {
        throw ValidationException.required("PEAQOS_RPC_URL");
      }
      URI u;
      try {
        u = URI.create(rpcUrl.trim());
      } catch (IllegalArgumentException e) {
        throw new ValidationException("PEAQOS_RPC_URL", "PEAQOS_RPC_URL must be an http(s) URL");
      }
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new ValidationException(
            "PEAQOS_RPC_URL",
            "PEAQOS_RPC_URL must be an http(s) URL such as http://127.0.0.1:8545");
      }
      this.uri = u;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** Sends through this transport (its own connect timeout applies) instead of the default. */
    public Builder transport(HttpTransport t) {
      this.transport = Objects.requireNonNull(t, "transport");
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder retryPolicy(RetryPolicy p) {
      this.retryPolicy = Objects.requireNonNull(p);
      return this;
    }

    public Builder revertDecoder(RevertDecoder d) {
      this.revertDecoder = Objects.requireNonNull(d);
      return this;
    }

    public Builder gasPolicy(GasPolicy p) {
      this.gasPolicy = Objects.requireNonNull(p);
      return this;
    }

    /** Default wait of {@link TransactionSender#send(TxRequest)} (120 s). */
    public Builder receiptTimeout(Duration d) {
      this.receiptTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** Longest pause between receipt polls (500 ms); the first polls come faster. */
    public Builder pollInterval(Duration d) {
      this.pollInterval = Objects.requireNonNull(d);
      return this;
    }

    /** How long {@link ChainClient#feeData()} reuses an answer (1 s). */
    public Builder feeCacheTtl(Duration d) {
      this.feeCacheTtl = Objects.requireNonNull(d);
      return this;
    }

    /** Skip asking {@code eth_chainId} and sign with this id. */
    public Builder chainId(long id) {
      this.expectedChainId = id;
      return this;
    }

    public ChainClient build() {
      return new ChainClient(this);
    }
  }
}
