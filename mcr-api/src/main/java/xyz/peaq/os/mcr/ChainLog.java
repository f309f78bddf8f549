package xyz.peaq.os.mcr;

import java.util.List;

/** One contract log as the indexer sees it: topics and data lowercase 0x-hex. */
record ChainLog(
    String address,
    List<String> topics,
    String data,
    long blockNumber,
    int logIndex,
    String transactionHash) {
  ChainLog {
    topics = List.copyOf(topics);
  }

  String topic0() {
    return topics.isEmpty() ? null : topics.get(0);
  }
}
