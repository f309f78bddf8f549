package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.LogFilter;
import xyz.peaq.os.sdk.chain.RetryPolicy;

/**
 * {@link ChainPort} over the SDK's public {@link ChainReads}. Calls do not retry here: a failed
 * poll is simply repeated by the indexer's next tick, and a readiness probe must answer quickly.
 */
final class SdkChainPort implements ChainPort {
  private final ChainReads client;

  private SdkChainPort(ChainReads client) {
    this.client = client;
  }

  static ChainPort connect(McrApiConfig cfg) {
    return new SdkChainPort(
        ChainReads.connect(
            cfg.rpcUrl(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(15),
            RetryPolicy.none(),
            Duration.ofSeconds(120)));
  }

  @Override
  public long chainId() {
    return client.chainId();
  }

  @Override
  public long blockNumber() {
    return client.blockNumber().longValueExact();
  }

  @Override
  public java.util.Optional<String> blockHash(long number) {
    return client.block(BigInteger.valueOf(number)).map(b -> b.hash());
  }

  @Override
  public long blockTimestamp(long number) {
    return client.blockTimestamp(BigInteger.valueOf(number)).getEpochSecond();
  }

  @Override
  public List<ChainLog> logs(List<String> addresses, long from, long to) {
    List<LogEntry> logs =
        client.logs(LogFilter.builder().addresses(addresses).fromBlock(from).toBlock(to).build());
    List<ChainLog> out = new ArrayList<>(logs.size());
    for (LogEntry l : logs) {
      if (l.removed()) {
        continue;
      }
      out.add(
          new ChainLog(
              l.address(),
              l.topics(),
              l.data(),
              l.blockNumber().longValueExact(),
              l.logIndex(),
              l.transactionHash()));
    }
    // Nodes answer in chain order; sorting makes that a guarantee the decoder can rely on.
    out.sort(
        (a, b) ->
            a.blockNumber() != b.blockNumber()
                ? Long.compare(a.blockNumber(), b.blockNumber())
                : Integer.compare(a.logIndex(), b.logIndex()));
    return out;
  }

  @Override
  public String call(String to, String data) {
    return client.call(to, data);
  }

  @Override
  public boolean hasCode(String address) {
    return client.hasCode(address);
  }

  @Override
  public void close() {
    client.close();
  }
}
