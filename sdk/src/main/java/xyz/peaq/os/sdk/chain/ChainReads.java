package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.http.HttpTransport;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * A JSON-RPC connection to an EVM chain, as services and tools read it: chain id, blocks, balances,
 * code, calls, logs, receipts. Thread-safe; share one per endpoint (a {@link
 * xyz.peaq.os.sdk.PeaqosClient} built on it shares its nonces too). Transport failures are retried
 * per {@link RetryPolicy} and then thrown as {@link RpcException} naming the endpoint; reverts
 * become a decoded {@link ContractRevertException}.
 *
 * <pre>{@code
 * try (ChainReads chain = ChainReads.connect("http://127.0.0.1:8545")) {
 *   for (LogEntry log : chain.logs(LogFilter.builder().addresses(Immutables.list(registry)).fromBlock(0).toBlock(99).build())) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * Implemented by the SDK only; obtain one with {@link #connect}.
 */
public interface ChainReads extends AutoCloseable {
  /**
   * A connection with default timeouts (5 s connect, 30 s per request), retries and receipt wait
   * (120 s). No I/O happens here.
   */
  static ChainReads connect(String rpcUrl) {
    return ChainClient.connect(rpcUrl);
  }

  /**
   * A connection with default limits that sends through {@code transport} (e.g. an Android app's
   * own OkHttp client: {@code HttpTransport.okHttp(client)}). No I/O happens here.
   */
  static ChainReads connect(String rpcUrl, HttpTransport transport) {
    return ChainClient.builder(rpcUrl).transport(transport).build();
  }

  /**
   * A connection with explicit limits.
   *
   * @param connectTimeout how long opening a connection may take (default 5 s)
   * @param requestTimeout one JSON-RPC request's limit (default 30 s)
   * @param retryPolicy transport retries and the signature limit of {@link TransactionPipeline}
   * @param receiptTimeout how long sends wait for a receipt by default (120 s)
   */
  static ChainReads connect(
      String rpcUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retryPolicy,
      Duration receiptTimeout) {
    return ChainClient.builder(rpcUrl)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout)
        .retryPolicy(retryPolicy)
        .receiptTimeout(receiptTimeout)
        .build();
  }

  /**
   * A connection with explicit limits and receipt polling: {@code pollInterval} is the longest
   * pause between two receipt reads (the first pause is a quarter of it, then each doubles up to
   * it; default 500 ms, for a public node). A local node that mines a transaction as soon as it is
   * sent wants a short one.
   */
  static ChainReads connect(
      String rpcUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retryPolicy,
      Duration receiptTimeout,
      Duration pollInterval) {
    return ChainClient.builder(rpcUrl)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout)
        .retryPolicy(retryPolicy)
        .receiptTimeout(receiptTimeout)
        .pollInterval(pollInterval)
        .build();
  }

  /** The endpoint as shown in errors (scheme, host and port; credentials and paths left out). */
  String endpoint();

  /** The default receipt wait of sends on this connection. */
  Duration receiptTimeout();

  /** {@code eth_chainId}, asked once and cached. */
  long chainId();

  /** {@code eth_chainId} asked again, not cached (for verification against a preset). */
  long fetchChainId();

  /** The latest block number. */
  BigInteger blockNumber();

  /** Header of block {@code number}, or empty when the chain is not there yet. */
  Optional<BlockInfo> block(BigInteger number);

  /** Header of a block by tag or number. */
  Optional<BlockInfo> block(BlockRef ref);

  /** Timestamp of block {@code number}. @throws RpcException when the block does not exist */
  Instant blockTimestamp(BigInteger number);

  /** Balance in wei at the latest block. */
  BigInteger balance(String address);

  /** True when {@code address} has code. Note that peaq's real precompiles report none. */
  boolean hasCode(String address);

  /** Transaction count: {@code latest} = mined, {@code pending} = including the pool. */
  BigInteger nonce(String address, BlockRef ref);

  /**
   * {@code eth_call} at the latest block; the result as 0x-hex. @throws ContractRevertException
   * when it reverts
   */
  String call(String to, String data);

  /** Current EIP-1559 fees (cached for about a second). */
  FeeData feeData();

  /** {@code eth_getLogs} over the filter's range. Split large ranges yourself; nodes cap them. */
  List<LogEntry> logs(LogFilter filter);

  /** The receipt, or empty while the transaction is pending or unknown. */
  Optional<TxReceipt> receipt(String txHash);

  /**
   * What the node knows of a transaction, or empty when it knows nothing (dropped or never sent).
   */
  Optional<TransactionInfo> transaction(String txHash);

  /**
   * Polls for the receipt until {@code timeout}. Returns it whatever its status.
   *
   * @throws ReceiptTimeoutException when none arrived in time (the transaction may still be mined)
   */
  TxReceipt awaitReceipt(String txHash, Duration timeout);

  /**
   * The signer of a private key ({@code 0x} + 64 hex) on this connection. All signers of one
   * address on one connection share one nonce sequence.
   *
   * @throws xyz.peaq.os.sdk.errors.ValidationException for a malformed key (the message never
   *     contains it)
   */
  Signer signer(String privateKeyHex);

  /**
   * The signer of a key already decoded (e.g. from an encrypted key file): it is not turned back
   * into hex. Same nonce sequence as {@link #signer(String)} for the same address.
   */
  default Signer signer(org.web3j.crypto.Credentials credentials) {
    return ChainClient.of(this).sender(ChainClient.requireValid("privateKey", credentials));
  }

  /** Releases nothing remote. */
  @Override
  void close();
}
