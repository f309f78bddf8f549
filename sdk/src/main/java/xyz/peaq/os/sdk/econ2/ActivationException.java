package xyz.peaq.os.sdk.econ2;

/**
 * An activation or machine write that failed for a known reason (the official SDK's {@code
 * ActivationError}): the {@link #code()} ({@code PEER_MISMATCH}, {@code PRICE_NOT_AVAILABLE},
 * {@code MAX_NET_PEAQ_EXCEEDED}, {@code STATE_MISMATCH}, ...), the contract role it concerns, the
 * decoded Solidity error and raw revert data of a revert, and the transaction hash when one was
 * mined.
 */
public final class ActivationException extends Econ2Exception {
  private final String contract;
  private final String solidityError;
  private final String revertData;
  private final String transactionHash;

  public ActivationException(
      String code,
      String message,
      String contract,
      String solidityError,
      String revertData,
      String transactionHash) {
    super(code, message);
    this.contract = contract;
    this.solidityError = solidityError;
    this.revertData = revertData;
    this.transactionHash = transactionHash;
  }

  public ActivationException(String code, String message) {
    this(code, message, null, null, null, null);
  }

  static ActivationException of(String code, String contract, String message) {
    return new ActivationException(code, message, contract, null, null, null);
  }

  /** The contract role ({@code machine_subscription}, ...), or null. */
  public String contract() {
    return contract;
  }

  /** The decoded custom error name ({@code PriceNotAvailable}), or null. */
  public String solidityError() {
    return solidityError;
  }

  /** Raw revert data (0x-hex), or null. */
  public String revertData() {
    return revertData;
  }

  /** The hash of a mined transaction the failure concerns, or null when nothing was mined. */
  public String transactionHash() {
    return transactionHash;
  }
}
