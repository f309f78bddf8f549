package xyz.peaq.os.sdk.internal.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.chain.BlockInfo;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.GasPolicy;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.LogFilter;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.testing.TestAnvil;

class ChainClientTest {
  static TestAnvil anvil;
  static ChainClient chain;
  static final BigInteger ONE_ETH = BigInteger.TEN.pow(18);

  @BeforeAll
  static void start() throws Exception {
    anvil = TestAnvil.start(33380);
    chain = ChainClient.builder(anvil.rpcUrl()).pollInterval(Duration.ofMillis(50)).build();
  }

  @AfterAll
  static void stop() throws Exception {
    chain.close();
    anvil.close();
  }

  /** A client of the test anvil that counts its HTTP requests. */
  static ChainClient counting(AtomicInteger requests) {
    xyz.peaq.os.sdk.http.HttpTransport real = xyz.peaq.os.sdk.http.HttpTransport.okHttp();
    return ChainClient.builder(anvil.rpcUrl())
        .transport(
            call -> {
              requests.incrementAndGet();
              return real.send(call);
            })
        .build();
  }

  static String freshAddress() throws Exception {
    return Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
  }

  @Test
  void aCheckedChainIdIsTheOneTheSignerUsesWithoutAskingAgain() {
    AtomicInteger requests = new AtomicInteger();
    try (ChainClient c = counting(requests)) {
      assertThat(c.fetchChainId()).isEqualTo(33380);
      assertThat(c.chainId()).isEqualTo(33380);
      assertThat(requests).hasValue(1);
      // A verification asks the node every time.
      assertThat(c.fetchChainId()).isEqualTo(33380);
      assertThat(requests).hasValue(2);
    }
  }

  @Test
  void readsChainIdBlocksAndBalances() throws Exception {
    assertThat(chain.chainId()).isEqualTo(33380);
    assertThat(chain.fetchChainId()).isEqualTo(33380);
    BigInteger n = chain.blockNumber();
    assertThat(chain.block(n)).get().extracting(BlockInfo::number).isEqualTo(n);
    assertThat(chain.block(n.add(BigInteger.valueOf(1000)))).isEmpty();
    String fresh = freshAddress();
    assertThat(chain.balance(fresh)).isZero();
    assertThat(chain.hasCode(fresh)).isFalse();
    assertThat(chain.feeData().maxFeePerGas())
        .isGreaterThanOrEqualTo(chain.feeData().baseFeePerGas());
  }

  @Test
  void signGivesTheHashBeforeBroadcastThenBroadcastAndAwait() throws Exception {
    TransactionSender sender = chain.sender(anvil.devKey(1));
    String to = freshAddress();
    SignedTransaction tx = sender.sign(TxRequest.transfer(to, ONE_ETH));
    assertThat(tx.hash()).matches("0x[0-9a-f]{64}");
    assertThat(tx.chainId()).isEqualTo(33380);
    // Nothing left the process yet.
    assertThat(chain.transaction(tx.hash())).isEmpty();
    assertThat(chain.receipt(tx.hash())).isEmpty();
    assertThat(sender.broadcast(tx)).isEqualTo(tx.hash());
    TxReceipt receipt = chain.awaitReceipt(tx.hash(), Duration.ofSeconds(10));
    assertThat(receipt.success()).isTrue();
    assertThat(receipt.transactionHash()).isEqualTo(tx.hash());
    assertThat(chain.balance(to)).isEqualTo(ONE_ETH);
    assertThat(chain.transaction(tx.hash()))
        .get()
        .satisfies(
            t -> {
              assertThat(t.nonce()).isEqualTo(tx.nonce());
              assertThat(t.pending()).isFalse();
            });
    // A second broadcast of the same transaction (a retry after a lost answer) is not an error.
    assertThat(sender.broadcast(tx)).isEqualTo(tx.hash());
    assertThat(chain.rebroadcast(tx.rawHex())).isEqualTo(tx.hash());
    assertThat(chain.balance(to)).isEqualTo(ONE_ETH);
  }

