package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Hex;

/** The client-side rules of {@code submitEvent} (reference §2.7), checked before any I/O. */
public final class EventValidator {
  /**
   * Source chain ids accepted: 0 (same chain / off-chain) and the official SDK's SUPPORTED_CHAINS.
   */
  public static final Set<Long> SUPPORTED_SOURCE_CHAINS =
      Immutables.set(0L, 3338L, 1L, 8453L, 137L, 42161L, 10L);

  public static final int MAX_METADATA_BYTES = 4096;
  private static final Pattern REVENUE_CURRENCY = Pattern.compile("^[A-Z0-9]{3,10}$");
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private EventValidator() {}

  /**
   * Checks {@code p} and returns it with the currency default applied ({@code "USD"} for revenue,
   * {@code ""} for activity).
   *
   * @param now the current time; a timestamp after it is refused
   * @throws ValidationException naming the first bad field
   */
  public static EventParams validate(EventParams p, Instant now) {
    if (p.machineId() == null) {
      throw ValidationException.required("machineId");
    }
    if (p.machineId().signum() <= 0 || p.machineId().compareTo(UINT256_MAX) > 0) {
      throw new ValidationException("machineId", "machineId must be a positive integer");
    }
    if (p.eventType() != EventParams.EVENT_TYPE_REVENUE
        && p.eventType() != EventParams.EVENT_TYPE_ACTIVITY) {
      throw new ValidationException(
          "eventType", "eventType must be 0 (revenue) or 1 (activity); got " + p.eventType());
    }
    if (p.value() == null) {
      throw ValidationException.required("value");
    }
    if (p.value().signum() < 0 || p.value().compareTo(UINT256_MAX) > 0) {
      throw new ValidationException(
          "value", "value must be a non-negative integer in minor units (e.g. USD cents)");
    }
    if (p.trustLevel() < 0 || p.trustLevel() > 2) {
      throw new ValidationException(
          "trustLevel", "trustLevel must be 0, 1 or 2; got " + p.trustLevel());
    }
    if (!SUPPORTED_SOURCE_CHAINS.contains(p.sourceChainId())) {
      throw new ValidationException(
          "sourceChainId",
          "sourceChainId must be one of 0, 3338, 8453, 1, 137, 42161, 10; got "
              + p.sourceChainId());
    }
    byte[] raw = p.rawData();
    if (raw != null && raw.length == 0) {
      throw new ValidationException(
          "rawData", "rawData must not be empty when given; leave it out for a zero dataHash");
    }
    if (p.sourceTxHash() != null && !Hex.isHexOfLength(p.sourceTxHash(), 32)) {
      throw new ValidationException(
          "sourceTxHash", "sourceTxHash must be 0x followed by 64 hex characters");
    }
    if (p.trustLevel() == EventParams.TRUST_ON_CHAIN_VERIFIABLE && p.sourceTxHash() == null) {
      throw new ValidationException(
          "sourceTxHash", "sourceTxHash is required when trustLevel is 1 (on-chain verifiable)");
    }
    if (p.timestamp() <= 0) {
      throw new ValidationException(
          "timestamp", "timestamp must be a positive unix time in seconds");
    }
    if (p.timestamp() > now.getEpochSecond()) {
      throw new ValidationException(
          "timestamp",
          "timestamp "
              + p.timestamp()
              + " is in the future (now "
              + now.getEpochSecond()
              + "); the EventRegistry would revert FutureTimestamp");
    }
    if (p.metadata().length > MAX_METADATA_BYTES) {
      throw new ValidationException(
          "metadata",
          "metadata must be at most " + MAX_METADATA_BYTES + " bytes; got " + p.metadata().length);
    }
    String currency = p.currency();
    if (currency == null) {
      currency = p.eventType() == EventParams.EVENT_TYPE_REVENUE ? "USD" : "";
    }
    if (p.eventType() == EventParams.EVENT_TYPE_REVENUE
        && !REVENUE_CURRENCY.matcher(currency).matches()) {
      throw new ValidationException(
          "currency",
          "revenue events need a currency of 3 to 10 uppercase letters or digits (ISO 4217, e.g. USD); got \""
              + currency
              + "\"");
    }
    if (p.eventType() == EventParams.EVENT_TYPE_ACTIVITY && !currency.isEmpty()) {
      throw new ValidationException(
          "currency", "activity events take an empty currency; got \"" + currency + "\"");
    }
    return new EventParams(
        p.machineId(),
        p.eventType(),
        p.value(),
        currency,
        p.timestamp(),
        raw,
        p.trustLevel(),
        p.sourceChainId(),
        p.sourceTxHash(),
        p.metadata());
  }

  /** {@code keccak256(rawData)}, or 32 zero bytes when there is none. */
  public static String dataHash(byte[] rawData) {
    return rawData == null ? Hex.zeroHash() : Hex.encode(Hash.sha3(rawData));
  }
}
