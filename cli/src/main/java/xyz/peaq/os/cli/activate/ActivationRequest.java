package xyz.peaq.os.cli.activate;

import java.util.Optional;
import org.web3j.crypto.Credentials;

/** What {@code activate} was asked to do, validated before any I/O. */
public record ActivationRequest(
    Credentials payer,
    String payerSource,
    Optional<Credentials> machineKey,
    Optional<String> documentationUrl,
    Optional<String> dataApi,
    String visibility,
    boolean skipFunding,
    Optional<String> totpCode,
    boolean json) {

  public boolean proxy() {
    return machineKey.isPresent();
  }

  @Override
  public String toString() {
    return "ActivationRequest[proxy="
        + proxy()
        + ", visibility="
        + visibility
        + ", skipFunding="
        + skipFunding
        + "]";
  }
}
