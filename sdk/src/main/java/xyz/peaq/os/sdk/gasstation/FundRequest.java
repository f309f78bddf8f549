package xyz.peaq.os.sdk.gasstation;

import java.util.UUID;

/**
 * A funding request for {@code POST /faucet/fund}. {@code requestId} is the idempotency key: the
 * builder generates a random UUID when none is given, and a retry with the same id never makes a
 * second transfer. {@code chainId} is the Gas Station's chain name, {@code "peaq"} by default.
 *
 * <p>{@link #toString()} never shows the 2FA code.
 */
public record FundRequest(
    String ownerAddress,
    String targetWalletAddress,
    String chainId,
    String twoFactorCode,
    String requestId) {

  /** The only chain name the official Gas Station funds. */
  public static final String DEFAULT_CHAIN_ID = "peaq";

  public FundRequest {
    chainId = chainId == null ? DEFAULT_CHAIN_ID : chainId;
    requestId = requestId == null ? UUID.randomUUID().toString() : requestId;
  }

  /** A request with the default chain and a generated request id. */
  public static FundRequest of(
      String ownerAddress, String targetWalletAddress, String twoFactorCode) {
    return new FundRequest(ownerAddress, targetWalletAddress, null, twoFactorCode, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same request with another 2FA code, for a retry under the same {@code requestId}. */
  public FundRequest withTwoFactorCode(String code) {
    return new FundRequest(ownerAddress, targetWalletAddress, chainId, code, requestId);
  }

  @Override
  public String toString() {
    return "FundRequest[ownerAddress="
        + ownerAddress
        + ", targetWalletAddress="
        + targetWalletAddress
        + ", chainId="
        + chainId
        + ", twoFactorCode=<redacted>, requestId="
        + requestId
        + "]";
  }

  /** Builder for {@link FundRequest}. */
  public static final class Builder {
    private String ownerAddress;
    private String targetWalletAddress;
    private String chainId;
    private String twoFactorCode;
    private String requestId;

    private Builder() {}

    /** The 2FA-enrolled owner's EVM address. */
    public Builder ownerAddress(String v) {
      this.ownerAddress = v;
      return this;
    }

    /** The wallet to fund, usually the machine's. */
    public Builder targetWalletAddress(String v) {
      this.targetWalletAddress = v;
      return this;
    }

    /** The Gas Station chain name; {@code "peaq"} when not set. */
    public Builder chainId(String v) {
      this.chainId = v;
      return this;
    }

    /** The owner's current 6-digit TOTP code. */
    public Builder twoFactorCode(String v) {
      this.twoFactorCode = v;
      return this;
    }

    /** The idempotency key; a random UUID when not set. */
    public Builder requestId(String v) {
      this.requestId = v;
      return this;
    }

    public FundRequest build() {
      return new FundRequest(ownerAddress, targetWalletAddress, chainId, twoFactorCode, requestId);
    }
  }
}
