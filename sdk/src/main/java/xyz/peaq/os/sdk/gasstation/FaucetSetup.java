package xyz.peaq.os.sdk.gasstation;

import java.util.Objects;

/**
 * The answer of {@code POST /2fa/setup}: the {@code otpauth://} URI to enrol in an authenticator
 * app, and a short-lived URL of the same URI as a QR image (it expires after about two minutes).
 *
 * <p>The URI carries the TOTP secret, so {@link #toString()} leaves it out.
 */
public record FaucetSetup(String ownerAddress, String otpauthUri, String qrImageUrl) {
  public FaucetSetup {
    Objects.requireNonNull(ownerAddress, "ownerAddress");
    Objects.requireNonNull(otpauthUri, "otpauthUri");
    Objects.requireNonNull(qrImageUrl, "qrImageUrl");
  }

  @Override
  public String toString() {
    return "FaucetSetup[ownerAddress="
        + ownerAddress
        + ", otpauthUri=<redacted>, qrImageUrl="
        + qrImageUrl
        + "]";
  }
}
