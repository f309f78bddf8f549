package xyz.peaq.os.sdk;

import java.util.List;
import java.util.Optional;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * What an idempotent DID write did: attributes added (absent before), updated (different value) and
 * left alone (equal). {@code txHash} is empty when nothing needed writing and no transaction was
 * sent.
 */
public record DidWriteResult(
    Optional<String> txHash, List<String> added, List<String> updated, List<String> unchanged) {
  public DidWriteResult {
    added = Immutables.copyOf(added);
    updated = Immutables.copyOf(updated);
    unchanged = Immutables.copyOf(unchanged);
  }

  /** Number of attributes written in the transaction. */
  public int written() {
    return added.size() + updated.size();
  }
}
