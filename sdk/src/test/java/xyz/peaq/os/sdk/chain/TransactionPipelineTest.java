package xyz.peaq.os.sdk.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.testing.TestAnvil;

/**
 * The one transaction pipeline on a real anvil. A stale nonce is produced for real: a second
 * connection signing with the same key (another process, as far as the first one knows) takes the
 * nonce between signing and broadcast.
 */
class TransactionPipelineTest {
  static TestAnvil anvil;
  static ChainReads chain;

  /** The same keys seen from "another process": its own connection, its own nonce sequence. */
  static ChainReads otherProcess;

  @BeforeAll
  static void start() throws Exception {
    anvil = TestAnvil.start(33390);
    chain = ChainReads.connect(anvil.rpcUrl());
    otherProcess = ChainReads.connect(anvil.rpcUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    chain.close();
    otherProcess.close();
    anvil.close();
  }

  static String freshAddress() throws Exception {
    return Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
  }

  /** Records what the pipeline shows its observer. */
  static final class Recorder implements TransactionObserver {
    final List<SignedTransaction> signed = new ArrayList<>();
    final List<BroadcastRejectedException> refused = new ArrayList<>();
    final List<TxReceipt> receipts = new ArrayList<>();

    @Override
    public void beforeBroadcast(String operation, SignedTransaction tx) {
      signed.add(tx);
    }

    @Override
    public void onRefused(
        String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
      assertThat(tx).isSameAs(signed.get(signed.size() - 1));
      refused.add(refusal);
    }

    @Override
    public void afterReceipt(String operation, TxReceipt receipt) {
      receipts.add(receipt);
    }
  }

  /**
   * The real steps, with the nonce of the first {@code steals} signatures taken by the other
   * process before broadcast.
   */
  static TransactionPipeline.Steps racing(Signer signer, TxRequest req, String key, int steals) {
    TransactionPipeline.Steps real = TransactionPipeline.steps(signer, req);
    Signer thief = otherProcess.signer(key);
    return new TransactionPipeline.Steps() {
      int stolen;

      @Override
      public SignedTransaction sign() {
        return real.sign();
      }

      @Override
      public void broadcast(SignedTransaction tx) {
        if (stolen < steals) {
          stolen++;
          SignedTransaction other =
              thief.sign(TxRequest.transfer(signer.address(), BigInteger.ONE));
          assertThat(other.nonce()).isEqualTo(tx.nonce());
          thief.broadcast(other);
        }
        real.broadcast(tx);
      }

      @Override
      public void abandon(SignedTransaction tx) {
        real.abandon(tx);
      }

      @Override
      public TxReceipt await(SignedTransaction tx, Duration timeout) {
        return real.await(tx, timeout);
      }
    };
  }

  @Test
  void aStaleNonceIsSignedAgainAndTheObserverSeesEverySignatureFirst() throws Exception {
    String key = anvil.devKey(1);
    Signer signer = chain.signer(key);
    Recorder rec = new Recorder();
    TxRequest req = TxRequest.transfer(freshAddress(), BigInteger.TEN);
    TxReceipt r =
        TransactionPipeline.defaults()
            .send("transfer", racing(signer, req, key, 2), rec, Duration.ofSeconds(10));

    assertThat(r.success()).isTrue();
    assertThat(rec.signed).hasSize(3);
    assertThat(rec.signed).extracting(SignedTransaction::hash).doesNotHaveDuplicates();
    assertThat(rec.refused)
        .extracting(BroadcastRejectedException::reason)
        .containsExactly(
            BroadcastRejectedException.Reason.NONCE_TOO_LOW,
            BroadcastRejectedException.Reason.NONCE_TOO_LOW);
    assertThat(rec.receipts).containsExactly(r);
    assertThat(r.transactionHash()).isEqualTo(rec.signed.get(2).hash());
    // Each new signature took the next free nonce; the refused ones were never mined.
    assertThat(rec.signed.get(2).nonce()).isEqualTo(rec.signed.get(0).nonce().add(BigInteger.TWO));
    assertThat(chain.transaction(rec.signed.get(0).hash())).isEmpty();
    assertThat(chain.transaction(rec.signed.get(1).hash())).isEmpty();
  }

  @Test
  void thePolicysSignatureLimitIsTheOneLimit() throws Exception {
    String key = anvil.devKey(2);
    Signer signer = chain.signer(key);
    Recorder rec = new Recorder();
    TransactionPipeline twoSignatures =
        TransactionPipeline.of(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 2));
    TxRequest req = TxRequest.transfer(freshAddress(), BigInteger.TEN);

    assertThatThrownBy(
            () ->
                twoSignatures.send(
                    "transfer", racing(signer, req, key, 5), rec, Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            BroadcastRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(BroadcastRejectedException.Reason.NONCE_TOO_LOW);
              assertThat(e.txHash()).isEqualTo(rec.signed.get(1).hash());
            });
    assertThat(rec.signed).hasSize(2);
    assertThat(rec.refused).hasSize(1);
    assertThat(rec.receipts).isEmpty();
    assertThat(RetryPolicy.defaults().maxSignatures())
        .isEqualTo(RetryPolicy.DEFAULT_MAX_SIGNATURES);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSignatures");
  }

