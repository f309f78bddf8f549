package xyz.peaq.os.sdk.econ2;

import java.util.Objects;

/** One verification method of a machine's on-chain DID document. */
public record VerificationMethod(
    String id, String methodType, String controller, String publicKeyMultibase) {
  public VerificationMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(methodType, "methodType");
    Objects.requireNonNull(controller, "controller");
    Objects.requireNonNull(publicKeyMultibase, "publicKeyMultibase");
  }
}
