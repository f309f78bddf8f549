package xyz.peaq.os.mcr;

import java.util.List;

/** Placeholder until the SDK chain layer lands on main; replaced by the ChainClient adapter. */
final class SdkChainPort implements ChainPort {
  static ChainPort connect(McrApiConfig cfg) {
    throw new UnsupportedOperationException("SDK chain layer not merged yet");
  }

  public long chainId() { throw new UnsupportedOperationException(); }
  public long blockNumber() { throw new UnsupportedOperationException(); }
  public long blockTimestamp(long n) { throw new UnsupportedOperationException(); }
  public List<ChainLog> logs(List<String> a, long f, long t) { throw new UnsupportedOperationException(); }
  public String call(String to, String data) { throw new UnsupportedOperationException(); }
  public boolean hasCode(String a) { throw new UnsupportedOperationException(); }
}
