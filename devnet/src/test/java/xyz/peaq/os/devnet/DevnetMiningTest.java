package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * The devnet's miner behind its RPC URL: a lone transaction is mined at once, pending ones share a
 * block.
 */
class DevnetMiningTest {
  @TempDir static Path dir;
  static DevnetChain chain;
  static HttpService rpc;
  static final String RECIPIENT = "0x00000000000000000000000000000000000dEaD1";

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build());
    rpc = new HttpService(chain.rpcUrl());
  }

  @AfterAll
  static void stop() {
    chain.close();
  }

  private static String send(Credentials from, long nonce) throws Exception {
    EthSendTransaction sent =
        chain
            .web3j()
            .ethSendRawTransaction(TestClient.signedTransfer(chain, from, nonce, RECIPIENT))
            .send();
    assertThat(sent.hasError()).as("send accepted").isFalse();
    return sent.getTransactionHash();
  }

  private static Optional<TransactionReceipt> receipt(String hash) throws Exception {
    return chain.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt();
  }

  private static Object call(String method, Object... params) throws Exception {
    var r = new Request<>(method, List.of(params), rpc, RawAnswer.class).send();
    assertThat(r.hasError()).as(method + " answered without error").isFalse();
    return r.getResult();
  }

  public static final class RawAnswer extends org.web3j.protocol.core.Response<Object> {}

  @Test
  void aLoneTransactionIsMinedBeforeItsSendIsAnswered() throws Exception {
    Credentials wallet = new TestClient(chain).newFundedWallet(1);
    String hash = send(wallet, 0);
    // no waiting at all: the first look finds the receipt
    assertThat(receipt(hash)).hasValueSatisfying(r -> assertThat(r.isStatusOK()).isTrue());
  }

  @Test
  void transactionsPendingTogetherAreMinedInOneBlock() throws Exception {
    TestClient client = new TestClient(chain);
    List<Credentials> senders = new ArrayList<>();
    for (int i = 0; i < 10; i++) senders.add(client.newFundedWallet(1));
    BigInteger head = chain.web3j().ethBlockNumber().send().getBlockNumber();
    List<String> hashes = new ArrayList<>();
    call("evm_setAutomine", false);
    try {
      assertThat(call("anvil_getAutomine")).isEqualTo(false);
      for (Credentials c : senders) hashes.add(send(c, 0));
      assertThat(chain.web3j().ethBlockNumber().send().getBlockNumber())
          .as("nothing mined while paused")
          .isEqualTo(head);
      assertThat(receipt(hashes.get(0))).isEmpty();
    } finally {
      call("evm_setAutomine", true); // mines what waited, as anvil does
    }
    assertThat(call("anvil_getAutomine")).isEqualTo(true);
    Set<BigInteger> blocks = new HashSet<>();
    for (String h : hashes) blocks.add(receipt(h).orElseThrow().getBlockNumber());
    assertThat(blocks).as("ten pending transactions, one block").hasSize(1);
    assertThat(chain.web3j().ethBlockNumber().send().getBlockNumber())
        .isEqualTo(head.add(BigInteger.ONE));
  }

  /**
   * More transactions than one block holds, sent in one request: the block the send mines is full
   * (each uses its whole gas limit), and what it left is mined without another send. Before, it
   * waited in the pool until some client sent again.
   */
  @Test
  void whatAFullBlockLeavesIsMinedWithoutAnotherSend() throws Exception {
    TestClient client = new TestClient(chain);
    Credentials sender = client.newFundedWallet(10);
    BigInteger gasLimit = BigInteger.valueOf(1_000_000);
    long blockGas =
        chain
            .web3j()
            .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
            .send()
            .getBlock()
            .getGasLimit()
            .longValueExact();
    int count = (int) (blockGas / gasLimit.longValueExact()) + 10;
    // code that loops until its gas runs out: each call uses its whole gas limit
    String burner = "0x00000000000000000000000000000000000b0b01";
    call("anvil_setCode", burner, "0x5b600056");
    BigInteger head = chain.web3j().ethBlockNumber().send().getBlockNumber();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      org.web3j.crypto.RawTransaction tx =
          org.web3j.crypto.RawTransaction.createEtherTransaction(
              BigInteger.valueOf(i), TestClient.GAS_PRICE, gasLimit, burner, BigInteger.ZERO);
      String raw =
          org.web3j.utils.Numeric.toHexString(
              org.web3j.crypto.TransactionEncoder.signMessage(tx, chain.chainId(), sender));
      if (i > 0) batch.append(',');
      batch.append(
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + i
              + ",\"method\":\"eth_sendRawTransaction\",\"params\":[\""
              + raw
              + "\"]}");
    }
    batch.append(']');
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(chain.rpcUrl()))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch.toString()))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.body()).as("every send accepted").doesNotContain("\"error\"");
    // nothing else is sent: the leftovers must be mined by the devnet itself
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    BigInteger mined;
    do {
      mined =
          chain
              .web3j()
              .ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.LATEST)
              .send()
              .getTransactionCount();
      if (mined.intValue() == count) break;
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertThat(mined).as("all %d transactions mined", count).isEqualTo(BigInteger.valueOf(count));
    assertThat(chain.web3j().ethBlockNumber().send().getBlockNumber().subtract(head))
        .as("more than one block was needed")
        .isGreaterThan(BigInteger.ONE);
  }

  /**
   * Consecutive transactions of a few senders sent side by side while blocks are mined, as fleet
   * operators send them: none may be left "queued" at its account's own nonce. anvil reads the
   * sender's nonce before it takes its pool's lock; a block that took the transaction before in
   * between left the newcomer waiting for it for ever (the miner's admission gate prevents it).
   */
  @Test
  void consecutiveTransactionsSentSideBySideAreAllMined() throws Exception {
    TestClient client = new TestClient(chain);
    int senders = 4;
    int perSender = 250;
    List<Credentials> operators = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    for (int s = 0; s < senders; s++) operators.add(client.newFundedWallet(10));
    for (int i = 0; i < perSender; i++)
      for (Credentials operator : operators) {
        raw.add(TestClient.signedTransfer(chain, operator, i, RECIPIENT));
      }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<?>> threads = new ArrayList<>();
    for (int t = 0; t < 32; t++)
      threads.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < raw.size(); i = next.getAndIncrement()) {
                  EthSendTransaction sent = chain.web3j().ethSendRawTransaction(raw.get(i)).send();
                  assertThat(sent.hasError()).as("send " + i).isFalse();
                }
                return null;
              }));
    for (Future<?> f : threads) f.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    // each send was answered after a block begun after it; more blocks cannot free a stuck one
    for (int i = 0; i < 3; i++) call("evm_mine");
    for (Credentials operator : operators)
      assertThat(
              chain
                  .web3j()
                  .ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.LATEST)
                  .send()
                  .getTransactionCount())
          .as("transactions of " + operator.getAddress() + " mined")
          .isEqualTo(BigInteger.valueOf(perSender));
    assertThat(String.valueOf(call("txpool_status"))).contains("queued=0x0");
  }

  /**
   * Reads of the newest state while blocks are mined all the time: none fails. anvil resolves
   * {@code latest} to a number before it reads, and keeps only the head's state, so a block mined
   * in between failed the read with {@code BlockOutOfRangeError}; the gateway asks again.
   */
  @Test
  void readsOfTheNewestStateNeverFailWhileBlocksAreMined() throws Exception {
    TestClient client = new TestClient(chain);
    List<Credentials> senders = new ArrayList<>();
    for (int s = 0; s < 8; s++) senders.add(client.newFundedWallet(1));
    AtomicInteger sendersLeft = new AtomicInteger(senders.size());
    AtomicInteger reads = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(senders.size() + 4);
    List<Future<?>> work = new ArrayList<>();
    for (Credentials sender : senders)
      work.add(
          pool.submit(
              () -> {
                try {
                  for (int i = 0; i < 40; i++) send(sender, i);
                } finally {
                  sendersLeft.decrementAndGet();
                }
                return null;
              }));
    for (int r = 0; r < 4; r++)
      work.add(
          pool.submit(
              () -> {
                String data =
                    org.web3j.abi.FunctionEncoder.encode(
                        new org.web3j.abi.datatypes.Function(
                            "nextMachineId", List.of(), List.of()));
                while (sendersLeft.get() > 0) {
                  var call =
                      chain
                          .web3j()
                          .ethCall(
                              org.web3j.protocol.core.methods.request.Transaction
                                  .createEthCallTransaction(
                                      RECIPIENT, chain.contracts().identityRegistry(), data),
                              DefaultBlockParameterName.LATEST)
                          .send();
                  reads.incrementAndGet();
                  if (call.hasError()) failures.add(call.getError().getMessage());
                }
                return null;
              }));
    for (Future<?> f : work) f.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(reads.get()).as("reads made while blocks were mined").isPositive();
    assertThat(failures).as("failed reads of %d", reads.get()).isEmpty();
  }

  @Test
  void manualMiningStillWorksWhilePaused() throws Exception {
    Credentials wallet = new TestClient(chain).newFundedWallet(1);
    call("evm_setAutomine", false);
    try {
      String hash = send(wallet, 0);
      assertThat(receipt(hash)).isEmpty();
      call("evm_mine");
      assertThat(receipt(hash)).isPresent();
    } finally {
      call("evm_setAutomine", true);
    }
  }

  @Test
  void aBadAutomineParameterIsAnvilsError() throws Exception {
    var r = new Request<>("evm_setAutomine", List.of("yes"), rpc, VoidResponse.class).send();
    assertThat(r.hasError()).isTrue();
    assertThat(call("anvil_getAutomine")).isEqualTo(true);
  }
}
