package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;

/**
 * A signed EIP-1559 (type 2) transaction, not yet broadcast. {@code hash} is final: record it
 * durably, then {@link TransactionSender#broadcast} it. {@code rawHex} holds a signature, never a key.
 */
public record SignedTransaction(String hash, String rawHex, String from, String to, BigInteger nonce,
    BigInteger value, String data, BigInteger gasLimit, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas,
    long chainId) {

  /** The most this transaction can cost: {@code value + gasLimit × maxFeePerGas}. */
  public BigInteger maxCost() {
    return value.add(gasLimit.multiply(maxFeePerGas));
  }

  @Override
  public String toString() {
    return "SignedTransaction[hash=" + hash + ", from=" + from + ", to=" + to + ", nonce=" + nonce + ", value="
        + value + ", gasLimit=" + gasLimit + ", maxFeePerGas=" + maxFeePerGas + ", chainId=" + chainId + "]";
  }
}
