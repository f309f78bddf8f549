package xyz.peaq.os.mcr;

import java.util.List;

/**
 * What the indexer and the readiness probe need from the chain. The production implementation
 * ({@link SdkChainPort}) delegates to the SDK chain layer; keeping this seam small lets tests wrap
 * the real one to inject faults the chain cannot produce on demand.
 */
interface ChainPort extends AutoCloseable {
  long chainId();

  long blockNumber();

  /** Unix seconds of block {@code number}. */
  long blockTimestamp(long number);

  /** Logs of {@code addresses} in {@code [from, to]}, in chain order. */
  List<ChainLog> logs(List<String> addresses, long from, long to);

  /** {@code eth_call} at the latest block; returns the 0x-hex result. */
  String call(String to, String data);

  /** True when the address holds code (a deployed contract or an installed emulation). */
  boolean hasCode(String address);

  /** The hash of block {@code number}, or empty when the chain has no such block (yet). */
  java.util.Optional<String> blockHash(long number);

  @Override
  default void close() {}
}
