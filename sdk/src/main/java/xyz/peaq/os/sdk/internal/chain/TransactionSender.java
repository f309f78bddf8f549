package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.GasPolicy;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.Signer;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;

/**
 * Signs and sends EIP-1559 transactions for one signer (the SDK's {@link Signer}). Internal: users
 * reach it through {@code PeaqosClient} or {@code ChainReads.signer}. Thread-safe: nonces come from
 * the {@link ChainClient}'s single nonce manager for this address, so transactions signed on many
 * threads carry distinct, consecutive nonces.
 *
 * <p>Two ways to send:
 *
 * <ul>
 *   <li>{@link #send(TxRequest)}: sign, broadcast, await the receipt; a revert becomes a decoded
 *       {@link ContractRevertException}.
 *   <li>{@link #sign(TxRequest)} then {@link #broadcast(SignedTransaction)}: the hash is known
 *       before anything leaves the process, so it can be recorded durably first (exactly-once
 *       payouts, resumable flows). Then {@link #awaitSuccess}.
 * </ul>
 *
 * {@code toString()} shows the address only; the key never leaves the credentials object.
 */
public final class TransactionSender implements Signer {

  private final ChainClient chain;
  private final Credentials credentials;
  private final String address;
  private final NonceManager nonces;

  TransactionSender(
      ChainClient chain, Credentials credentials, String address, NonceManager nonces) {
    this.chain = chain;
    this.credentials = credentials;
    this.address = address;
    this.nonces = nonces;
  }

  /** The signer's checksummed address. */
  @Override
  public String address() {
    return address;
  }

  @Override
  public ChainClient chain() {
    return chain;
  }

  /**
   * Estimates gas (× the {@link GasPolicy} margin), takes fees from the node, allocates the next
   * nonce and signs. Sends nothing.
   *
   * @throws ContractRevertException when the estimate shows the transaction would revert (no nonce
   *     is used)
   */
  @Override
  public SignedTransaction sign(TxRequest req) {
    return sign(req, null);
  }

  /**
   * Signs with {@code fixedNonce}, allocated by the caller (a database shared by several
   * processes); null allocates from this signer's own nonce manager.
   */
  @Override
  public SignedTransaction sign(TxRequest req, BigInteger fixedNonce) {
    BigInteger gasLimit =
        req.gasLimit() != null
            ? req.gasLimit()
            : chain
                .gasPolicy()
                .limitFor(req.to(), chain.estimateGas(address, req.to(), req.value(), req.data()));
    BigInteger maxFee = req.maxFeePerGas();
    BigInteger priority = req.maxPriorityFeePerGas();
    if (maxFee == null || priority == null) {
      FeeData fees = chain.feeData();
      priority = priority != null ? priority : fees.maxPriorityFeePerGas();
      maxFee = maxFee != null ? maxFee : fees.maxFeePerGas().max(priority);
    }
    long chainId = chain.chainId();
    BigInteger nonce =
        fixedNonce != null
            ? fixedNonce
            : nonces.allocate(() -> chain.nonce(address, BlockRef.pending()));
    byte[] signed;
    try {
      RawTransaction raw =
          RawTransaction.createTransaction(
              chainId, nonce, gasLimit, req.to(), req.value(), req.data(), priority, maxFee);
      signed = TransactionSigning.sign(raw, credentials);
    } catch (RuntimeException e) {
      if (fixedNonce == null) {
        nonces.release(nonce);
      }
      throw e;
    }
    String rawHex = Hex.encode(signed);
    String hash = Hex.encode(Hash.sha3(signed));
    return new SignedTransaction(
        hash,
        rawHex,
        address,
        req.to(),
        nonce,
        req.value(),
        req.data(),
        gasLimit,
        maxFee,
        priority,
        chainId);
  }

  /**
   * Sends a signed transaction. A node that already has it ("already known", or its nonce used by
   * this very hash) counts as success, so a retry after a lost answer is safe.
   *
   * @return the transaction hash
   * @throws BroadcastRejectedException when the node refused it; a refused nonce is given back (or,
   *     for {@link Reason#NONCE_TOO_LOW}, the nonce manager resynchronised with the chain)
   */
  @Override
  public String broadcast(SignedTransaction tx) {
    if (!Addresses.same(tx.from(), address)) {
      throw new IllegalArgumentException(
          "transaction " + tx.hash() + " was signed by " + tx.from() + ", not " + address);
    }
    try {
      chain.sendRaw(tx.rawHex());
      return tx.hash();
    } catch (NodeError e) {
      NodeError.Refusal refusal = e.refusal();
      if (refusal == NodeError.Refusal.ALREADY_KNOWN) {
        return tx.hash();
      }
      if (refusal == NodeError.Refusal.NONCE_USED) {
        // Our own earlier attempt may have landed (an answer lost in transit, then a retry).
        if (chain.transaction(tx.hash()).isPresent()) {
          return tx.hash();
        }
        resyncNonce();
        throw chain.refused(
            e,
            tx.hash(),
            "Nonce "
                + tx.nonce()
                + " of "
                + address
                + " is already used; sign the transaction again");
      }
      nonces.release(tx.nonce());
      if (refusal == NodeError.Refusal.INSUFFICIENT_FUNDS) {
        throw chain.refused(
            e,
            tx.hash(),
            "Insufficient funds: "
                + address
                + " cannot pay "
                + tx.maxCost()
                + " wei (value + gas × fee cap); node said: "
                + e.nodeMessage);
      }
      if (refusal == NodeError.Refusal.UNDERPRICED) {
        chain.invalidateFees();
        throw chain.refused(
            e, tx.hash(), "Fees too low for " + tx.hash() + "; node said: " + e.nodeMessage);
      }
      throw chain.refused(
          e,
          tx.hash(),
          "Node "
              + chain.endpoint()
              + " refused "
              + tx.hash()
              + ": "
              + e.nodeMessage
              + " (code "
              + e.code
              + ")");
    }
  }

