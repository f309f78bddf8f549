package xyz.peaq.os.sdk.econ2;

import java.util.Objects;

/** One service endpoint of a machine's on-chain DID document. */
public record ServiceEndpoint(String id, String serviceType, String serviceEndpoint) {
  public ServiceEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(serviceType, "serviceType");
    Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
  }
}
