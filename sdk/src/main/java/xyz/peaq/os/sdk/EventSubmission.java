package xyz.peaq.os.sdk;

/**
 * A submitted event: its transaction and the {@code dataHash} sent (keccak256 of the raw data, or
 * 32 zero bytes).
 */
public record EventSubmission(String txHash, String dataHash) {}
