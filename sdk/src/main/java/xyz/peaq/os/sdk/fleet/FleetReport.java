package xyz.peaq.os.sdk.fleet;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a fleet run: every machine, in input order, and the run's wall time.
 *
 * @param tokenomics {@code 1.0} or {@code 2.0}
 * @param machines one outcome per machine
 * @param elapsed how long this run (not earlier, killed ones) took
 */
public record FleetReport(String tokenomics, List<MachineOutcome> machines, Duration elapsed) {
  public FleetReport {
    machines = Collections.unmodifiableList(machines);
  }

  public long count(String status) {
    return machines.stream().filter(m -> m.status().equals(status)).count();
  }

  public long done() {
    return count(MachineOutcome.DONE);
  }

  public long failed() {
    return count(MachineOutcome.FAILED);
  }

  public long pending() {
    return count(MachineOutcome.PENDING);
  }
}
