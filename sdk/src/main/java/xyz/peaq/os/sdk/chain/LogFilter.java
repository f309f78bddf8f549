package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * An {@code eth_getLogs} filter: emitter addresses (empty = any), topics by position (each position
 * a list of alternatives, an empty list = any), and a block range.
 *
 * <pre>{@code
 * LogFilter f = LogFilter.builder().address(registry).topic0(Events.REGISTERED).fromBlock(100).toBlock(200).build();
 * }</pre>
 */
public record LogFilter(
    List<String> addresses, List<List<String>> topics, BlockRef fromBlock, BlockRef toBlock) {
  public LogFilter {
    addresses = Immutables.copyOf(addresses);
    topics =
        topics.stream()
            .map(Immutables::copyOf)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; the range defaults to {@code latest..latest}. */
  public static final class Builder {
    private final List<String> addresses = new ArrayList<>();
    private final List<List<String>> topics = new ArrayList<>();
    private BlockRef from = BlockRef.latest();
    private BlockRef to = BlockRef.latest();

    public Builder address(String... addresses) {
      for (String a : addresses) {
        this.addresses.add(Addresses.require("address", a));
      }
      return this;
    }

    public Builder addresses(List<String> addresses) {
      return address(addresses.toArray(new String[0]));
    }

    /** Alternatives for topic {@code position}; none given = wildcard. */
    public Builder topic(int position, String... alternatives) {
      while (topics.size() <= position) {
        topics.add(Collections.emptyList());
      }
      topics.set(
          position,
          Arrays.stream(alternatives)
              .map(String::toLowerCase)
              .collect(
                  Collectors.collectingAndThen(
                      Collectors.toList(), Collections::unmodifiableList)));
      return this;
    }

    public Builder topic0(String... eventSignatureHashes) {
      return topic(0, eventSignatureHashes);
    }

    public Builder fromBlock(long number) {
      this.from = BlockRef.number(number);
      return this;
    }

    public Builder fromBlock(BigInteger number) {
      this.from = BlockRef.number(number);
      return this;
    }

    public Builder fromBlock(BlockRef ref) {
      this.from = ref;
      return this;
    }

    public Builder toBlock(long number) {
      this.to = BlockRef.number(number);
      return this;
    }

    public Builder toBlock(BigInteger number) {
      this.to = BlockRef.number(number);
      return this;
    }

    public Builder toBlock(BlockRef ref) {
      this.to = ref;
      return this;
    }

    public LogFilter build() {
      return new LogFilter(addresses, topics, from, to);
    }
  }
}
