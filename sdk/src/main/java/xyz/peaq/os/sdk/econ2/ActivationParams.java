package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * What {@code activateMachine} needs: the DID document (controller, verification methods,
 * authentication indices, service endpoints), the identity ({@code machineType} and {@code
 * credentialSubject} fix the machine id), the manufacturer and the tier. {@code expectedMachineId}
 * and {@code maxNetPeaqAmount} bind a submission to what a preview showed (null = unbound).
 */
public record ActivationParams(
    String controller,
    List<VerificationMethod> verificationMethods,
    List<BigInteger> authentication,
    List<ServiceEndpoint> serviceEndpoints,
    String machineType,
    byte[] credentialSubject,
    String manufacturer,
    Tier tier,
    BigInteger expectedMachineId,
    BigInteger maxNetPeaqAmount) {

  public ActivationParams {
    Objects.requireNonNull(controller, "controller");
    verificationMethods = List.copyOf(verificationMethods);
    authentication = List.copyOf(authentication);
    serviceEndpoints = List.copyOf(serviceEndpoints);
    Objects.requireNonNull(machineType, "machineType");
    credentialSubject = credentialSubject.clone();
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(tier, "tier");
  }

  /** The same request bound to a preview's machine id and net amount. */
  public ActivationParams boundTo(ActivationPreview preview) {
    return new ActivationParams(
        controller,
        verificationMethods,
        authentication,
        serviceEndpoints,
        machineType,
        credentialSubject,
        manufacturer,
        tier,
        preview.machineId(),
        preview.netPeaqAmount());
  }

  @Override
  public byte[] credentialSubject() {
    return credentialSubject.clone();
  }

  /**
   * The local checks before any RPC: a non-blank machine type, and authentication indices below the
   * number of verification methods (the registry stores them unchecked at mint).
   */
  void validate() {
    if (machineType.isBlank()) {
      throw new ValidationException("machineType", "machineType must not be empty");
    }
    for (BigInteger i : authentication) {
      if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(verificationMethods.size())) >= 0) {
        throw new ValidationException(
            "authentication",
            "authentication index "
                + i
                + " has no verification method (there are "
                + verificationMethods.size()
                + "); use indices 0.."
                + (verificationMethods.size() - 1));
      }
    }
  }
}
