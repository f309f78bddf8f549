package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.util.List;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * One log of {@code eth_getLogs} or a receipt. {@code address} is checksummed; {@code topics} and
 * {@code data} are lowercase 0x-hex as the node sent them.
 */
public record LogEntry(
    String address,
    List<String> topics,
    String data,
    BigInteger blockNumber,
    String blockHash,
    String transactionHash,
    int transactionIndex,
    int logIndex,
    boolean removed) {
  public LogEntry {
    topics = Immutables.copyOf(topics);
  }

  /** Topic 0 (the event signature hash) or null for an anonymous log. */
  public String topic0() {
    return topics.isEmpty() ? null : topics.get(0);
  }

  /** Topic {@code i} as an unsigned integer. */
  public BigInteger topicAsUint(int i) {
    return Hex.toBigInteger(topics.get(i));
  }

  /** Topic {@code i} as a checksummed address. */
  public String topicAsAddress(int i) {
    return Addresses.fromWord(topics.get(i));
  }
}
