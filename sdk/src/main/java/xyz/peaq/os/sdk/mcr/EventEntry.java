package xyz.peaq.os.sdk.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/**
 * One event of {@link PeaqosData#eventData()}. The revenue-only fields ({@code originCurrency},
 * {@code usdValue}, {@code originSubunit}, {@code usdSubunit}, {@code amountStatus}) are null for
 * activity events. Branch on {@code amountStatus} ({@code ok}, {@code unsupported_currency}, {@code
 * fx_unavailable}) before showing {@code usdValue} (USD cents).
 */
public record EventEntry(
    int eventType,
    BigInteger originValue,
    long timestamp,
    int trustLevel,
    JsonNode metadata,
    String originCurrency,
    BigInteger usdValue,
    Integer originSubunit,
    Integer usdSubunit,
    String amountStatus) {}
