package xyz.peaq.os.sdk;

import java.util.List;

/** What {@link PeaqosClient#verify()} checked, one line per check, all passed. */
public record VerificationReport(long chainId, List<String> checks) {
  public VerificationReport {
    checks = List.copyOf(checks);
  }
}
