package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs a transaction exactly as web3j's {@code TransactionEncoder.signMessage(raw, credentials)}
 * does (the same RFC 6979 nonce, so the same bytes), at about a third of its cost. web3j signs,
 * then finds the signature's recovery id by recovering public keys from it until one matches (up to
 * four recoveries, each a decompression and two curve multiplications), which is most of the time a
 * fleet spends signing. The recovery id is known for free while signing: it is the parity of the y
 * of the point {@code k·G} whose x is {@code r}, flipped when {@code s} is made canonical. In the
 * one case that parity does not settle it (that x not below the curve order, about 2^-128) this
 * falls back to web3j. {@code TransactionSigningTest} checks the bytes against web3j's.
 */
final class TransactionSigning {
  private static final ECDomainParameters CURVE =
      new ECDomainParameters(
          Sign.CURVE_PARAMS.getCurve(),
          Sign.CURVE_PARAMS.getG(),
          Sign.CURVE_PARAMS.getN(),
          Sign.CURVE_PARAMS.getH());

  private static final BigInteger N = CURVE.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

  private TransactionSigning() {}

  /** The signed, encoded transaction: what {@code eth_sendRawTransaction} takes. */
  static byte[] sign(RawTransaction raw, Credentials credentials) {
    if (raw.getTransaction().getType().isEip4844()) {
      return TransactionEncoder.signMessage(raw, credentials);
    }
    byte[] hash = Hash.sha3(TransactionEncoder.encode(raw));
    Sign.SignatureData signature = sign(hash, credentials.getEcKeyPair().getPrivateKey());
    if (signature == null) {
      return TransactionEncoder.signMessage(raw, credentials);
    }
    return TransactionEncoder.encode(raw, signature);
  }

  /**
   * ECDSA over secp256k1 as BouncyCastle's {@code ECDSASigner} with an {@code HMacDSAKCalculator}
   * computes it, made canonical (low s) as web3j makes it; null when the recovery id cannot be told
   * from the parity alone.
   */
  static Sign.SignatureData sign(byte[] hash, BigInteger privateKey) {
    BigInteger e = new BigInteger(1, hash); // 256-bit hash, 256-bit order: no truncation
    HMacDSAKCalculator k = new HMacDSAKCalculator(new SHA256Digest());
    k.init(N, privateKey, hash);
    while (true) {
      BigInteger nonce = k.nextK();
      ECPoint p = BASE.multiply(CURVE.getG(), nonce).normalize();
      BigInteger x = p.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s =
          BigIntegers.modOddInverse(N, nonce).multiply(e.add(privateKey.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      if (x.compareTo(N) >= 0) {
        return null;
      }
      int recId = p.getAffineYCoord().testBitZero() ? 1 : 0;
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
        recId ^= 1;
      }
      return new Sign.SignatureData(
          (byte) (27 + recId), Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
    }
  }
}
