package xyz.peaq.os.cli.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of {@code ./peaqos.log}. Written with {@code status=submitted} (hash, nonce and the
 * signed raw transaction) before the transaction is broadcast, then {@code confirmed}, {@code
 * failed} or {@code dropped} once its fate is known. Never holds a key or a 2FA code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JournalEntry(
    String ts,
    String run,
    String network,
    Long chainId,
    String genesis,
    String step,
    String status,
    String wallet,
    String machineAddress,
    String txHash,
    Long nonce,
    String rawTx,
    String machineId,
    String tokenId,
    String requestId,
    String fundedAmount,
    Long blockNumber,
    String detail) {

  public static final String STATUS_SUBMITTED = "submitted";
  public static final String STATUS_CONFIRMED = "confirmed";
  public static final String STATUS_FAILED = "failed";
  public static final String STATUS_DROPPED = "dropped";
  public static final String STATUS_SKIPPED = "skipped";

  /**
   * The request's answer was lost (no answer, a timeout, a 5xx, or "in flight"): the transfer may
   * have happened. Still open: a re-run replays the same request id and learns the truth.
   */
  public static final String STATUS_UNKNOWN = "unknown";

  public static final String STATUS_DONE = "done";

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.network = network;
    b.chainId = chainId;
    b.genesis = genesis;
    b.step = step;
    b.wallet = wallet;
    b.machineAddress = machineAddress;
    b.txHash = txHash;
    b.nonce = nonce;
    b.machineId = machineId;
    b.tokenId = tokenId;
    b.requestId = requestId;
    return b;
  }

  /** Builder; {@code ts} and {@code run} are filled in by the journal. */
  public static final class Builder {
    private String network;
    private Long chainId;
    private String genesis;
    private String step;
    private String status;
    private String wallet;
    private String machineAddress;
    private String txHash;
    private Long nonce;
    private String rawTx;
    private String machineId;
    private String tokenId;
    private String requestId;
    private String fundedAmount;
    private Long blockNumber;
    private String detail;

    public Builder network(String v) {
      network = v;
      return this;
    }

    public Builder chainId(long v) {
      chainId = v;
      return this;
    }

    public Builder genesis(String v) {
      genesis = v;
      return this;
    }

    public Builder step(String v) {
      step = v;
      return this;
    }

    public Builder status(String v) {
      status = v;
      return this;
    }

    public Builder wallet(String v) {
      wallet = v;
      return this;
    }

    public Builder machineAddress(String v) {
      machineAddress = v;
      return this;
    }

    public Builder txHash(String v) {
      txHash = v;
      return this;
    }

    public Builder nonce(Long v) {
      nonce = v;
      return this;
    }

    public Builder rawTx(String v) {
      rawTx = v;
      return this;
    }

    public Builder machineId(String v) {
      machineId = v;
      return this;
    }

    public Builder tokenId(String v) {
      tokenId = v;
      return this;
    }

    public Builder requestId(String v) {
      requestId = v;
      return this;
    }

    public Builder fundedAmount(String v) {
      fundedAmount = v;
      return this;
    }

    public Builder blockNumber(Long v) {
      blockNumber = v;
      return this;
    }

    public Builder detail(String v) {
      detail = v;
      return this;
    }

    JournalEntry build(String ts, String run) {
      return new JournalEntry(
          ts,
          run,
          network,
          chainId,
          genesis,
          step,
          status,
          wallet,
          machineAddress,
          txHash,
          nonce,
          rawTx,
          machineId,
          tokenId,
          requestId,
          fundedAmount,
          blockNumber,
          detail);
    }
  }
}