  @Test
  void aRefusalThatANewSignatureCannotFixEndsAtOnce() throws Exception {
    Credentials poor = Credentials.create(Keys.createEcKeyPair());
    String key =
        org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
            poor.getEcKeyPair().getPrivateKey(), 64);
    Signer signer = chain.signer(key);
    Recorder rec = new Recorder();
    TxRequest req =
        TxRequest.builder()
            .to(freshAddress())
            .value(BigInteger.TEN)
            .gasLimit(BigInteger.valueOf(21000))
            .build();

    assertThatThrownBy(
            () ->
                TransactionPipeline.defaults()
                    .send(
                        "transfer",
                        TransactionPipeline.steps(signer, req),
                        rec,
                        Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            BroadcastRejectedException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(BroadcastRejectedException.Reason.INSUFFICIENT_FUNDS));
    assertThat(rec.signed).hasSize(1);
    assertThat(rec.refused).isEmpty();
  }

  @Test
  void anObserverThatFailsStopsTheBroadcastAndGivesTheNonceBack() throws Exception {
    Signer signer = chain.signer(anvil.devKey(3));
    List<SignedTransaction> seen = new ArrayList<>();
    TransactionObserver failingJournal =
        new TransactionObserver() {
          @Override
          public void beforeBroadcast(String operation, SignedTransaction tx) {
            seen.add(tx);
            throw new IllegalStateException("journal disk full");
          }
        };
    TxRequest req = TxRequest.transfer(freshAddress(), BigInteger.ONE);

    assertThatThrownBy(
            () ->
                TransactionPipeline.defaults()
                    .submit("transfer", TransactionPipeline.steps(signer, req), failingJournal))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal disk full");
    assertThat(seen).hasSize(1);
    assertThat(chain.transaction(seen.get(0).hash())).isEmpty();
    SignedTransaction next =
        TransactionPipeline.defaults()
            .submit("transfer", TransactionPipeline.steps(signer, req), TransactionObserver.NONE);
    assertThat(next.nonce()).isEqualTo(seen.get(0).nonce());
  }

