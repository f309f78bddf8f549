package xyz.peaq.os.sdk.internal.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The SDK's signer gives web3j's bytes, for random keys and transactions (both signature parities
 * and both halves of s occur about half the time each) and for the smallest and largest keys; and
 * what it signs recovers to the signer's address.
 */
class TransactionSigningTest {
  private static final BigInteger N = Sign.CURVE_PARAMS.getN();

  @Test
  void signsByteForByteAsWeb3jOnRandomKeysAndTransactions() {
    Random random = new Random(20261202L);
    int[] parities = new int[2];
    for (int i = 0; i < 400; i++) {
      BigInteger key =
          new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      RawTransaction raw = randomTransaction(random);
      Credentials c = Credentials.create(Numeric.toHexStringWithPrefixZeroPadded(key, 64));
      byte[] ours = TransactionSigning.sign(raw, c);
      assertThat(Numeric.toHexString(ours))
          .as("transaction %d", i)
          .isEqualTo(Numeric.toHexString(TransactionEncoder.signMessage(raw, c)));
      Sign.SignatureData sig =
          TransactionSigning.sign(Hash.sha3(TransactionEncoder.encode(raw)), key);
      parities[sig.getV()[0] - 27]++;
    }
    assertThat(parities[0]).as("recovery id 0").isGreaterThan(100);
    assertThat(parities[1]).as("recovery id 1").isGreaterThan(100);
  }

  @Test
  void theExtremeKeysSignAsWeb3jAndRecoverToTheirAddress() throws Exception {
    Random random = new Random(7);
    for (BigInteger key :
        new BigInteger[] {BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE)}) {
      Credentials c = Credentials.create(Numeric.toHexStringWithPrefixZeroPadded(key, 64));
      RawTransaction raw = randomTransaction(random);
      byte[] ours = TransactionSigning.sign(raw, c);
      assertThat(ours).isEqualTo(TransactionEncoder.signMessage(raw, c));
      SignedRawTransaction decoded =
          (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(ours));
      assertThat(Keys.toChecksumAddress(decoded.getFrom()))
          .isEqualTo(Keys.toChecksumAddress(c.getAddress()));
    }
  }

  private static RawTransaction randomTransaction(Random random) {
    byte[] data = new byte[random.nextInt(300)];
    random.nextBytes(data);
    byte[] to = new byte[20];
    random.nextBytes(to);
    return RawTransaction.createTransaction(
        1 + random.nextInt(100_000),
        BigInteger.valueOf(random.nextInt(1_000)),
        BigInteger.valueOf(21_000 + random.nextInt(2_000_000)),
        Numeric.toHexString(to),
        new BigInteger(80, random),
        Numeric.toHexString(data),
        BigInteger.valueOf(random.nextInt(Integer.MAX_VALUE)),
        new BigInteger(40, random));
  }
}
