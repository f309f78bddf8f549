package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;

/** Passes everything to the real chain; tests override the one call where they inject a fault. */
class ForwardingChain implements FaucetChain {
  final FaucetChain real;

  ForwardingChain(FaucetChain real) {
    this.real = real;
  }

  @Override
  public String faucetAddress() {
    return real.faucetAddress();
  }

  @Override
  public long chainId() {
    return real.chainId();
  }

  @Override
  public BigInteger balance(String address) {
    return real.balance(address);
  }

  @Override
  public SignedTransaction signTransfer(String to, BigInteger value, BigInteger nonce) {
    return real.signTransfer(to, value, nonce);
  }

  @Override
  public void broadcast(SignedTransaction tx) {
    real.broadcast(tx);
  }

  @Override
  public SignedTransaction replaceWithHigherFees(SignedTransaction old) {
    return real.replaceWithHigherFees(old);
  }

  @Override
  public void abandon(SignedTransaction tx) {
    real.abandon(tx);
  }

  @Override
  public Optional<TxReceipt> receipt(String txHash) {
    return real.receipt(txHash);
  }

  @Override
  public TxReceipt awaitReceipt(String txHash, Duration timeout) {
    return real.awaitReceipt(txHash, timeout);
  }

  @Override
  public BigInteger minedNonce(String address) {
    return real.minedNonce(address);
  }

  @Override
  public SignedTransaction decode(String rawHex) {
    return real.decode(rawHex);
  }

  /** Stands for the process dying at this point: an Error, which the station never catches. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }
}
