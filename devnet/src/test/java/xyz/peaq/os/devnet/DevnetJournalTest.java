package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/**
 * The journal holds the loss window whatever a snapshot costs: with snapshots held back (as a
 * snapshot taking many seconds on a long chain would), anvil is SIGKILLed right after a burst of
 * transfers in shared blocks and a balance change; the next start replays the journal onto the last
 * snapshot and gets the very same chain (head number and hash, balances, nonces).
 *
 * <p>The hashes are equal for blocks whose timestamp and transactions the journal recorded (done in
 * the background within about 200 ms of each block); the test waits for that before the kill.
 */
class DevnetJournalTest {
  private static final String RECIPIENT = "0x00000000000000000000000000000000000dEaD2";
  private static final int SENDERS = 6;
  private static final int PER_SENDER = 5;

  @TempDir Path dir;

  @Test
  void aSigkilledAnvilLosesNothingAcknowledgedAndTheReplayGivesTheSameBlocks() throws Exception {
    List<Credentials> senders = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) senders.add(Credentials.create(Keys.createEcKeyPair()));
    String funded = Credentials.create(Keys.createEcKeyPair()).getAddress();
    long head;
    String headHash;
    BigInteger recipientBalance;
    long snapshotHead;
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.replayed()).as("a fresh folder has nothing to replay").isEmpty();
      for (Credentials s : senders) chain.setBalance(s.getAddress(), BigInteger.TEN.pow(20));
      chain.snapshotter().suspend();
      snapshotHead = head(chain.web3j());
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      List<Future<?>> done = new ArrayList<>();
      for (Credentials s : senders) done.add(pool.submit(() -> sendAll(chain, s)));
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      chain.setBalance(funded, BigInteger.valueOf(123_456_789));
      head = head(chain.web3j());
      headHash = block(chain.web3j(), head).getHash();
      recipientBalance = balance(chain.web3j(), RECIPIENT);
      assertThat(head)
          .as("the burst was mined after the last snapshot")
          .isGreaterThan(snapshotHead);
      assertThat(chain.journal().entries()).isPositive();
      // block timestamps and hashes are journaled in the background within ~200 ms: the blocks
      // of the last moments before a kill are replayed with the same transactions, but their
      // grouping and timestamps (so hashes) may differ; here the replay of recorded blocks is exact
      assertThat(chain.journal().awaitResolved(head, java.time.Duration.ofSeconds(30))).isTrue();
      ProcessHandle anvil = ProcessHandle.of(chain.anvilPid()).orElseThrow();
      anvil.destroyForcibly(); // SIGKILL: no exit dump
      anvil.onExit().get(15, TimeUnit.SECONDS);
    }
    assertThat(Files.exists(dir.resolve(StateFiles.EXIT_DUMP))).isFalse();
    long stateHead = bestBlock(dir.resolve(StateFiles.SNAPSHOT));
    assertThat(stateHead).isLessThanOrEqualTo(snapshotHead);
    // a kill can also cut the journal's last line: it is ignored
    Files.writeString(
        ChainJournal.file(dir), "{\"rpc\":{\"jsonrpc\":\"2.0\",\"meth", StandardOpenOption.APPEND);

    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      JournalReplay.Result replayed = chain.replayed().orElseThrow();
      assertThat(replayed.blocks()).as("blocks mined again").isEqualTo(head - stateHead);
      assertThat(replayed.hashMismatches()).as("blocks with another hash").isZero();
      Web3j web3j = chain.web3j();
      assertThat(head(web3j)).as("head after the replay").isEqualTo(head);
      assertThat(block(web3j, head).getHash()).as("head hash after the replay").isEqualTo(headHash);
      assertThat(balance(web3j, RECIPIENT)).isEqualTo(recipientBalance);
      assertThat(balance(web3j, funded)).isEqualTo(BigInteger.valueOf(123_456_789));
      for (Credentials s : senders) {
        assertThat(
                web3j
                    .ethGetTransactionCount(s.getAddress(), DefaultBlockParameterName.LATEST)
                    .send()
                    .getTransactionCount())
            .isEqualTo(BigInteger.valueOf(PER_SENDER));
      }
      // the chain goes on from there, and a new block is not older than the replayed ones
      long before = block(web3j, head).getTimestamp().longValueExact();
      String hash = send(chain, senders.get(0), PER_SENDER);
      var receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
      assertThat(receipt).isPresent();
      assertThat(block(web3j, head + 1).getTimestamp().longValueExact())
          .isGreaterThanOrEqualTo(before);
      System.out.printf(
          "JOURNAL replayed %d entries: %d blocks, %d refused, %d with another hash%n",
          replayed.entries(), replayed.blocks(), replayed.refused(), replayed.hashMismatches());
    }
    // a clean stop leaves anvil's exit dump, which holds everything: no journal to replay
    assertThat(Files.exists(ChainJournal.file(dir))).isFalse();
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.replayed()).isEmpty();
      assertThat(head(chain.web3j())).isEqualTo(head + 1);
    }
  }

  @Test
  void aJournalOfAnotherSnapshotIsDroppedNotReplayed() throws Exception {
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      chain.snapshotter().suspend();
      chain.setBalance(RECIPIENT, BigInteger.valueOf(7));
      ProcessHandle anvil = ProcessHandle.of(chain.anvilPid()).orElseThrow();
      anvil.destroyForcibly();
      anvil.onExit().get(15, TimeUnit.SECONDS);
    }
    // the journal now names a snapshot that is not state.json's (as after a kill between a
    // snapshot's rename and the journal's restart)
    Path journal = ChainJournal.file(dir);
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    lines.set(0, lines.get(0).replaceFirst("\"snapshot\":\"[^\"]+\"", "\"snapshot\":\"other\""));
    Files.write(journal, lines, StandardCharsets.UTF_8);
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.replayed()).isEmpty();
      assertThat(balance(chain.web3j(), RECIPIENT)).isEqualTo(BigInteger.ZERO);
    }
  }

  private static void sendAll(DevnetChain chain, Credentials from) {
    try {
      List<String> hashes = new ArrayList<>();
      for (int n = 0; n < PER_SENDER; n++) hashes.add(send(chain, from, n));
      for (String h : hashes)
        assertThat(chain.web3j().ethGetTransactionReceipt(h).send().getTransactionReceipt())
            .as("receipt when the send returned")
            .isPresent();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String send(DevnetChain chain, Credentials from, long nonce) throws Exception {
    EthSendTransaction sent =
        chain
            .web3j()
            .ethSendRawTransaction(TestClient.signedTransfer(chain, from, nonce, RECIPIENT))
            .send();
    assertThat(sent.hasError()).as("send accepted").isFalse();
    return sent.getTransactionHash();
  }

  private static long bestBlock(Path snapshot) throws Exception {
    var n =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(snapshot.toFile())
            .path("best_block_number");
    return n.isNumber() ? n.asLong() : Numeric.decodeQuantity(n.asText()).longValueExact();
  }

  private static long head(Web3j web3j) throws Exception {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  private static EthBlock.Block block(Web3j web3j, long n) throws Exception {
    return web3j
        .ethGetBlockByNumber(
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false)
        .send()
        .getBlock();
  }

  private static BigInteger balance(Web3j web3j, String address) throws Exception {
    return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
  }
}