  /**
   * On an anvil of its own that also mines every second: eight threads send out of nonce order, and
   * anvil's automine alone can leave a transaction that became ready unmined for ever (foundry
   * issue 10122; it failed one CI run here after 120 s). A real node, and the devnet's miner, mine
   * it.
   */
  @Test
  void fiftyTransactionsFromEightThreadsMineWithDistinctNonces() throws Exception {
    try (TestAnvil mixed = TestAnvil.start(33380, List.of("--mixed-mining", "--block-time", "1"));
        ChainClient own =
            ChainClient.builder(mixed.rpcUrl()).pollInterval(Duration.ofMillis(50)).build()) {
      TransactionSender sender = own.sender(mixed.devKey(2));
      String to = freshAddress();
      BigInteger start = own.nonce(sender.address(), BlockRef.pending());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<TxReceipt>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(
            pool.submit(
                () -> own.sender(mixed.devKey(2)).send(TxRequest.transfer(to, BigInteger.ONE))));
      }
      Set<BigInteger> nonces = new HashSet<>();
      for (Future<TxReceipt> f : futures) {
        TxReceipt r = f.get();
        assertThat(r.success()).isTrue();
        nonces.add(own.transaction(r.transactionHash()).orElseThrow().nonce());
      }
      pool.shutdown();
      assertThat(nonces).hasSize(50);
      assertThat(nonces)
          .allMatch(
              n -> n.compareTo(start) >= 0 && n.compareTo(start.add(BigInteger.valueOf(50))) < 0);
      assertThat(own.balance(to)).isEqualTo(BigInteger.valueOf(50));
      assertThat(own.nonce(sender.address(), BlockRef.latest()))
          .isEqualTo(start.add(BigInteger.valueOf(50)));
    }
  }

  @Test
  void nonceUsedByAnotherClientIsResynchronised() throws Exception {
    TransactionSender mine = chain.sender(anvil.devKey(3));
    mine.send(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    try (ChainClient other = ChainClient.connect(anvil.rpcUrl())) {
      // Another process spends the nonce this client's manager expects next.
      other.sender(anvil.devKey(3)).send(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    }
    TxReceipt r = mine.send(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    assertThat(r.success()).isTrue();
  }

  @Test
  void refusedBroadcastGivesTheNonceBack() throws Exception {
    Credentials poor = Credentials.create(Keys.createEcKeyPair());
    TransactionSender sender = chain.sender(poor);
    SignedTransaction tx =
        sender.sign(
            TxRequest.builder()
                .to(freshAddress())
                .value(ONE_ETH)
                .gasLimit(BigInteger.valueOf(21000))
                .build());
    assertThatThrownBy(() -> sender.broadcast(tx))
        .isInstanceOf(BroadcastRejectedException.class)
        .satisfies(
            e ->
                assertThat(((BroadcastRejectedException) e).reason())
                    .isEqualTo(BroadcastRejectedException.Reason.INSUFFICIENT_FUNDS))
        .hasMessageContaining(sender.address());
    assertThat(sender.peekNonce()).isEqualTo(tx.nonce());
    // Funded, the same nonce goes through: no gap was left behind.
    chain.sender(anvil.devKey(0)).send(TxRequest.transfer(sender.address(), ONE_ETH));
    TxReceipt r = sender.send(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    assertThat(chain.transaction(r.transactionHash()).orElseThrow().nonce()).isEqualTo(tx.nonce());
  }

  @Test
  void journaledRawTransactionIsRebroadcastAfterACrash() throws Exception {
    // A payer signs and journals, then "crashes" before broadcasting; a new client finishes the
    // job.
    SignedTransaction tx =
        chain.sender(anvil.devKey(5)).sign(TxRequest.transfer(freshAddress(), BigInteger.TEN));
    try (ChainClient restarted = ChainClient.connect(anvil.rpcUrl())) {
      assertThat(restarted.transaction(tx.hash())).isEmpty();
      assertThat(restarted.rebroadcast(tx.rawHex())).isEqualTo(tx.hash());
      assertThat(restarted.awaitReceipt(tx.hash(), Duration.ofSeconds(10)).success()).isTrue();
      assertThat(restarted.rebroadcast(tx.rawHex())).isEqualTo(tx.hash());
    }
    // A raw transaction whose nonce went elsewhere is refused, not resent as something else.
    TransactionSender s = chain.sender(anvil.devKey(5));
    SignedTransaction stale = s.sign(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    s.abandon(stale);
    s.send(TxRequest.transfer(freshAddress(), BigInteger.TWO));
    assertThatThrownBy(() -> chain.rebroadcast(stale.rawHex()))
        .isInstanceOf(BroadcastRejectedException.class)
        .satisfies(
            e ->
                assertThat(((BroadcastRejectedException) e).reason())
                    .isEqualTo(BroadcastRejectedException.Reason.NONCE_TOO_LOW));
  }

  @Test
  void abandonedSignatureReleasesItsNonce() throws Exception {
    TransactionSender sender = chain.sender(anvil.devKey(4));
    SignedTransaction tx = sender.sign(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    sender.abandon(tx);
    TxReceipt r = sender.send(TxRequest.transfer(freshAddress(), BigInteger.ONE));
    assertThat(chain.transaction(r.transactionHash()).orElseThrow().nonce()).isEqualTo(tx.nonce());
  }

  @Test
  void revertsAreDecodedFromCallsEstimatesAndMinedTransactions() throws Exception {
    String target = freshAddress();
    String holder = Keys.toChecksumAddress("0x00000000000000000000000000000000000000aa");
    // OperatorNotRegistered(address) with the holder's address as argument.
    String data =
        RevertDecoder.selector("OperatorNotRegistered(address)")
            + "0".repeat(24)
            + holder.substring(2).toLowerCase();
    chain.request("anvil_setCode", target, revertingCode(data));

    assertThatThrownBy(() -> chain.call(target, "0x"))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> {
              ContractRevertException c = (ContractRevertException) e;
              assertThat(c.revertName()).isEqualTo("OperatorNotRegistered");
              assertThat(c.arguments()).containsExactly(holder);
              assertThat(c.revertData()).isEqualTo(data);
              assertThat(c.txHash()).isNull();
            });

    TransactionSender sender = chain.sender(anvil.devKey(5));
    BigInteger nonceBefore = chain.nonce(sender.address(), BlockRef.pending());
    assertThatThrownBy(() -> sender.send(TxRequest.call(target, "0x")))
        .isInstanceOf(ContractRevertException.class)
        .hasMessageContaining("OperatorNotRegistered");
    // The estimate failed before a nonce was spent.
    assertThat(sender.send(TxRequest.transfer(freshAddress(), BigInteger.ONE)).success()).isTrue();
    assertThat(chain.nonce(sender.address(), BlockRef.latest()))
        .isEqualTo(nonceBefore.add(BigInteger.ONE));

    // Forced on chain with a fixed gas limit, the mined revert is replayed to recover its data.
    assertThatThrownBy(
            () ->
                sender.send(
                    TxRequest.builder().to(target).gasLimit(BigInteger.valueOf(100_000)).build()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> {
              ContractRevertException c = (ContractRevertException) e;
              assertThat(c.revertName()).isEqualTo("OperatorNotRegistered");
              assertThat(c.txHash()).matches("0x[0-9a-f]{64}");
              assertThat(chain.receipt(c.txHash()))
                  .get()
                  .extracting(TxReceipt::success)
                  .isEqualTo(false);
            });
  }

  /**
   * Reads of a batch go out in one HTTP request; each answer, a reverted call's decoded error
   * included, is taken as the single read would give it, and the chain id fills the cache.
   */
  @Test
  void aReadBatchIsOneRequestWithEachAnswerAsTheSingleReadGivesIt() throws Exception {
    String reverting = freshAddress();
    String data =
        RevertDecoder.selector("OperatorNotRegistered(address)")
            + "0".repeat(24)
            + reverting.substring(2).toLowerCase();
    chain.request("anvil_setCode", reverting, revertingCode(data));
    String eoa = freshAddress();
    AtomicInteger requests = new AtomicInteger();
    try (ChainClient c = counting(requests)) {
      ReadBatch batch = c.readBatch();
      ReadBatch.Answer<Long> id = batch.chainId();
      ReadBatch.Answer<Boolean> contract = batch.hasCode(reverting);
      ReadBatch.Answer<Boolean> account = batch.hasCode(eoa);
      ReadBatch.Answer<String> reverted = batch.call(reverting, "0x");
      ReadBatch.Answer<String> empty = batch.call(eoa, "0x");
      assertThatThrownBy(id::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("send() the batch");
      assertThat(requests).hasValue(0);
      batch.send();
      assertThat(requests).hasValue(1);
      assertThat(id.get()).isEqualTo(33380L);
      assertThat(contract.get()).isTrue();
      assertThat(account.get()).isFalse();
      assertThat(empty.get()).isEqualTo(c.call(eoa, "0x"));
      assertThatThrownBy(reverted::get)
          .isInstanceOf(ContractRevertException.class)
          .satisfies(
              e ->
                  assertThat(((ContractRevertException) e).revertName())
                      .isEqualTo("OperatorNotRegistered"));
      // The chain id filled the cache: the signer asks no more.
      int before = requests.get();
      assertThat(c.chainId()).isEqualTo(33380L);
      assertThat(requests).hasValue(before);
      assertThatThrownBy(batch::send)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("sent already");
      assertThatThrownBy(() -> batch.hasCode(eoa))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("start another one");
      assertThatThrownBy(() -> c.readBatch().hasCode("0x12"))
          .isInstanceOf(xyz.peaq.os.sdk.errors.ValidationException.class)
          .hasMessageContaining("address");
    }
  }

  @Test
  void errorStringAndPanicAreDecoded() throws Exception {
    String reason = freshAddress();
    chain.request("anvil_setCode", reason, revertingCode(errorString("Cannot find the item")));
    assertThatThrownBy(() -> chain.call(reason, "0x"))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> {
              assertThat(((ContractRevertException) e).revertName()).isEqualTo("Error");
              assertThat(((ContractRevertException) e).arguments())
                  .containsExactly("Cannot find the item");
            });
    String panic = freshAddress();
    chain.request(
        "anvil_setCode",
        panic,
        revertingCode(RevertDecoder.PANIC_SELECTOR + "0".repeat(62) + "11"));
    assertThatThrownBy(() -> chain.call(panic, "0x"))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> {
              assertThat(((ContractRevertException) e).revertName()).isEqualTo("Panic");
              assertThat(((ContractRevertException) e).arguments())
                  .containsExactly(BigInteger.valueOf(0x11));
            });
  }

  @Test
  void logsAreFilteredByAddressTopicAndRange() throws Exception {
    // A contract that emits LOG1 with topic 0x…01 and 32 bytes of data (the caller) on every call.
    String emitter = freshAddress();
    String code = "0x33" + "600052" + "7f" + "0".repeat(63) + "1" + "60206000a1" + "00";
    chain.request("anvil_setCode", emitter, code);
    TransactionSender sender = chain.sender(anvil.devKey(1));
    TxReceipt first = sender.send(TxRequest.call(emitter, "0x"));
    TxReceipt second = sender.send(TxRequest.call(emitter, "0x"));
    String topic = "0x" + "0".repeat(63) + "1";
    List<LogEntry> logs =
        chain.logs(
            LogFilter.builder()
                .address(emitter)
                .topic0(topic)
                .fromBlock(first.blockNumber())
                .toBlock(second.blockNumber())
                .build());
    assertThat(logs).hasSize(2);
    assertThat(logs.get(0).transactionHash()).isEqualTo(first.transactionHash());
    assertThat(Addresses.fromWord(logs.get(0).data())).isEqualTo(sender.address());
    assertThat(first.logs(emitter, topic)).hasSize(1);
    assertThat(
            chain.logs(
                LogFilter.builder()
                    .address(emitter)
                    .topic0(topic)
                    .fromBlock(second.blockNumber())
                    .toBlock(second.blockNumber())
                    .build()))
        .hasSize(1);
    assertThat(chain.blockTimestamp(second.blockNumber())).isNotNull();
  }

  @Test
  void precompileCallsGetTheLargerMarginAndDidWritesTheMeasuredOne() {
    GasPolicy p = GasPolicy.defaults();
    BigInteger est = BigInteger.valueOf(100_000);
    assertThat(p.limitFor(WellKnownAddresses.BATCH_PRECOMPILE, est))
        .isEqualTo(BigInteger.valueOf(110_000));
    assertThat(p.limitFor(WellKnownAddresses.DID_PRECOMPILE, est))
        .isEqualTo(BigInteger.valueOf(110_000));
    assertThat(p.limitFor("0x0000000000000000000000000000000000000809", est))
        .isEqualTo(BigInteger.valueOf(200_000));
    assertThat(p.limitFor("0x43c6AF2E14dc1327dc3cc6c7117D1CD72fffEcbA", est))
        .isEqualTo(BigInteger.valueOf(125_000));
  }

  @Test
  void transportFailuresAreRetriedThenNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ChainClient dead =
        ChainClient.builder("http://127.0.0.1:" + port)
            .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20)))
            .build();
    assertThatThrownBy(dead::blockNumber)
        .isInstanceOf(RpcException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("3 attempt")
        .satisfies(
            e -> assertThat(((RpcException) e).endpoint()).isEqualTo("http://127.0.0.1:" + port));
  }

  @Test
  void flakyEndpointSucceedsAfterRetriesButRevertsAreNotRetried() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpClient forward = HttpClient.newHttpClient();
    HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          if (failuresLeft.getAndDecrement() > 0) {
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
          }
          try {
            HttpResponse<byte[]> r =
                forward.send(
                    HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.statusCode(), r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(r.body());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    proxy.start();
    try {
      ChainClient flaky =
          ChainClient.builder("http://127.0.0.1:" + proxy.getAddress().getPort())
              .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50)))
              .build();
      assertThat(flaky.blockNumber()).isEqualTo(chain.blockNumber());
      assertThat(requests.get()).isEqualTo(3);

      String target = freshAddress();
      chain.request("anvil_setCode", target, revertingCode(errorString("nope")));
      requests.set(0);
      assertThatThrownBy(() -> flaky.call(target, "0x"))
          .isInstanceOf(ContractRevertException.class);
      assertThat(requests.get()).isEqualTo(1);
    } finally {
      proxy.stop(0);
    }
  }

  static String errorString(String reason) {
    byte[] b = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String hex = Hex.strip0x(Hex.encode(b));
    String padded = hex + "0".repeat((64 - hex.length() % 64) % 64);
    return RevertDecoder.ERROR_SELECTOR
        + "0".repeat(62)
        + "20"
        + String.format("%064x", b.length)
        + padded;
  }

  /** Runtime code that reverts with {@code data} on every call. */
  static String revertingCode(String data) {
    String d = Hex.strip0x(data);
    int len = d.length() / 2;
    String l = String.format("%04x", len);
    return "0x61" + l + "61000f600039" + "61" + l + "6000fd" + d;
  }
}
