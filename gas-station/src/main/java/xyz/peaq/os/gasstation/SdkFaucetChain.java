package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.Signer;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;

/**
 * {@link FaucetChain} over the SDK's public chain surface: a {@link ChainReads} connection and the
 * faucet's {@link Signer}.
 */
final class SdkFaucetChain implements FaucetChain {
  private final ChainReads chain;
  private final Signer signer;

  SdkFaucetChain(ChainReads chain, String faucetKey) {
    this.chain = chain;
    this.signer = chain.signer(faucetKey);
  }

  @Override
  public String faucetAddress() {
    return signer.address();
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
  public SignedTransaction signTransfer(String to, BigInteger value, BigInteger nonce) {
    return signer.sign(TxRequest.transfer(to, value), nonce);
  }

  @Override
  public void broadcast(SignedTransaction tx) {
    signer.broadcast(tx);
  }

  @Override
  public SignedTransaction replaceWithHigherFees(SignedTransaction old) {
    return signer.replaceWithHigherFees(old);
  }

  @Override
  public String toString() {
    return "SdkFaucetChain[" + signer.address() + " on " + chain.endpoint() + "]";
  }

  @Override
  public void abandon(SignedTransaction tx) {
    signer.abandon(tx);
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
    return SignedTransaction.decode(rawHex);
  }
}
