package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TransactionSender;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;

/** {@link FaucetChain} over the SDK's {@link ChainClient} and {@link TransactionSender}. */
final class SdkFaucetChain implements FaucetChain {
  private final ChainClient chain;
  private final TransactionSender sender;
  // Held only to sign same-nonce replacements; never logged or shown.
  private final Credentials credentials;

  SdkFaucetChain(ChainClient chain, String faucetKey) {
    this.chain = chain;
    this.credentials = ChainClient.credentials(faucetKey);
    this.sender = chain.sender(credentials);
  }

  @Override
  public String faucetAddress() {
    return sender.address();
  }

  @Override
  public long chainId() {
    return chain.chainId();
  }

  @Override
  public BigInteger balance(String address) {
    return chain.balance(address);
  }

  @Override
  public SignedTransaction signTransfer(String to, BigInteger value) {
    return sender.sign(TxRequest.transfer(to, value));
  }

  @Override
  public void broadcast(SignedTransaction tx) {
    sender.broadcast(tx);
  }

  @Override
  public SignedTransaction replaceWithHigherFees(SignedTransaction old) {
    FeeData now = chain.feeData();
    BigInteger priority = bump(old.maxPriorityFeePerGas()).max(now.maxPriorityFeePerGas());
    BigInteger maxFee = bump(old.maxFeePerGas()).max(now.maxFeePerGas()).max(priority);
    RawTransaction raw = RawTransaction.createTransaction(old.chainId(), old.nonce(), old.gasLimit(), old.to(),
        old.value(), old.data() == null ? "0x" : old.data(), priority, maxFee);
    byte[] signed = TransactionEncoder.signMessage(raw, credentials);
    return new SignedTransaction(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), old.from(),
        old.to(), old.nonce(), old.value(), old.data(), old.gasLimit(), maxFee, priority, old.chainId());
  }

  private static BigInteger bump(BigInteger fee) {
    return fee.multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)).add(BigInteger.ONE);
  }

  @Override
  public String toString() {
    return "SdkFaucetChain[" + sender.address() + " on " + chain.endpoint() + "]";
  }

  @Override
  public void abandon(SignedTransaction tx) {
    sender.abandon(tx);
  }

  @Override
  public Optional<TxReceipt> receipt(String txHash) {
    return chain.receipt(txHash);
  }

  @Override
  public TxReceipt awaitReceipt(String txHash, Duration timeout) {
    return chain.awaitReceipt(txHash, timeout);
  }

  @Override
  public BigInteger minedNonce(String address) {
    return chain.nonce(address, BlockRef.latest());
  }

  @Override
  public SignedTransaction decode(String rawHex) {
    RawTransaction raw = TransactionDecoder.decode(rawHex);
    String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(rawHex)));
    String from;
    try {
      from = ((SignedRawTransaction) raw).getFrom();
    } catch (java.security.SignatureException e) {
      throw new IllegalStateException("a recorded transaction's signature does not verify", e);
    }
    BigInteger maxFee = BigInteger.ZERO;
    BigInteger priority = BigInteger.ZERO;
    long chainId = chain.chainId();
    if (raw.getTransaction() instanceof Transaction1559 t) {
      maxFee = t.getMaxFeePerGas();
      priority = t.getMaxPriorityFeePerGas();
      chainId = t.getChainId();
    }
    return new SignedTransaction(hash, rawHex, xyz.peaq.os.sdk.chain.Addresses.checksum(from),
        xyz.peaq.os.sdk.chain.Addresses.checksum(raw.getTo()), raw.getNonce(), raw.getValue(), raw.getData(),
        raw.getGasLimit(), maxFee, priority, chainId);
  }
}
