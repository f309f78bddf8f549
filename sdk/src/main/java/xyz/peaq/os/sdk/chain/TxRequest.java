package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * What to send: recipient, value in wei and calldata. Gas and fees are filled in by {@link
 * TransactionSender#sign}; set {@code gasLimit} or the fee caps only to override the node.
 *
 * <pre>{@code
 * TxRequest.builder().to(registry).value(minBond).data(calldata).build();
 * TxRequest.transfer(wallet, amount);
 * }</pre>
 */
public record TxRequest(
    String to,
    BigInteger value,
    String data,
    BigInteger gasLimit,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas) {
  public TxRequest {
    to = Addresses.require("to", to);
    value = value == null ? BigInteger.ZERO : value;
    if (value.signum() < 0) {
      throw new xyz.peaq.os.sdk.errors.ValidationException("value", "value must not be negative");
    }
    data = data == null || data.isEmpty() ? "0x" : Hex.encode(Hex.decode("data", data));
  }

  /** A plain native transfer (21000 gas on Ethereum; estimated anyway). */
  public static TxRequest transfer(String to, BigInteger valueWei) {
    return new TxRequest(to, valueWei, "0x", null, null, null);
  }

  /** A contract call without value. */
  public static TxRequest call(String to, String data) {
    return new TxRequest(to, BigInteger.ZERO, data, null, null, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String to;
    private BigInteger value = BigInteger.ZERO;
    private String data = "0x";
    private BigInteger gasLimit;
    private BigInteger maxFeePerGas;
    private BigInteger maxPriorityFeePerGas;

    public Builder to(String to) {
      this.to = to;
      return this;
    }

    public Builder value(BigInteger value) {
      this.value = value;
      return this;
    }

    public Builder data(String data) {
      this.data = data;
      return this;
    }

    /** A fixed gas limit; skips estimation and the margin. */
    public Builder gasLimit(BigInteger gasLimit) {
      this.gasLimit = gasLimit;
      return this;
    }

    public Builder maxFeePerGas(BigInteger maxFeePerGas) {
      this.maxFeePerGas = maxFeePerGas;
      return this;
    }

    public Builder maxPriorityFeePerGas(BigInteger maxPriorityFeePerGas) {
      this.maxPriorityFeePerGas = maxPriorityFeePerGas;
      return this;
    }

    public TxRequest build() {
      return new TxRequest(to, value, data, gasLimit, maxFeePerGas, maxPriorityFeePerGas);
    }
  }
}
