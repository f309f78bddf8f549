package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An event for {@code EventRegistry.submitEvent} (reference §2.7). Build with {@link #builder()}.
 * {@code value} is in ISO 4217 minor units (USD cents) for revenue. {@code currency} null means the
 * default: {@code "USD"} for revenue, {@code ""} for activity. {@code rawData} null or absent gives
 * a zero {@code dataHash}.
 */
public record EventParams(
    BigInteger machineId,
    int eventType,
    BigInteger value,
    String currency,
    long timestamp,
    byte[] rawData,
    int trustLevel,
    long sourceChainId,
    String sourceTxHash,
    byte[] metadata) {
  public static final int EVENT_TYPE_REVENUE = 0;
  public static final int EVENT_TYPE_ACTIVITY = 1;
  public static final int TRUST_SELF_REPORTED = 0;
  public static final int TRUST_ON_CHAIN_VERIFIABLE = 1;
  public static final int TRUST_HARDWARE_SIGNED = 2;

  public EventParams {
    rawData = rawData == null ? null : rawData.clone();
    metadata = metadata == null ? new byte[0] : metadata.clone();
  }

  @Override
  public byte[] rawData() {
    return rawData == null ? null : rawData.clone();
  }

  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventParams e
        && Objects.equals(machineId, e.machineId)
        && eventType == e.eventType
        && Objects.equals(value, e.value)
        && Objects.equals(currency, e.currency)
        && timestamp == e.timestamp
        && Arrays.equals(rawData, e.rawData)
        && trustLevel == e.trustLevel
        && sourceChainId == e.sourceChainId
        && Objects.equals(sourceTxHash, e.sourceTxHash)
        && Arrays.equals(metadata, e.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        machineId, eventType, value, currency, timestamp, trustLevel, sourceChainId, sourceTxHash);
  }

  @Override
  public String toString() {
    return "EventParams[machineId="
        + machineId
        + ", eventType="
        + eventType
        + ", value="
        + value
        + ", currency="
        + currency
        + ", timestamp="
        + timestamp
        + ", rawData="
        + (rawData == null ? "none" : rawData.length + " bytes")
        + ", trustLevel="
        + trustLevel
        + ", sourceChainId="
        + sourceChainId
        + ", sourceTxHash="
        + sourceTxHash
        + ", metadata="
        + metadata.length
        + " bytes]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: revenue, trust 0 (self-reported), source chain 0, timestamp now, no raw data, no
   * metadata.
   */
  public static final class Builder {
    private BigInteger machineId;
    private int eventType = EVENT_TYPE_REVENUE;
    private BigInteger value;
    private String currency;
    private Long timestamp;
    private byte[] rawData;
    private int trustLevel = TRUST_SELF_REPORTED;
    private long sourceChainId;
    private String sourceTxHash;
    private byte[] metadata = new byte[0];

    public Builder machineId(BigInteger v) {
      this.machineId = v;
      return this;
    }

    public Builder machineId(long v) {
      return machineId(BigInteger.valueOf(v));
    }

    public Builder eventType(int v) {
      this.eventType = v;
      return this;
    }

    public Builder revenue(BigInteger minorUnits, String currency) {
      this.eventType = EVENT_TYPE_REVENUE;
      this.value = minorUnits;
      this.currency = currency;
      return this;
    }

    public Builder activity(BigInteger value) {
      this.eventType = EVENT_TYPE_ACTIVITY;
      this.value = value;
      this.currency = "";
      return this;
    }

    public Builder value(BigInteger v) {
      this.value = v;
      return this;
    }

    public Builder value(long v) {
      return value(BigInteger.valueOf(v));
    }

    public Builder currency(String v) {
      this.currency = v;
      return this;
    }

    public Builder timestamp(long epochSeconds) {
      this.timestamp = epochSeconds;
      return this;
    }

    public Builder timestamp(Instant t) {
      return timestamp(t.getEpochSecond());
    }

    public Builder rawData(byte[] v) {
      this.rawData = v;
      return this;
    }

    public Builder trustLevel(int v) {
      this.trustLevel = v;
      return this;
    }

    public Builder sourceChainId(long v) {
      this.sourceChainId = v;
      return this;
    }

    public Builder sourceTxHash(String v) {
      this.sourceTxHash = v;
      return this;
    }

    public Builder metadata(byte[] v) {
      this.metadata = v;
      return this;
    }

    public EventParams build() {
      long ts = timestamp != null ? timestamp : Instant.now().getEpochSecond();
      return new EventParams(
          machineId,
          eventType,
          value,
          currency,
          ts,
          rawData,
          trustLevel,
          sourceChainId,
          sourceTxHash,
          metadata);
    }
  }
}
