package xyz.peaq.os.cli.activate;

import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * What {@code activate} was asked to do, validated before any I/O. {@code payerKeyStored} returns
 * once the payer's key is in its file (a key this run generated is written beside the first steps)
 * or throws the write's error: the run calls it before anything can send value to the payer.
 */
public record ActivationRequest(
    Credentials payer,
    String payerSource,
    Runnable payerKeyStored,
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