  @Test
  void aKnownRawTransactionIsRebroadcastAsItIs() throws Exception {
    Signer signer = chain.signer(anvil.devKey(4));
    SignedTransaction tx = signer.sign(TxRequest.transfer(freshAddress(), BigInteger.TEN));
    // The process "crashed" after journalling it: a new connection sends the very same bytes.
    assertThat(TransactionPipeline.rebroadcast(otherProcess, tx.rawHex())).isEqualTo(tx.hash());
    assertThat(otherProcess.awaitReceipt(tx.hash(), Duration.ofSeconds(10)).success()).isTrue();
    // Sent again, it is known: success, never a second transaction.
    assertThat(TransactionPipeline.rebroadcast(chain, tx.rawHex())).isEqualTo(tx.hash());

    SignedTransaction decoded = SignedTransaction.decode(tx.rawHex());
    assertThat(decoded).usingRecursiveComparison().ignoringFields("data").isEqualTo(tx);
    assertThatThrownBy(() -> SignedTransaction.decode("0x1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rawHex");
  }

  @Test
  void aConnectionNotMadeByTheSdkIsRefusedClearly() {
    ChainReads foreign = new ForeignChain();
    assertThatThrownBy(() -> TransactionPipeline.rebroadcast(foreign, "0x00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ChainReads.connect");
  }

  @Test
  void aReplacementKeepsTheNonceAndOutbidsBothItsPredecessorAndTheNode() throws Exception {
    Signer signer = chain.signer(anvil.devKey(5));
    SignedTransaction tx = signer.sign(TxRequest.transfer(freshAddress(), BigInteger.TEN));
    SignedTransaction replacement = signer.replaceWithHigherFees(tx);
    assertThat(replacement.nonce()).isEqualTo(tx.nonce());
    assertThat(replacement.to()).isEqualTo(tx.to());
    assertThat(replacement.value()).isEqualTo(tx.value());
    assertThat(replacement.hash()).isNotEqualTo(tx.hash());
    BigInteger minFee =
        tx.maxFeePerGas().multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8));
    assertThat(replacement.maxFeePerGas()).isGreaterThan(minFee);
    assertThat(replacement.maxPriorityFeePerGas()).isGreaterThan(tx.maxPriorityFeePerGas());
    signer.broadcast(replacement);
    assertThat(chain.awaitReceipt(replacement.hash(), Duration.ofSeconds(10)).success()).isTrue();
    Signer other = chain.signer(anvil.devKey(0));
    assertThatThrownBy(() -> other.replaceWithHigherFees(tx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was signed by");
  }

  /** A ChainReads the SDK did not make (every read refuses). */
  static final class ForeignChain implements ChainReads {
    private static UnsupportedOperationException no() {
      return new UnsupportedOperationException("foreign");
    }

    @Override
    public String endpoint() {
      return "foreign";
    }

    @Override
    public Duration receiptTimeout() {
      return Duration.ZERO;
    }

    @Override
    public long chainId() {
      throw no();
    }

    @Override
    public long fetchChainId() {
      throw no();
    }

    @Override
    public BigInteger blockNumber() {
      throw no();
    }

    @Override
    public Optional<BlockInfo> block(BigInteger number) {
      throw no();
    }

    @Override
    public Optional<BlockInfo> block(BlockRef ref) {
      throw no();
    }

    @Override
    public Instant blockTimestamp(BigInteger number) {
      throw no();
    }

    @Override
    public BigInteger balance(String address) {
      throw no();
    }

    @Override
    public boolean hasCode(String address) {
      throw no();
    }

    @Override
    public BigInteger nonce(String address, BlockRef ref) {
      throw no();
    }

    @Override
    public String call(String to, String data) {
      throw no();
    }

    @Override
    public FeeData feeData() {
      throw no();
    }

    @Override
    public List<LogEntry> logs(LogFilter filter) {
      throw no();
    }

    @Override
    public Optional<TxReceipt> receipt(String txHash) {
      throw no();
    }

    @Override
    public Optional<TransactionInfo> transaction(String txHash) {
      throw no();
    }

    @Override
    public TxReceipt awaitReceipt(String txHash, Duration timeout) {
      throw no();
    }

    @Override
    public Signer signer(String privateKeyHex) {
      throw no();
    }

    @Override
    public void close() {}
  }
}