  /**
   * Gives back the nonce of a transaction that was signed but will never be broadcast (for example
   * its durable record failed). Do not call it for a transaction that may have reached a node.
   */
  @Override
  public void abandon(SignedTransaction tx) {
    nonces.release(tx.nonce());
  }

  /** Signs, broadcasts and awaits the receipt with the client's default timeout. */
  public TxReceipt send(TxRequest req) {
    return send(req, chain.receiptTimeout());
  }

  /**
   * Signs, broadcasts and awaits a successful receipt through the {@link TransactionPipeline}: a
   * nonce taken by someone else or a fee under the base fee leads to a new signature (up to the
   * client's {@link xyz.peaq.os.sdk.chain.RetryPolicy#maxSignatures()}).
   *
   * @throws ContractRevertException the decoded revert, from the estimate or from a mined revert
   *     replayed with {@code eth_call}
   * @throws BroadcastRejectedException when the node keeps refusing
   * @throws ReceiptTimeoutException when no receipt arrived in time
   */
  public TxReceipt send(TxRequest req, Duration timeout) {
    return chain
        .pipeline()
        .send("send", TransactionPipeline.steps(this, req), TransactionObserver.NONE, timeout);
  }

  /** Signs and broadcasts through the {@link TransactionPipeline}; returns what was sent. */
  public SignedTransaction signAndBroadcast(TxRequest req) {
    return chain
        .pipeline()
        .submit("send", TransactionPipeline.steps(this, req), TransactionObserver.NONE);
  }

  /**
   * Awaits the receipt of a broadcast transaction; a mined revert is replayed to decode it.
   *
   * @throws ContractRevertException when it reverted, with its hash
   * @throws ReceiptTimeoutException when no receipt arrived in time
   */
  @Override
  public TxReceipt awaitSuccess(SignedTransaction tx, Duration timeout) {
    TxReceipt receipt = chain.awaitReceipt(tx.hash(), timeout);
    if (!receipt.success()) {
      throw chain.explainRevert(receipt, "transaction to " + tx.to());
    }
    return receipt;
  }

  @Override
  public SignedTransaction replaceWithHigherFees(SignedTransaction old) {
    if (!Addresses.same(old.from(), address)) {
      throw new IllegalArgumentException(
          "transaction " + old.hash() + " was signed by " + old.from() + ", not " + address);
    }
    FeeData now = chain.feeData();
    BigInteger priority = bump(old.maxPriorityFeePerGas()).max(now.maxPriorityFeePerGas());
    BigInteger maxFee = bump(old.maxFeePerGas()).max(now.maxFeePerGas()).max(priority);
    RawTransaction raw =
        RawTransaction.createTransaction(
            old.chainId(),
            old.nonce(),
            old.gasLimit(),
            old.to(),
            old.value(),
            old.data() == null ? "0x" : old.data(),
            priority,
            maxFee);
    byte[] signed = TransactionSigning.sign(raw, credentials);
    return new SignedTransaction(
        Hex.encode(Hash.sha3(signed)),
        Hex.encode(signed),
        old.from(),
        old.to(),
        old.nonce(),
        old.value(),
        old.data(),
        old.gasLimit(),
        maxFee,
        priority,
        old.chainId());
  }

  /** +12.5 % and one wei: the least a node accepts as a replacement. */
  private static BigInteger bump(BigInteger fee) {
    return fee.multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)).add(BigInteger.ONE);
  }

  /** Re-reads the pending nonce from the chain and skips nonces used elsewhere. */
  public void resyncNonce() {
    nonces.resync(chain.nonce(address, BlockRef.pending()));
  }

  /** The nonce the next {@link #sign} will use, or null before the first one. */
  public BigInteger peekNonce() {
    return nonces.peek();
  }

  @Override
  public String toString() {
    return "TransactionSender[" + address + " on " + chain.endpoint() + "]";
  }
}
