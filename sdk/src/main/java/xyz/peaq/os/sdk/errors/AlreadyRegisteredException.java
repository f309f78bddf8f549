package xyz.peaq.os.sdk.errors;

import java.math.BigInteger;
import java.util.Collections;

/** The wallet already has a machine on the IdentityRegistry ({@code AlreadyRegistered}). */
public final class AlreadyRegisteredException extends ContractRevertException {
  private final String wallet;
  private final BigInteger existingMachineId;

  public AlreadyRegisteredException(
      String wallet, BigInteger existingMachineId, String revertData, String txHash) {
    super(
        "AlreadyRegistered: "
            + wallet
            + " is already registered as machine "
            + existingMachineId
            + "; query the MCR API with did:peaq:"
            + wallet
            + " to see it",
        "AlreadyRegistered",
        Collections.emptyList(),
        revertData,
        txHash);
    this.wallet = wallet;
    this.existingMachineId = existingMachineId;
  }

  public String wallet() {
    return wallet;
  }

  public BigInteger existingMachineId() {
    return existingMachineId;
  }
}
