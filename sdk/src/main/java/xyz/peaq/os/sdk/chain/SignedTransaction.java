package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.security.SignatureException;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * A signed EIP-1559 (type 2) transaction, not yet broadcast. {@code hash} is final: record it
 * durably, then broadcast it ({@link Signer#broadcast}, {@link TransactionPipeline}). {@code
 * rawHex} holds a signature, never a key.
 */
public record SignedTransaction(
    String hash,
    String rawHex,
    String from,
    String to,
    BigInteger nonce,
    BigInteger value,
    String data,
    BigInteger gasLimit,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    long chainId) {

  /**
   * Rebuilds a signed transaction from its raw bytes, as recorded before it was sent (the hash is
   * computed locally, the sender recovered from the signature).
   *
   * @throws IllegalArgumentException when the bytes are not a signed transaction
   */
  public static SignedTransaction decode(String rawHex) {
    byte[] bytes = Hex.decode("rawHex", rawHex);
    RawTransaction raw;
    try {
      raw = TransactionDecoder.decode(Hex.encode(bytes));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "rawHex is not a signed transaction (" + e.getClass().getSimpleName() + ")", e);
    }
    if (!(raw instanceof SignedRawTransaction signed)) {
      throw new IllegalArgumentException("rawHex is not a signed transaction");
    }
    String from;
    try {
      from = signed.getFrom();
    } catch (SignatureException e) {
      throw new IllegalArgumentException("the transaction's signature does not verify", e);
    }
    BigInteger maxFee = BigInteger.ZERO;
    BigInteger priority = BigInteger.ZERO;
    long chainId = signed.getChainId() == null ? 0 : signed.getChainId();
    if (raw.getTransaction() instanceof Transaction1559 t) {
      maxFee = t.getMaxFeePerGas();
      priority = t.getMaxPriorityFeePerGas();
      chainId = t.getChainId();
    }
    return new SignedTransaction(
        Hex.encode(Hash.sha3(bytes)),
        Hex.encode(bytes),
        Addresses.checksum(from),
        raw.getTo() == null || raw.getTo().isEmpty() ? null : Addresses.checksum(raw.getTo()),
        raw.getNonce(),
        raw.getValue(),
        raw.getData(),
        raw.getGasLimit(),
        maxFee,
        priority,
        chainId);
  }

  /** The most this transaction can cost: {@code value + gasLimit × maxFeePerGas}. */
  public BigInteger maxCost() {
    return value.add(gasLimit.multiply(maxFeePerGas));
  }

  @Override
  public String toString() {
    return "SignedTransaction[hash="
        + hash
        + ", from="
        + from
        + ", to="
        + to
        + ", nonce="
        + nonce
        + ", value="
        + value
        + ", gasLimit="
        + gasLimit
        + ", maxFeePerGas="
        + maxFeePerGas
        + ", chainId="
        + chainId
        + "]";
  }
}
