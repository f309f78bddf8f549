package xyz.peaq.os.sdk.mcr;

import java.util.List;
import xyz.peaq.os.sdk.internal.Immutables;

/** {@code GET /operator/{did}/machines}: one page of an operator's fleet. */
public record OperatorMachines(
    String operatorDid, List<OperatorMachine> machines, Pagination pagination) {
  public OperatorMachines {
    machines = Immutables.copyOf(machines);
  }

  /** True when machines follow this page. */
  public boolean hasMore() {
    return (long) pagination.offset() + machines.size() < pagination.total()
        && (long) pagination.offset() + pagination.limit() < pagination.total();
  }
}
