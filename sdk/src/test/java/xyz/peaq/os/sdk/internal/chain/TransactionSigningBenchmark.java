package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The SDK's transaction signer against web3j's, not part of the default test run: the same
 * transactions signed by both in interleaved rounds on one thread; prints signatures per second and
 * the ratio.
 *
 * <pre>
 * mvn -B -pl sdk -am test -Dtest=TransactionSigningBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class TransactionSigningBenchmark {
  @Test
  void oursAgainstWeb3j() {
    Random random = new Random(1);
    List<Credentials> keys = new ArrayList<>();
    List<RawTransaction> txs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(
          Credentials.create(
              Numeric.toHexStringWithPrefixZeroPadded(new BigInteger(250, random), 64)));
      byte[] data = new byte[600];
      random.nextBytes(data);
      txs.add(
          RawTransaction.createTransaction(
              33380,
              BigInteger.valueOf(i),
              BigInteger.valueOf(900_000),
              "0x0000000000000000000000000000000000000805",
              BigInteger.ZERO,
              Numeric.toHexString(data),
              BigInteger.valueOf(1_000_000_000),
              BigInteger.valueOf(2_000_000_016)));
    }
    long ours = 0;
    long web3j = 0;
    int rounds = Integer.getInteger("bench.rounds", 7);
    for (int round = 0; round <= rounds; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < txs.size(); i++) {
        TransactionSigning.sign(txs.get(i), keys.get(i));
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < txs.size(); i++) {
        TransactionEncoder.signMessage(txs.get(i), keys.get(i));
      }
      long t2 = System.nanoTime();
      if (round > 0) { // round 0 warms both up
        ours += t1 - t0;
        web3j += t2 - t1;
      }
    }
    double n = (double) rounds * txs.size();
    System.out.printf(
        "BENCHMARK transaction signing: ours %.0f/s, web3j %.0f/s, ours/web3j time %.2f (%d rounds of %d, interleaved, one thread)%n",
        n / (ours / 1e9), n / (web3j / 1e9), (double) ours / web3j, rounds, txs.size());
  }
}
