package xyz.peaq.os.sdk;

import java.util.List;
import xyz.peaq.os.sdk.internal.Immutables;

/** What {@link PeaqosClient#verify()} checked, one line per check, all passed. */
public record VerificationReport(long chainId, List<String> checks) {
  public VerificationReport {
    checks = Immutables.copyOf(checks);
  }
}
