package xyz.peaq.os.sdk.errors;

import java.util.List;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * A call or transaction reverted. {@link #revertName()} is the decoded custom error name ({@code
 * MachineNotBonded}), {@code Error} for {@code Error(string)}, {@code Panic} for {@code
 * Panic(uint256)}, or {@code unknown}; {@link #arguments()} the decoded arguments.
 */
public class ContractRevertException extends PeaqosException {
  private final String revertName;
  private final List<Object> arguments;
  private final String revertData;
  private final String txHash;

  public ContractRevertException(
      String message, String revertName, List<Object> arguments, String revertData, String txHash) {
    super(message);
    this.revertName = revertName;
    this.arguments = Immutables.copyOf(arguments);
    this.revertData = revertData;
    this.txHash = txHash;
  }

  public String revertName() {
    return revertName;
  }

  public List<Object> arguments() {
    return arguments;
  }

  /** Raw revert data, 0x-prefixed hex, or null when the node gave none. */
  public String revertData() {
    return revertData;
  }

  /** Hash of the mined transaction that reverted, or null for a reverted call or estimate. */
  public String txHash() {
    return txHash;
  }
}
