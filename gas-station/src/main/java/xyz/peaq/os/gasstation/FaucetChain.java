package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.RpcException;

/**
 * What the station needs of the chain, implemented over the SDK's chain layer by {@link
 * SdkFaucetChain}. An interface so a test can wrap the real chain to inject a fault at an exact
 * point (for example "crash after the transfer was recorded, before it was sent").
 */
public interface FaucetChain {
  /** The faucet wallet's checksummed address. */
  String faucetAddress();

  /** The EVM chain id the node reports. */
  long chainId();

  /** Balance in wei at the latest block. @throws RpcException when the node cannot be reached */
  BigInteger balance(String address);

  /**
   * Signs a native transfer from the faucet with {@code nonce} (allocated by {@link FaucetNonces});
   * sends nothing.
   */
  SignedTransaction signTransfer(String to, BigInteger value, BigInteger nonce);

  /**
   * Sends a signed transaction; a node that already has it counts as success.
   *
   * @throws BroadcastRejectedException the node refused it (the reason says whether signing again
   *     helps)
   * @throws RpcException the node could not be reached: the transaction may or may not have arrived
   */
  void broadcast(SignedTransaction tx);

  /**
   * Signs {@code old} again with the same nonce, recipient, value and gas limit but fees raised
   * above both its own (by at least 12.5 %, what nodes require of a replacement) and the node's
   * current ones. Either transaction can be mined, never both.
   */
  SignedTransaction replaceWithHigherFees(SignedTransaction old);

  /** Gives back the nonce of a signed transaction that will never be sent. */
  void abandon(SignedTransaction tx);

  /** The receipt, or empty while pending or unknown. */
  Optional<TxReceipt> receipt(String txHash);

  /** Waits for the receipt. @throws ReceiptTimeoutException when none came in time */
  TxReceipt awaitReceipt(String txHash, Duration timeout);

  /** Number of transactions of {@code address} mined so far (the latest block's nonce). */
  BigInteger minedNonce(String address);

  /** Rebuilds a signed transaction from its raw bytes, as recorded before it was sent. */
  SignedTransaction decode(String rawHex);
}
