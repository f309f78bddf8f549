package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/** A mined transaction's receipt. {@code success} is {@code status == 1}. */
public record TxReceipt(
    String transactionHash,
    BigInteger blockNumber,
    String blockHash,
    boolean success,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice,
    String from,
    String to,
    String contractAddress,
    List<LogEntry> logs) {
  public TxReceipt {
    logs = Immutables.copyOf(logs);
  }

  /** {@code gasUsed × effectiveGasPrice}: what the sender paid in fees, in wei. */
  public BigInteger feePaid() {
    return effectiveGasPrice == null ? BigInteger.ZERO : gasUsed.multiply(effectiveGasPrice);
  }

  /** Logs emitted by {@code address} with topic 0 equal to {@code topic0}. */
  public List<LogEntry> logs(String address, String topic0) {
    return logs.stream()
        .filter(l -> Addresses.same(l.address(), address) && topic0.equalsIgnoreCase(l.topic0()))
        .collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }
}
