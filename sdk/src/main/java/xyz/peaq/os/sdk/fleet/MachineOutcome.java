package xyz.peaq.os.sdk.fleet;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fleet run did for one machine.
 *
 * @param address the machine wallet
 * @param status {@code done}, {@code failed} or {@code pending} (not finished; a re-run resumes it)
 * @param machineId the machine id (1.0 registry id, or the 2.0 id), null when none yet
 * @param tokenId the Machine NFT token id (1.0), null when none yet or in 2.0
 * @param did the machine's DID ({@code did:peaq:0x…} in 1.0, {@code did:peaq:<id>} in 2.0)
 * @param transactions the hash of each step's transaction by step name
 * @param reason why the machine failed or is pending; null when done
 */
public record MachineOutcome(
    String address,
    String status,
    BigInteger machineId,
    BigInteger tokenId,
    String did,
    Map<String, String> transactions,
    String reason) {
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String PENDING = "pending";

  public MachineOutcome {
    transactions = Collections.unmodifiableMap(new LinkedHashMap<>(transactions));
  }
}
